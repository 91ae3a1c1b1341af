import { formatDuration, formatMs } from '../units.js';
import { unboundedErrorsWarning } from '../verdict/outcome.js';
import { ruleViolationsOf } from '../verdict/verdict.js';
import { renderBaselineLines } from './baseline-summary.js';
import { renderBreakdownLines } from './breakdown-summary.js';
import type { ForcedCheck, LatencyReport, RunReport } from '../run-report.js';

export interface SummaryOptions {
  /** Columns to fit (default 80): long lines wrap under their label, examples are cut. */
  width?: number;
  /** Colour the verdict (ANSI); see `useColor`. */
  color?: boolean;
}

/**
 * Whether to colour terminal output: FORCE_COLOR wins (0/false off, anything else on), then
 * NO_COLOR (any non-empty value: off, https://no-color.org), then TERM=dumb (off), then the TTY.
 */
export function useColor(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTty;
}

const paint = (text: string, code: string, on: boolean) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

function table(rows: string[][], align: ('l' | 'r')[], gap = 2): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => r.map((cell, col) => (align[col] === 'l' ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join(' '.repeat(gap)).trimEnd());
}

/** The narrowest of: two spaces between columns, one, then without the columns in `droppable` (in order). */
function fittedTable(rows: string[][], align: ('l' | 'r')[], width: number, droppable: number[] = []): string[] {
  let current = rows;
  let keep = align;
  const fits = (lines: string[]) => lines.every((l) => l.length <= width);
  for (const drop of [undefined, ...droppable]) {
    if (drop !== undefined) {
      const header = rows[0]!;
      const at = current[0]!.indexOf(header[drop]!);
      current = current.map((r) => r.filter((_, col) => col !== at));
      keep = keep.filter((_, col) => col !== at);
    }
    for (const gap of [2, 1]) {
      const lines = table(current, keep, gap).map((l) => `  ${l}`);
      if (fits(lines)) return lines;
    }
  }
  return table(current, keep, 1).map((l) => `  ${l}`);
}

/** A two-row table that does not fit is shown as two tables, one above the other. */
function stackedTable(rows: string[][], width: number): string[] {
  const align = rows[0]!.map((): 'r' => 'r');
  const whole = fittedTable(rows, align, width);
  if (whole.every((l) => l.length <= width)) return whole;
  const half = Math.ceil(rows[0]!.length / 2);
  return [...fittedTable(rows.map((r) => r.slice(0, half)), align.slice(0, half), width), ...fittedTable(rows.map((r) => r.slice(half)), align.slice(half), width)];
}

/** Breaks `text` at spaces so each line fits `width`; lines after the first start with `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const empty = line.trim() === '';
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > width && !empty) {
      lines.push(line.trimEnd());
      line = `${indent}${word}`;
    } else line = candidate;
  }
  lines.push(line.trimEnd());
  return lines;
}

const cut = (text: string, max: number) => (text.length <= max ? text : max <= 1 ? '' : `${text.slice(0, max - 1)}…`);

const int = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(2)}%` : '-');
const plural = (n: number, one: string, many = `${one}s`) => `${int(n)} ${n === 1 ? one : many}`;

function latencyRow(label: string, l: LatencyReport): string[] {
  return [label, int(l.count), formatMs(l.min), formatMs(l.p50), formatMs(l.p90), formatMs(l.p95), formatMs(l.p99), formatMs(l.p999), formatMs(l.max)];
}

function describeWarmup(warmup: NonNullable<RunReport['load']['warmup']>): string {
  return 'requests' in warmup ? `warm-up ${plural(warmup.requests, 'request')}` : `warm-up ${formatDuration(warmup.durationMs)}`;
}

export function describeLoad(load: RunReport['load']): string {
  const shape = load.model === 'open' ? `open ${load.rate}/s` : load.model === 'closed' ? `closed ${load.concurrency} VUs` : `max ${load.connections ?? load.concurrency} connections`;
  const stop = [load.durationMs !== undefined ? formatDuration(load.durationMs) : '', load.requests !== undefined ? `${int(load.requests)} requests` : ''].filter(Boolean).join(' or ');
  return `${shape}, ${stop}${load.warmup ? ` (${describeWarmup(load.warmup)})` : ''}`;
}

/** What `--force` let through, one line each: never silent. Pure. */
export function renderForcedLines(forced: readonly ForcedCheck[] = []): string[] {
  if (!forced.length) return [];
  const commands = [...new Set(forced.map((f) => f.command))].join(', ');
  return [`  FORCED     ${commands} --force overrode ${forced.length} check${forced.length === 1 ? '' : 's'} on the reports read:`, ...forced.map((f) => `    ${f.file}: ${f.field ? `${f.field}: ` : ''}${f.message}`)];
}

/** Requests with no latency: written by this version, derived for older reports. */
function untimedOf(report: Pick<RunReport, 'totals' | 'latency'>): number {
  return report.totals.untimed ?? Math.max(0, report.totals.requests - report.latency.count);
}

/** The line that makes the rows add up: timed (the `all` row) + not timed = requests. */
function countsLine(report: RunReport): string {
  const t = report.totals;
  const untimed = untimedOf(report);
  const kinds = Object.entries(report.transportErrors).filter(([kind]) => kind !== 'timeout').map(([kind, n]) => `${kind} ${int(n)}`);
  const notTimed = untimed ? ` + ${int(untimed)} not timed (${kinds.join(', ') || 'no answer'})` : '';
  return `${int(t.requests)} requests = ${int(report.latency.count)} timed (all)${notTimed}`;
}

