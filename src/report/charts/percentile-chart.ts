import { decodeHistogram, MICROS_PER_MS, type Histogram } from '../../record/histogram.js';
import { formatMs } from '../../units.js';
import type { LatencyReport, RunReport } from '../../run-report.js';
import { isPlainObject } from '../html/generic.js';
import { formatAxisMs, logRange, logTicks, MAX_CHART_PERCENTILE, PERCENTILE_TICKS, percentilePosition } from './scale.js';
import type { ChartColour, ChartSeries, ChartSpec } from './svg-chart.js';

export interface CurvePoint {
  percentile: number;
  ms: number;
}

/** Steps per decade of the tail (90 %, 99 %, …): enough for a smooth curve, few enough to stay small. */
const STEPS_PER_DECADE = 16;

/**
 * The percentile curve of a histogram, from 0 % to 99.99 % at even steps on the HDR axis: a fixed
 * number of points however many values the histogram holds. Empty for an empty histogram.
 */
export function curvePoints(histogram: Histogram, maxPercentile = MAX_CHART_PERCENTILE): CurvePoint[] {
  if (histogram.totalCount === 0) return [];
  const decades = percentilePosition(maxPercentile);
  const points: CurvePoint[] = [];
  for (let i = 0; i <= Math.round(decades * STEPS_PER_DECADE); i++) {
    const percentile = 100 * (1 - 10 ** -(i / STEPS_PER_DECADE));
    points.push({ percentile, ms: histogram.getValueAtPercentile(Math.min(percentile, maxPercentile)) / MICROS_PER_MS });
  }
  return points;
}

/** Decodes a report histogram; a missing or damaged one (a hand-edited file) gives no curve instead of an error. */
function curveOf(latency: LatencyReport | undefined): CurvePoint[] {
  if (!latency || typeof latency.hdr !== 'string' || !latency.count) return [];
  try {
    return curvePoints(decodeHistogram(latency.hdr));
  } catch {
    return [];
  }
}

const CLASS_COLOURS: Record<string, ChartColour> = { '2xx': 'green', '3xx': 'sky', '4xx': 'amber', '5xx': 'red', transport: 'purple' };

function series(name: string, colour: ChartColour, latency: LatencyReport, curve: CurvePoint[], extra: Partial<ChartSeries> = {}): ChartSeries {
  return {
    name,
    colour,
    points: curve.map((p) => [percentilePosition(p.percentile), p.ms] as const),
    note: `n=${latency.count.toLocaleString('en-US')} · p99 ${formatMs(latency.p99)} · max ${formatMs(latency.max)}`,
    ...extra,
  };
}

/** The HDR percentile chart: corrected latency, service time when it differs (open model), and each status class. */
export function percentileChart(report: RunReport): ChartSpec {
  const all: ChartSeries[] = [];
  const open = report.load?.model === 'open';
  const latencyCurve = curveOf(report.latency);
  if (latencyCurve.length) all.push(series(open ? 'latency (from intended start)' : 'latency', 'blue', report.latency, latencyCurve));
  const serviceCurve = open ? curveOf(report.serviceTime) : [];
  if (serviceCurve.length) all.push(series('service time (uncorrected)', 'grey', report.serviceTime, serviceCurve, { dashed: true }));

  const classes = Object.entries(report.latencyByStatusClass ?? {}).sort(([a], [b]) => a.localeCompare(b));
  // One class holding exactly the overall responses would draw the same curve twice.
  const redundant = classes.length === 1 && classes[0]![1].count === report.latency?.count;
  if (!redundant) {
    for (const [cls, latency] of classes) {
      const curve = curveOf(latency);
      // Only timeouts are timed among transport failures (refused and reset connections are not).
      if (curve.length) all.push(series(cls === 'transport' ? 'timeouts' : cls, CLASS_COLOURS[cls] ?? 'teal', latency, curve, { thin: true }));
    }
  }

  // The baseline run's curve, beside this run's: where they part, and at which percentile.
  const baseline = isPlainObject(report.baseline) && isPlainObject(report.baseline.latency) ? (report.baseline.latency as LatencyReport) : undefined;
  const baselineCurve = curveOf(baseline);
  if (baseline && baselineCurve.length) {
    const file = typeof report.baseline?.file === 'string' ? ` · ${report.baseline.file}` : '';
    all.push({ ...series('baseline run', 'teal', baseline, baselineCurve, { dashed: true }), note: `n=${baseline.count.toLocaleString('en-US')} · p99 ${formatMs(baseline.p99)}${file}` });
  }

  // Log latency: a few 2 s timeouts would squash a linear axis's body into its bottom fifth.
  const range = logRange(all.flatMap((s) => s.points.map(([, y]) => y ?? 0)));
  return {
    id: 'chart-percentiles',
    title: 'Latency by percentile',
    x: { label: 'percentile (log scale of 1 / (1 − p))', min: 0, max: percentilePosition(MAX_CHART_PERCENTILE), ticks: PERCENTILE_TICKS },
    y: { label: 'latency (log scale)', scale: 'log', ...range, ticks: logTicks(range.min, range.max, formatAxisMs) },
    series: all,
    hover: hoverPoints(all),
    emptyText: 'no response was timed',
    caption: 'Each curve reads: this share of requests took at most this long. Both axes are logarithmic: latency in steps of 1, 2 and 5 per decade, so a few timeouts do not squash the body, and the tail (99 % and beyond) gets as much room as the body.',
  };
}

/** One tooltip per curve step, listing every curve's value there. */
function hoverPoints(all: ChartSeries[]): ChartSpec['hover'] {
  const first = all[0];
  if (!first) return [];
  return first.points.map(([x], i) => {
    const percentile = 100 * (1 - 10 ** -x);
    const values = all.map((s) => `${s.name}: ${formatMs(s.points[i]?.[1] ?? null)}`);
    return { x, text: [`p${+percentile.toFixed(3)}`, ...values].join('\n') };
  });
}
