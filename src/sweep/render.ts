import type { RunReport } from '../run-report.js';
import { formatMs } from '../units.js';
import type { SweepLevel, SweepReport } from './types.js';

const rate = (r: number | null | undefined) => (r === null || r === undefined ? '-' : `${+r.toFixed(2)}/s`);
const int = (n: number) => n.toLocaleString('en-US');

/** A level whose requests went out late this often measured the load generator as much as the target. */
const LATE_SHARE = 0.1;

/** What a level's result cell says; a level where the generator fell behind says that too. */
export function levelResult(level: SweepLevel): string {
  // `late` counts the whole level, its warm-up included.
  const sent = level.totals.requests + (level.warmup?.requests ?? 0) + level.totals.dropped;
  const late = sent > 0 && level.totals.late / sent > LATE_SHARE ? ` (${Math.round((level.totals.late / sent) * 100)} % sent late: the generator fell behind)` : '';
  if (!level.complete) return 'cut short';
  if (level.pass) return `pass${late}`;
  const failed = level.slos.filter((s) => !s.ok).map((s) => s.expression);
  return `FAIL ${[...failed, ...(level.saturated ? ['saturated'] : [])].join(', ')}${late}`;
}

/** One line per level as it ends (stderr), e.g. "level 3  step  offered 46.4/s  achieved 46.2/s  p99 51.2ms  pass". */
export function levelLine(level: SweepLevel): string {
  return `chatload: level ${level.index + 1}  ${level.phase.padEnd(6)}  offered ${rate(level.offered)}  achieved ${rate(level.achieved)}  p99 ${formatMs(level.latency.p99)}  ${levelResult(level)}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => `  ${r.map((cell, col) => (col === 0 || col === 1 || col === r.length - 1 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}`.trimEnd());
}

/** The levels as a table, by offered rate. */
export function levelsTable(sweep: SweepReport): string[] {
  const rows = [['level', 'phase', 'offered', 'achieved', 'p50', 'p90', 'p99', 'errors', 'late', 'result']];
  for (const l of [...sweep.levels].sort((a, b) => a.offered - b.offered || a.index - b.index)) {
    rows.push([String(l.index + 1), l.phase, rate(l.offered), rate(l.achieved), formatMs(l.latency.p50), formatMs(l.latency.p90), formatMs(l.latency.p99), int(l.totals.errors), int(l.totals.late), levelResult(l)]);
  }
  return table(rows);
}

/** The capacity as one phrase: "158/s (between 158/s and 166/s)". */
export function capacityPhrase(sweep: SweepReport): string {
  const { capacity, bracket } = sweep;
  if (capacity === null) return `none: no level met every SLO${bracket.high !== null ? ` (${rate(bracket.high)} did not)` : ''}`;
  return bracket.high === null ? `at least ${rate(capacity)} (every level up to it met the SLOs)` : `${rate(capacity)} (between ${rate(bracket.low)} and ${rate(bracket.high)})`;
}

/** The terminal summary of a sweep. Pure. */
export function renderSweepSummary(report: RunReport & { sweep: SweepReport }, color = false): string {
  const { sweep } = report;
  const target = report.target.kind === 'mock' ? 'embedded mock' : report.target.url;
  const ceiling = sweep.ceiling.source === 'given' ? `${rate(sweep.ceiling.rate)} (given)` : `${rate(sweep.ceiling.rate)} (measured: closed model, ${sweep.ceiling.run?.concurrency ?? '?'} virtual users, p99 ${formatMs(sweep.ceiling.run?.p99)})`;
  const verdict = report.verdict === 'pass' ? 'PASS' : `FAIL: ${report.verdictReasons.join('; ')}`;
  const painted = color ? `\x1b[${report.verdict === 'pass' ? '32' : '31'}m${verdict}\x1b[0m` : verdict;
  const lines = [
    `chatload sweep · ${report.scenario.name} · ${target}${report.partial ? ' · PARTIAL' : ''}`,
    `  SLOs       ${sweep.slos.join(', ')}`,
    `  ceiling    ${ceiling}`,
    '',
    ...levelsTable(sweep),
    '',
    `  capacity   ${capacityPhrase(sweep)}`,
    `  knee       ${sweep.knee ? `${rate(sweep.knee.offered)} (p99 ${formatMs(sweep.knee.p99)}, then it climbs faster than the rate)` : 'none: p99 never climbed faster than the rate'}`,
    `  found      ${sweep.conclusion}`,
    `  requests   ${int(report.totals.requests + (report.warmup?.totals.requests ?? 0))} in ${sweep.levels.length} level${sweep.levels.length === 1 ? '' : 's'}${sweep.ceiling.run ? ' and the ceiling run' : ''} (${int(report.warmup?.totals.requests ?? 0)} in warm-ups), ${int(report.conformance.violating + (report.warmup?.conformance.violating ?? 0))} broke the contract`,
    ...report.thresholds.map((t) => `  threshold  ${t.expression}: ${t.ok ? 'ok' : 'FAILED'} (${t.message ?? t.actual})`),
    `  verdict    ${painted}`,
  ];
  return `${lines.join('\n')}\n`;
}