function warmupLines(report: RunReport): string[] {
  const w = report.warmup;
  if (!w) return [];
  const hits = w.conformance.ruleViolations ?? ruleViolationsOf(w.conformance.byRule);
  return [
    `${plural(w.totals.requests, 'request')} in the first ${formatDuration(w.durationMs)}, kept out of the figures above`,
    ...(w.latency.count ? [`p50 ${formatMs(w.latency.p50)} · p99 ${formatMs(w.latency.p99)} · max ${formatMs(w.latency.max)} (${int(w.latency.count)} timed)`] : []),
    `${plural(w.totals.errors, 'error')} · ${plural(w.conformance.violating, 'violating exchange')} · ${plural(hits, 'rule violation')}`,
  ];
}

/** The terminal summary table, fitted to `width` columns. Pure. */
export function renderSummary(report: RunReport, files: string[] = [], options: SummaryOptions = {}): string {
  const width = options.width ?? 80;
  const t = report.totals;
  const lines: string[] = [];
  /** Labelled lines (label in a 9-wide column), each wrapped under its text. */
  const labelled = (label: string, ...texts: string[]) => texts.forEach((text, i) => lines.push(...wrap(`  ${(i ? '' : label).padEnd(9)}  ${text}`, width, ' '.repeat(13))));
  lines.push(...wrap(`chatload ${report.tool.version} · ${report.scenario.name} → ${report.target.kind === 'mock' ? 'embedded mock' : report.target.url} · ${describeLoad(report.load)} · ran ${formatDuration(report.durationMs)}${report.partial ? ' (PARTIAL)' : ''}`, width, '  '));
  lines.push('');
  lines.push(
    ...stackedTable(
      [
        ['requests', 'responses', 'rps', 'errors', 'transport', 'timeouts', 'dropped', 'late'],
        [int(t.requests), int(t.responses), t.rps.toFixed(1), `${int(t.errors)} (${pct(t.errors, t.requests - (t.generatorErrors ?? 0))})`, int(t.transportErrors), int(t.timeouts), int(t.dropped), int(t.late)],
      ],
      width,
    ),
  );
  if (t.conversationsAborted !== undefined) lines.push(...wrap(`  conversations (${report.load.turns} turns): ${int(t.conversationsAborted)} ended by a failed turn${t.conversationsCut !== undefined ? `, ${int(t.conversationsCut)} cut short by the end` : ''}`, width, '    '));
  lines.push('');
  const latencyRows: string[][] = [['latency', 'count', 'min', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'], latencyRow('all', report.latency)];
  if (report.load.model === 'open') latencyRows.push(latencyRow('service time', report.serviceTime));
  for (const [cls, l] of Object.entries(report.latencyByStatusClass).sort()) latencyRows.push(latencyRow(cls === 'transport' ? 'timeouts' : cls, l));
  // Too narrow for every column: p95 goes first, then p90.
  lines.push(...fittedTable(latencyRows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], width, [5, 4]));
  lines.push(...wrap(`  ${countsLine(report)}`, width, '    '));
  lines.push(...renderBreakdownLines(report, width));
  const warmup = warmupLines(report);
  if (warmup.length) {
    lines.push('');
    labelled('warm-up', ...warmup);
  }
  lines.push('');
  const statuses = Object.entries(report.status).map(([code, n]) => `${code} ${int(n)} (${pct(n, t.requests)})`);
  const transport = Object.entries(report.transportErrors).map(([kind, n]) => `${kind} ${int(n)}`);
  labelled('status', [...statuses, ...transport].join('   ') || '-');
  const c = report.conformance;
  const hits = c.ruleViolations ?? ruleViolationsOf(c.byRule);
  labelled('contract', `${c.profile} profile, ${plural(c.checked, 'exchange')} checked`, `${plural(c.violating, 'violating exchange')} (${pct(c.violating, c.checked)}) · ${plural(hits, 'rule violation')}`);
  const rules = Object.entries(c.byRule);
  if (rules.length) {
    lines.push(`    rule violations by rule${c.violating !== hits ? ' (an exchange can break several rules)' : ''}`);
    for (const [rule, n] of rules) {
      const example = c.samples.find((s) => s.rule === rule);
      const head = `    ${rule.padEnd(18)} ${int(n ?? 0).padStart(7)}`;
      lines.push(example ? `${head}   ${cut(example.message, width - head.length - 3)}`.trimEnd() : head);
    }
  }
  if (report.thresholds.length) {
    lines.push('  thresholds');
    for (const th of report.thresholds) lines.push(...wrap(`    ${th.ok ? 'ok  ' : 'FAIL'} ${th.expression}${th.message ? `  (${th.message})` : th.actual === null ? '' : `  (actual ${th.actual})`}`, width, '         '));
  }
  if (report.baseline) lines.push('', ...renderBaselineLines(report.baseline));
  if (report.forced?.length) lines.push('', ...renderForcedLines(report.forced));
  lines.push('');
  const unbounded = unboundedErrorsWarning(report);
  if (unbounded) lines.push(...wrap(`  ${unbounded}`, width, '    '));
  const verdict = report.verdict === 'pass' ? paint('PASS', '1;32', options.color === true) : paint('FAIL', '1;31', options.color === true);
  lines.push(`  verdict    ${verdict}`);
  for (const reason of report.verdictReasons) lines.push(...wrap(`    - ${reason}`, width, '      '));
  return `${lines.join('\n')}\n${files.length ? renderReportLine(files, width) : ''}`;
}

/** The summary's last line: where the reports went. Printed on its own once they are written. Pure. */
export function renderReportLine(files: string[], width = 80): string {
  return `${wrap(`  report     ${files.join('  ')}`, width, ' '.repeat(13)).join('\n')}\n`;
}
