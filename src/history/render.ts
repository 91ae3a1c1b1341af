import type { RunReport } from '../run-report.js';
import { formatDuration, formatMs } from '../units.js';
import type { HistoryRun } from './record.js';

const percent = (ratio: number) => `${+(ratio * 100).toFixed(3)}%`;
const shortDate = (iso: string) => iso.slice(0, 19).replace('T', ' ');

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => `  ${r.map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd()}`);
}

/** `chatload history list`: one line per run, oldest first. Pure. */
export function renderRunList(runs: readonly HistoryRun[], file: string): string {
  if (runs.length === 0) return `${file}: no runs recorded\n`;
  const rows = [
    ['run', 'started (UTC)', 'scenario', 'target', 'command', 'verdict', 'requests', 'p50', 'p99', 'errors', 'req/s', 'commit', 'branch', 'tags'],
    ...runs.map((r) => [
      String(r.id),
      shortDate(r.startedAt),
      r.scenario,
      r.target,
      r.shard ? `${r.command} ${r.shard}` : r.command,
      `${r.verdict.toUpperCase()}${r.partial ? '*' : ''}`,
      r.requests.toLocaleString('en-US'),
      formatMs(r.latency.p50),
      formatMs(r.latency.p99),
      percent(r.errorRate),
      r.rps.toFixed(1),
      r.commit?.slice(0, 10) ?? '-',
      r.branch ?? '-',
      Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(' ') || '-',
    ]),
  ];
  const partial = runs.some((r) => r.partial) ? ['  * partial: the run was interrupted or stopped early'] : [];
  return `${[...table(rows, new Set([0, 6, 7, 8, 9, 10])), ...partial].join('\n')}\n`;
}

/** `chatload history show RUN`: one run's summary, from its stored report. Pure. */
export function renderRunDetails(run: HistoryRun, report: RunReport): string {
  const l = run.latency;
  const lines = [
    `run ${run.id} · ${run.scenario} · ${run.verdict.toUpperCase()}${run.partial ? ' (partial)' : ''}`,
    `  scenario   ${run.scenario} (${run.scenarioFile})`,
    `  target     ${run.target}${run.shard ? ` · shard ${run.shard}` : ''} · ${run.kind} · profile ${run.profile}`,
    `  started    ${run.startedAt} · ${formatDuration(run.durationMs)} · by chatload ${run.command}`,
    `  git        ${run.commit ?? '-'}${run.branch ? ` (${run.branch})` : ''}`,
    `  tags       ${Object.entries(run.tags).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`,
    `  requests   ${run.requests.toLocaleString('en-US')} · ${run.responses.toLocaleString('en-US')} answered · ${run.errors.toLocaleString('en-US')} errors (${percent(run.errorRate)}) · ${run.rps.toFixed(1)} req/s`,
    `  latency    p50 ${formatMs(l.p50)} · p90 ${formatMs(l.p90)} · p95 ${formatMs(l.p95)} · p99 ${formatMs(l.p99)} · p999 ${formatMs(l.p999)} · max ${formatMs(l.max)}`,
    `  statuses   ${Object.entries(run.statuses).map(([s, n]) => `${s}×${n}`).join(' ') || '-'}`,
    `  contract   ${run.checked.toLocaleString('en-US')} checked · ${run.violating.toLocaleString('en-US')} violating${Object.keys(run.rules).length ? ` · ${Object.entries(run.rules).map(([rule, n]) => `${rule} ${n}`).join(', ')}` : ''}`,
    ...(run.capacity !== null ? [`  capacity   ${run.capacity}/s`] : []),
    `  verdict    ${run.verdict.toUpperCase()}${report.verdictReasons.length ? `: ${report.verdictReasons.join('; ')}` : ''}`,
    `  report     ${run.reportDir ?? '-'}`,
  ];
  return `${lines.join('\n')}\n`;
}
