import { formatMs } from '../../units.js';
import type { BaselineMetric, BaselineReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';

/**
 * The baseline table's drawn column: per latency percentile, its change and the bootstrap interval
 * of it as a bar, against 0 and the growth the tolerance allows, on one scale shared by the rows
 * (relative to the old value). Fixed pixel size: it never shrinks on a phone. Pure.
 */

const WIDTH = 160;
const HEIGHT = 18;
const PAD = 5;
const MAX_SCALE = 1;

type Tolerance = Pick<BaselineReport['tolerance'], 'relative' | 'absoluteMs' | 'confidence'>;

/** A latency metric that can be drawn: its old value, change and interval known. */
function drawable(m: BaselineMetric): m is BaselineMetric & { old: number; change: number; ci: [number, number] } {
  return m.unit === 'ms' && typeof m.old === 'number' && m.old > 0 && typeof m.change === 'number' && Array.isArray(m.ci) && m.ci.every((v) => typeof v === 'number' && Number.isFinite(v));
}

const allowedMs = (m: { old: number }, tol: Tolerance) => Math.max(m.old * tol.relative, tol.absoluteMs);

/**
 * The half-width of the shared scale, as a share of the old value: the widest interval end or
 * allowance among the rows, at least 1.5 times the relative tolerance, at most ±100 % (beyond,
 * a bar is cut at the edge and its tooltip still gives the figures).
 */
export function intervalScale(metrics: readonly BaselineMetric[], tol: Tolerance): number {
  const reach = metrics.filter(drawable).flatMap((m) => [Math.abs(m.ci[0]), Math.abs(m.ci[1]), Math.abs(m.change), allowedMs(m, tol)].map((v) => v / m.old));
  const wanted = Math.max(tol.relative * 1.5, ...reach) * 1.1;
  return Math.min(MAX_SCALE, wanted > 0 ? wanted : 0.1);
}

const signed = (ms: number) => `${ms > 0 ? '+' : ms < 0 ? '−' : '±'}${formatMs(Math.abs(ms))}`;
const percent = (share: number) => `${share > 0 ? '+' : share < 0 ? '−' : '±'}${+(Math.abs(share) * 100).toFixed(1)}%`;

/** The scale under the column's heading: its two ends and 0. */
export function intervalScaleHtml(scale: number): string {
  return `<span class="interval-scale muted"><span>${percent(-scale)}</span><span>0</span><span>${percent(scale)}</span></span>`;
}

/** One row's drawing, or an empty string for a metric without an interval (rates, throughput). */
export function intervalSvg(m: BaselineMetric, scale: number, tol: Tolerance): string {
  if (!drawable(m)) return '';
  const x = (ms: number) => {
    const share = Math.max(-1, Math.min(1, ms / m.old / scale));
    return Math.round((WIDTH / 2 + share * (WIDTH / 2 - PAD)) * 10) / 10;
  };
  const colour = m.verdict === 'fail' ? 'red' : m.verdict === 'pass' ? 'green' : 'grey';
  const allowed = allowedMs(m, tol);
  const title = `${m.metric}: ${signed(m.change)} (${percent(m.change / m.old)}) · ${Math.round(tol.confidence * 100)}% interval ${signed(m.ci[0])} … ${signed(m.ci[1])} · allowed ${signed(allowed)} · ${m.verdict}`;
  return `<svg class="interval c-${colour}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>`
    + `<line class="zero" x1="${WIDTH / 2}" x2="${WIDTH / 2}" y1="1" y2="${HEIGHT - 1}"/>`
    + `<line class="allowed" x1="${x(allowed)}" x2="${x(allowed)}" y1="1" y2="${HEIGHT - 1}"/>`
    + `<line class="ci" x1="${x(m.ci[0])}" x2="${x(m.ci[1])}" y1="${HEIGHT / 2}" y2="${HEIGHT / 2}"/>`
    + `<circle class="change" cx="${x(m.change)}" cy="${HEIGHT / 2}" r="3.5"/></svg>`;
}
