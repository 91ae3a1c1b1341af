import { formatDuration, formatMs } from '../../units.js';
import { parseThreshold } from '../../verdict/thresholds.js';
import type { BaselineMetric, BaselineReport, LatencyReport, RunReport, ThresholdResult } from '../../run-report.js';
import { intervalScale, intervalScaleHtml, intervalSvg } from './baseline-interval.js';
import { escapeHtml } from './escape.js';
import { camelWords, formatNumber, isPlainObject, renderKeyValues, renderTable, renderValue } from './generic.js';

const int = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string) => `${int(n)} ${one}${n === 1 ? '' : 's'}`;

/** Under the table: the timed (`all`) and the untimed requests add up to the requests; the warm-up is apart. */
function countsHtml(report: RunReport): string {
  const requests = report.totals?.requests ?? 0;
  const timed = report.latency?.count ?? 0;
  const untimed = report.totals?.untimed ?? Math.max(0, requests - timed);
  const kinds = Object.entries(report.transportErrors ?? {}).filter(([kind]) => kind !== 'timeout').map(([kind, n]) => `${kind} ${int(n)}`).join(', ');
  const notTimed = untimed ? ` + <b>${int(untimed)}</b> not timed (${escapeHtml(kinds || 'no answer')}: counted, with no latency to record)` : '';
  const warmup = report.warmup ? ` The ${int(report.warmup.totals.requests)} warm-up requests before them are kept apart (row “warm-up”).` : '';
  return `<p class="muted" id="timed-counts"><b>${int(requests)}</b> requests = <b>${int(timed)}</b> timed (the first row)${notTimed}.${warmup} Timeouts are timed at the moment they fired (row “timeouts”).</p>`;
}

