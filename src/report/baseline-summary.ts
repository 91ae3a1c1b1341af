import { formatMs } from '../units.js';
import type { BaselineMetric, BaselineReport } from './types.js';

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

/** The baseline table of the terminal summary. Pure. */
export function renderBaselineLines(baseline: BaselineReport): string[] {
  const rows = [['metric', 'old', 'new', 'change', 'verdict', ''], ...baseline.metrics.map((m) => [m.metric, value(m, m.old), value(m, m.new), change(m), m.verdict === 'fail' ? 'FAIL' : m.verdict, m.note ?? ''])];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const lines = rows.map((r) => `  ${r.map((cell, col) => (col === 0 || col >= 4 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd()}`);
  const warnings = (baseline.warnings ?? []).map((w) => `  warning    ${w}`);
  return [`  baseline   ${baseline.file} (${baseline.scenario}, ${baseline.startedAt})`, ...warnings, ...lines];
}
