import { formatMs } from '../../units.js';
import type { LatencyReport, RunReport } from '../types.js';
import { escapeHtml } from './escape.js';
import { camelWords, formatNumber, isPlainObject, renderKeyValues, renderTable, renderValue } from './generic.js';

/** The percentile table beside the curve: exact figures for the eye that wants numbers. */
export function percentilesTableHtml(report: RunReport): string {
  const rows: [string, LatencyReport | undefined][] = [[report.load?.model === 'open' ? 'latency (from intended start)' : 'latency', report.latency]];
  if (report.load?.model === 'open') rows.push(['service time (uncorrected)', report.serviceTime]);
  for (const [cls, l] of Object.entries(report.latencyByStatusClass ?? {}).sort(([a], [b]) => a.localeCompare(b))) rows.push([cls, l]);
  const body = rows
    .filter((row): row is [string, LatencyReport] => row[1] !== undefined)
    .map(([label, l]) => `<tr><th>${escapeHtml(label)}</th><td>${(l.count ?? 0).toLocaleString('en-US')}</td>${[l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map((v) => `<td>${formatMs(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="numbers" id="percentiles"><thead><tr><th></th><th>count</th><th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>
${body}
</tbody></table></div>`;
}

export function thresholdsHtml(report: RunReport): string {
  const thresholds = Array.isArray(report.thresholds) ? report.thresholds : [];
  if (!thresholds.length) return '<p class="muted">No threshold was set for this run (add <code>thresholds:</code> to the scenario).</p>';
  const rows = thresholds
    .map(
      (t) => `<tr class="${t.ok ? 'ok' : 'bad'}"><th><code>${escapeHtml(String(t.expression))}</code></th><td>${t.actual === null || t.actual === undefined ? '<span class="muted">—</span>' : formatNumber(t.actual)}</td>`
        + `<td><span class="badge ${t.ok ? 'ok' : 'bad'}">${t.ok ? 'pass' : 'fail'}</span></td><td class="muted">${escapeHtml(t.message ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<table class="data" id="thresholds-table"><thead><tr><th>threshold</th><th>actual</th><th>result</th><th></th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** Column order for baseline metrics, whichever of these names the comparison uses. */
const BASELINE_COLUMNS = ['metric', 'name', 'old', 'baseline', 'new', 'current', 'change', 'delta', 'changePercent', 'ci', 'verdict', 'ok', 'note', 'message'];

/** The baseline comparison, rendered from whatever shape it has: a metrics table when it has one. */
export function baselineHtml(baseline: unknown): string {
  if (baseline === null || baseline === undefined) return '<p class="muted">No baseline was given (<code>--baseline old/report.json</code> compares this run with an earlier one).</p>';
  if (!isPlainObject(baseline)) return renderValue(baseline);
  const { metrics, ...rest } = baseline;
  const table = Array.isArray(metrics) && metrics.every(isPlainObject) ? renderTable(metrics, 0, BASELINE_COLUMNS) : metrics === undefined ? '' : renderValue(metrics);
  return `${Object.keys(rest).length ? renderKeyValues(rest) : ''}${table}`;
}

/** The top-level fields this renderer draws itself; anything else is shown generically. */
const KNOWN_FIELDS = new Set([
  'schemaVersion', 'tool', 'scenario', 'target', 'load', 'seed', 'startedAt', 'endedAt', 'durationMs', 'partial', 'totals', 'status', 'transportErrors',
  'latency', 'serviceTime', 'latencyByStatusClass', 'timeline', 'conformance', 'conform', 'thresholds', 'baseline', 'verdict', 'verdictReasons',
]);

const title = (key: string) => camelWords(key).replace(/^./, (c) => c.toUpperCase());

/** Sections for fields a later version (or another command) added: shown, never a crash. */
export function extraSectionsHtml(report: RunReport): string {
  return Object.entries(report as unknown as Record<string, unknown>)
    .filter(([key, value]) => !KNOWN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `<section class="card extra" id="extra-${escapeHtml(key)}"><h2>${escapeHtml(title(key))}</h2>${renderValue(value)}</section>`)
    .join('\n');
}