/** The percentile table beside the curve: exact figures for the eye that wants numbers. */
export function percentilesTableHtml(report: RunReport): string {
  const rows: [string, LatencyReport | undefined][] = [[report.load?.model === 'open' ? 'latency (from intended start)' : 'latency', report.latency]];
  if (report.load?.model === 'open') rows.push(['service time (uncorrected)', report.serviceTime]);
  for (const [cls, l] of Object.entries(report.latencyByStatusClass ?? {}).sort(([a], [b]) => a.localeCompare(b))) rows.push([cls === 'transport' ? 'timeouts' : cls, l]);
  if (report.goodLatency) rows.push(['2xx that met the contract (goodput)', report.goodLatency]);
  if (report.warmup) rows.push(['warm-up (kept out of the rows above)', report.warmup.latency]);
  const body = rows
    .filter((row): row is [string, LatencyReport] => row[1] !== undefined)
    .map(([label, l]) => `<tr><th>${escapeHtml(label)}</th><td>${(l.count ?? 0).toLocaleString('en-US')}</td>${[l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map((v) => `<td>${formatMs(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table class="numbers" id="percentiles"><thead><tr><th></th><th>count</th><th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>
${body}
</tbody></table></div>${report.totals ? countsHtml(report) : ''}`;
}

/** The warm-up's own figures: counted and checked, kept out of every other number on the page. */
export function warmupHtml(report: RunReport): string {
  const w = report.warmup;
  if (!w) return '';
  const setting = report.load?.warmup;
  const asked = setting === undefined ? '' : 'requests' in setting ? ` (the first ${int(setting.requests)} requests to end)` : ` (the requests started in the first ${formatDuration(setting.durationMs)})`;
  const rules = Object.entries(w.conformance.byRule ?? {}).map(([rule, n]) => `${rule} ${int(n ?? 0)}`).join(', ');
  const rows: [string, string][] = [
    ['requests', `${int(w.totals.requests)}${asked}, ended ${formatDuration(w.durationMs)} after the start`],
    ['answers', `${int(w.totals.responses)} (${Object.entries(w.status ?? {}).map(([code, n]) => `${code} ${int(n)}`).join(', ') || 'none'})`],
    ['errors', `${int(w.totals.errors)} (${int(w.totals.transportErrors)} without answer)`],
    ['latency', w.latency.count ? `p50 ${formatMs(w.latency.p50)} · p99 ${formatMs(w.latency.p99)} · max ${formatMs(w.latency.max)}` : '—'],
    ['contract', `${plural(w.conformance.violating, 'violating exchange')} of ${int(w.conformance.checked)} checked, ${plural(w.conformance.ruleViolations ?? 0, 'rule violation')}${rules ? ` (${rules})` : ''}`],
  ];
  return `<p class="muted">The start of the run, checked like the rest (its contract violations count in the verdict) and kept out of the latency, throughput, error and threshold figures.</p>
<table class="kv" id="warmup-table"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** What the evaluation measured, in the metric's unit ("actual 640.0ms" in the message), else the value formatted by the metric. */
function actualIn(t: ThresholdResult): string {
  const message = typeof t.message === 'string' ? t.message : '';
  if (message.startsWith('actual ')) return message.slice('actual '.length);
  if (typeof t.actual !== 'number' || !Number.isFinite(t.actual)) return '—';
  const parsed = parseThreshold(String(t.expression), { file: '', field: '' });
  const kind = 'metric' in parsed ? parsed.metric.kind : undefined;
  if (kind === 'latency') return formatMs(t.actual);
  if (kind === 'errorRate' || kind === 'goodput') return `${+(t.actual * 100).toFixed(3)}%`;
  if (kind === 'rps') return `${formatNumber(t.actual)}/s`;
  return formatNumber(t.actual);
}

export function thresholdsHtml(report: RunReport): string {
  const thresholds = Array.isArray(report.thresholds) ? report.thresholds : [];
  if (!thresholds.length) return '<p class="muted">No threshold was set for this run (add <code>thresholds:</code> to the scenario).</p>';
  const rows = thresholds
    .map((t) => {
      // A message other than the measured value says why there is none (no such responses, an older report).
      const note = typeof t.message === 'string' && !t.message.startsWith('actual ') ? t.message : '';
      return `<tr class="${t.ok ? 'ok' : 'bad'}"><th><code>${escapeHtml(String(t.expression))}</code></th><td>${escapeHtml(actualIn(t))}${note ? ` <span class="muted">${escapeHtml(note)}</span>` : ''}</td>`
        + `<td><span class="badge ${t.ok ? 'ok' : 'bad'}">${t.ok ? 'pass' : 'fail'}</span></td></tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="data" id="thresholds-table"><thead><tr><th>threshold</th><th>actual</th><th>result</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

/** Column order for baseline metrics of a shape this renderer does not know. */
const BASELINE_COLUMNS = ['metric', 'name', 'old', 'baseline', 'new', 'current', 'change', 'delta', 'changePercent', 'ci', 'verdict', 'ok', 'note', 'message'];

function isBaselineReport(value: Record<string, unknown>): value is Record<string, unknown> & BaselineReport {
  return Array.isArray(value.metrics) && value.metrics.every((m) => isPlainObject(m) && typeof m.metric === 'string' && ['ms', 'ratio', 'rps'].includes(String(m.unit))) && isPlainObject(value.tolerance);
}

function valueIn(unit: BaselineMetric['unit'], value: number | null): string {
  if (value === null) return '—';
  return unit === 'ms' ? formatMs(value) : unit === 'ratio' ? `${+(value * 100).toFixed(3)}%` : `${formatNumber(value)}/s`;
}

function changeIn(m: BaselineMetric): string {
  if (m.change === null) return '—';
  const sign = m.change > 0 ? '+' : m.change < 0 ? '−' : '±';
  const size = Math.abs(m.change);
  if (m.unit === 'ratio') return `${sign}${+(size * 100).toFixed(3)} pt`;
  const relative = m.changeRatio === null ? '' : ` (${sign}${+(Math.abs(m.changeRatio) * 100).toFixed(1)}%)`;
  return `${sign}${m.unit === 'ms' ? formatMs(size) : `${formatNumber(size)}/s`}${relative}`;
}

function intervalIn(m: BaselineMetric): string {
  if (!m.ci) return '<span class="muted">—</span>';
  const show = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${m.unit === 'ms' ? formatMs(Math.abs(v)) : formatNumber(Math.abs(v))}`;
  return `${show(m.ci[0])} … ${show(m.ci[1])}`;
}

/** A comparison from `--baseline` / `chatload compare`: what changed, by how much, beyond the noise or not. */
function comparisonHtml(b: BaselineReport): string {
  const t = b.tolerance;
  const intro = `<p>Compared with <code>${escapeHtml(b.file)}</code> (${escapeHtml(b.scenario)}, started ${escapeHtml(b.startedAt)}): <span class="badge ${b.verdict === 'pass' ? 'ok' : 'bad'}">${b.verdict === 'pass' ? 'no regression' : 'regressed'}</span></p>
${(b.warnings ?? []).map((w) => `<p><span class="badge warn">warning</span> ${escapeHtml(w)}</p>`).join('')}
<p class="muted">A latency percentile fails only when it is slower by more than ${+(t.relative * 100).toFixed(1)}% and ${formatMs(t.absoluteMs)}, and its ${Math.round(t.confidence * 100)}% bootstrap interval (${t.iterations.toLocaleString('en-US')} draws from both histograms) lies wholly above zero; a rate fails beyond +${+(t.rateAbsolute * 100).toFixed(2)} points and the noise.</p>`;
  const scale = intervalScale(b.metrics, t);
  const rows = b.metrics
    .map(
      (m) => `<tr class="${m.verdict === 'fail' ? 'bad' : 'ok'}"><th>${escapeHtml(m.metric)}</th><td>${valueIn(m.unit, m.old)}</td><td>${valueIn(m.unit, m.new)}</td><td>${changeIn(m)}</td><td>${intervalIn(m)}</td>`
        + `<td class="drawn">${intervalSvg(m, scale, t)}</td>`
        + `<td><span class="badge ${m.verdict === 'fail' ? 'bad' : m.verdict === 'pass' ? 'ok' : 'info'}">${m.verdict}</span></td><td class="muted">${escapeHtml(m.note ?? '')}</td></tr>`,
    )
    .join('\n');
  const legend = `<p class="muted">Drawn: each latency percentile's change (dot) and its ${Math.round(t.confidence * 100)}% interval (bar) as a share of the old value, beside 0 (solid) and the growth allowed (dashed red). A bar wholly right of the dashed line is a regression.</p>`;
  return `${intro}<div class="table-wrap"><table class="data numbers" id="baseline-table"><thead><tr><th>metric</th><th>old</th><th>new</th><th>change</th><th>interval of the change</th><th>drawn${intervalScaleHtml(scale)}</th><th>verdict</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></div>${legend}`;
}

/** The baseline comparison: a proper table for chatload's own shape, anything else rendered generically. */
export function baselineHtml(baseline: unknown): string {
  if (baseline === null || baseline === undefined) return '<p class="muted">No baseline was given (<code>--baseline old/report.json</code> compares this run with an earlier one).</p>';
  if (!isPlainObject(baseline)) return renderValue(baseline);
  if (isBaselineReport(baseline)) return comparisonHtml(baseline);
  const { metrics, ...rest } = baseline;
  const table = Array.isArray(metrics) && metrics.every(isPlainObject) ? renderTable(metrics, 0, BASELINE_COLUMNS) : metrics === undefined ? '' : renderValue(metrics);
  return `${Object.keys(rest).length ? renderKeyValues(rest) : ''}${table}`;
}

/** The top-level fields this renderer draws itself; anything else is shown generically. */
const KNOWN_FIELDS = new Set([
  'schemaVersion', 'tool', 'scenario', 'target', 'load', 'seed', 'startedAt', 'endedAt', 'durationMs', 'partial', 'totals', 'status', 'transportErrors',
  'latency', 'serviceTime', 'latencyByStatusClass', 'timeline', 'conformance', 'conform', 'thresholds', 'baseline', 'verdict', 'verdictReasons',
  'goodLatency', 'shard', 'stoppedBy', 'warmup', 'breakdown', 'sweep',
]);

const title = (key: string) => camelWords(key).replace(/^./, (c) => c.toUpperCase());

/** Sections for fields a later version (or another command) added: shown, never a crash. */
export function extraSectionsHtml(report: RunReport): string {
  return Object.entries(report as unknown as Record<string, unknown>)
    .filter(([key, value]) => !KNOWN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `<section class="card extra" id="extra-${escapeHtml(key)}"><h2>${escapeHtml(title(key))}</h2>${renderValue(value)}</section>`)
    .join('\n');
}
