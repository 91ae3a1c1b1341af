import { formatDuration, formatMs } from '../units.js';
import { unboundedErrorsWarning } from '../verdict/outcome.js';
import { renderBaselineLines } from './baseline-summary.js';
import type { ForcedCheck, LatencyReport, RunReport } from './types.js';

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => r.map((cell, col) => (align[col] === 'l' ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd());
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(2)}%` : '-');

function latencyRow(label: string, l: LatencyReport): string[] {
  return [label, int(l.count), formatMs(l.min), formatMs(l.p50), formatMs(l.p90), formatMs(l.p95), formatMs(l.p99), formatMs(l.p999), formatMs(l.max)];
}

export function describeLoad(load: RunReport['load']): string {
  const shape = load.model === 'open' ? `open ${load.rate}/s` : load.model === 'closed' ? `closed ${load.concurrency} VUs` : `max ${load.connections ?? load.concurrency} connections`;
  const stop = [load.durationMs !== undefined ? formatDuration(load.durationMs) : '', load.requests !== undefined ? `${int(load.requests)} requests` : ''].filter(Boolean).join(' or ');
  return `${shape}, ${stop}`;
}

/** What `--force` let through, one line each: never silent. Pure. */
export function renderForcedLines(forced: readonly ForcedCheck[] = []): string[] {
  if (!forced.length) return [];
  const commands = [...new Set(forced.map((f) => f.command))].join(', ');
  return [`  FORCED     ${commands} --force overrode ${forced.length} check${forced.length === 1 ? '' : 's'} on the reports read:`, ...forced.map((f) => `    ${f.file}: ${f.field ? `${f.field}: ` : ''}${f.message}`)];
}

/** The terminal summary table. Pure. */
export function renderSummary(report: RunReport, files: string[] = []): string {
  const t = report.totals;
  const lines: string[] = [];
  lines.push(`chatload ${report.tool.version} · ${report.scenario.name} → ${report.target.kind === 'mock' ? 'embedded mock' : report.target.url} · ${describeLoad(report.load)} · ran ${formatDuration(report.durationMs)}${report.partial ? ' (PARTIAL)' : ''}`);
  lines.push('');
  lines.push(
    ...table(
      [
        ['requests', 'responses', 'rps', 'errors', 'transport', 'timeouts', 'dropped', 'late'],
        [int(t.requests), int(t.responses), t.rps.toFixed(1), `${int(t.errors)} (${pct(t.errors, t.requests - (t.generatorErrors ?? 0))})`, int(t.transportErrors), int(t.timeouts), int(t.dropped), int(t.late)],
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ).map((l) => `  ${l}`),
  );
  if (t.conversationsAborted !== undefined) lines.push(`  conversations of ${report.load.turns} turns: ${int(t.conversationsAborted)} ended early by a failed turn${t.conversationsCut !== undefined ? `, ${int(t.conversationsCut)} cut short by the end of the run` : ''}`);
  lines.push('');
  const latencyRows: string[][] = [['latency', 'count', 'min', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'], latencyRow('all', report.latency)];
  if (report.load.model === 'open') latencyRows.push(latencyRow('service time', report.serviceTime));
  for (const [cls, l] of Object.entries(report.latencyByStatusClass).sort()) latencyRows.push(latencyRow(cls, l));
  lines.push(...table(latencyRows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']).map((l) => `  ${l}`));
  lines.push('');
  const statuses = Object.entries(report.status).map(([code, n]) => `${code} ${int(n)} (${pct(n, t.requests)})`);
  const transport = Object.entries(report.transportErrors).map(([kind, n]) => `${kind} ${int(n)}`);
  lines.push(`  status     ${[...statuses, ...transport].join('   ') || '-'}`);
  const c = report.conformance;
  lines.push(`  contract   ${c.profile} profile: ${int(c.checked)} checked, ${int(c.violating)} violating (${pct(c.violating, c.checked)})`);
  for (const [rule, n] of Object.entries(c.byRule)) {
    const example = c.samples.find((s) => s.rule === rule);
    lines.push(`    ${rule.padEnd(16)} ${int(n ?? 0).padStart(8)}   ${example ? example.message.slice(0, 110) : ''}`);
  }
  if (report.thresholds.length) {
    lines.push('  thresholds');
    for (const th of report.thresholds) lines.push(`    ${th.ok ? 'ok  ' : 'FAIL'} ${th.expression}${th.message ? `  (${th.message})` : th.actual === null ? '' : `  (actual ${th.actual})`}`);
  }
  if (report.baseline) lines.push('', ...renderBaselineLines(report.baseline));
  if (report.forced?.length) lines.push('', ...renderForcedLines(report.forced));
  lines.push('');
  const unbounded = unboundedErrorsWarning(report);
  if (unbounded) lines.push(`  ${unbounded}`);
  lines.push(`  verdict    ${report.verdict.toUpperCase()}${report.verdictReasons.length ? `: ${report.verdictReasons.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n${files.length ? renderReportLine(files) : ''}`;
}

/** The summary's last line: where the reports went. Printed on its own once they are written. Pure. */
export function renderReportLine(files: string[]): string {
  return `  report     ${files.join('  ')}\n`;
}
