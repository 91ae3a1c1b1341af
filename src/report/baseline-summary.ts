import { formatMs } from '../units.js';
import type { BaselineMetric, BaselineReport } from '../run-report.js';

function value(m: BaselineMetric, v: number | null): string {
  if (v === null) return '-';
  if (m.unit === 'ms') return formatMs(v);
  if (m.unit === 'ratio') return `${+(v * 100).toFixed(3)}%`;
  return `${v.toFixed(1)}/s`;
}

function change(m: BaselineMetric): string {
  if (m.change === null) return '-';
  const sign = m.change > 0 ? '+' : m.change < 0 ? '−' : '±';
  const abs = Math.abs(m.change);
  const amount = m.unit === 'ms' ? formatMs(abs) : m.unit === 'ratio' ? `${+(abs * 100).toFixed(3)} pt` : `${abs.toFixed(1)}/s`;
  return `${sign}${amount}${m.changeRatio !== null && m.unit !== 'ratio' ? ` (${m.changeRatio > 0 ? '+' : m.changeRatio < 0 ? '−' : '±'}${Math.abs(m.changeRatio * 100).toFixed(1)}%)` : ''}`;
}

/** Groups listed one per line under "too small to judge", at most; the rest are counted. */
const MAX_SMALL_GROUPS = 10;

/**
 * Per-group metrics in short: the regressed ones go in the table; the passed are counted; the
 * groups too small to judge are named, one line each.
 */
function groupLines(groups: readonly BaselineMetric[]): string[] {
  if (!groups.length) return [];
  const count = (verdict: BaselineMetric['verdict'], small = false) => groups.filter((m) => m.verdict === verdict && !!m.tooSmall === small).length;
  const names = new Set(groups.map((m) => `${m.group!.key}=${m.group!.value}`));
  const small = new Map<string, string[]>();
  for (const m of groups.filter((g) => g.tooSmall)) {
    const name = `${m.group!.key}=${m.group!.value}`;
    small.set(name, [...(small.get(name) ?? []), m.metric.slice(0, m.metric.indexOf('{'))]);
  }
  const lines = [`  per group  ${groups.length} metrics of ${names.size} groups: ${count('fail')} regressed${count('fail') ? ' (in the table)' : ''}, ${count('pass')} passed, ${count('info', true)} too small to judge`];
  const shown = [...small].slice(0, MAX_SMALL_GROUPS);
  for (const [name, metrics] of shown) {
    const note = groups.find((m) => m.tooSmall && `${m.group!.key}=${m.group!.value}` === name)!.note!.replace(/^too small to judge: /, '').replace(/ \(.*\)$/, '');
    lines.push(`    too small: ${name} (${metrics.join(', ')}: ${note})`);
  }
  if (small.size > shown.length) lines.push(`    too small: … and ${small.size - shown.length} more groups (report.json, report.html)`);
  return lines;
}

/** The baseline table of the terminal summary. Pure. */
export function renderBaselineLines(baseline: BaselineReport): string[] {
  const groups = baseline.metrics.filter((m) => m.group);
  const shown = baseline.metrics.filter((m) => !m.group || m.verdict === 'fail');
  const rows = [['metric', 'old', 'new', 'change', 'verdict', ''], ...shown.map((m) => [m.metric, value(m, m.old), value(m, m.new), change(m), m.verdict === 'fail' ? 'FAIL' : m.verdict, m.note ?? ''])];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const lines = rows.map((r) => `  ${r.map((cell, col) => (col === 0 || col >= 4 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd()}`);
  const warnings = (baseline.warnings ?? []).map((w) => `  warning    ${w}`);
  return [`  baseline   ${baseline.file} (${baseline.scenario}, ${baseline.startedAt})`, ...warnings, ...lines, ...groupLines(groups)];
}
