import { formatMs } from '../../units.js';
import type { RunReport, TimelinePoint } from '../types.js';
import { formatAxisCount, formatAxisMs, formatAxisSeconds, linearTicks, niceMax } from './scale.js';
import type { ChartMarker, ChartSpec } from './svg-chart.js';

/** Past this many windows, consecutive windows are grouped so a day-long soak still draws quickly. */
export const MAX_TIMELINE_POINTS = 720;

export interface TimelineBucket {
  t: number;
  requests: number;
  /** Null where the window is too partial to give a rate. */
  rps: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  errors: number;
  violations: number;
  /** Warm-up exchanges that ended in the bucket, kept out of every other figure of it. */
  warmup?: number;
}

const maxOrNull = (values: (number | null | undefined)[]): number | null => {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return present.length ? Math.max(...present) : null;
};

/** The window length in seconds, read from the spacing of the windows (1 s when there is only one). */
export function windowSeconds(timeline: readonly Pick<TimelinePoint, 't'>[]): number {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < timeline.length; i++) {
    const gap = timeline[i]!.t - timeline[i - 1]!.t;
    if (gap > 0) step = Math.min(step, gap);
  }
  return Number.isFinite(step) ? step : 1;
}

/**
 * Groups windows into at most `maxPoints` buckets: throughput is averaged, counts are summed, and
 * each percentile is the worst of its windows (a spike is never averaged away).
 */
export function bucketTimeline(timeline: readonly TimelinePoint[], maxPoints = MAX_TIMELINE_POINTS): { buckets: TimelineBucket[]; windowsPerBucket: number } {
  const size = Math.max(1, Math.ceil(timeline.length / maxPoints));
  const buckets: TimelineBucket[] = [];
  for (let i = 0; i < timeline.length; i += size) {
    const group = timeline.slice(i, i + size);
    buckets.push({
      t: group[0]!.t,
      requests: group.reduce((sum, w) => sum + (w.requests ?? 0), 0),
      rps: group.reduce((sum, w) => sum + (w.rps ?? 0), 0) / group.length,
      p50: maxOrNull(group.map((w) => w.p50)),
      p90: maxOrNull(group.map((w) => w.p90)),
      p99: maxOrNull(group.map((w) => w.p99)),
      errors: group.reduce((sum, w) => sum + (w.errors ?? 0), 0),
      violations: group.reduce((sum, w) => sum + (w.violations ?? 0), 0),
      warmup: group.reduce((sum, w) => sum + (w.warmup ?? 0), 0),
    });
  }
  return { buckets, windowsPerBucket: size };
}

/**
 * The last window usually holds only the run's final moments (or stragglers after the stop): its
 * requests over a whole window would show a collapse that never happened. Its throughput is taken
 * over the part the run covered, or left out when that is under half a window.
 */
export function trimLastThroughput(buckets: TimelineBucket[], span: number, runSeconds: number): void {
  const last = buckets.at(-1);
  if (!last || !(runSeconds > 0)) return;
  const covered = runSeconds - last.t;
  if (covered >= span) return;
  last.rps = covered >= span / 2 ? last.requests / covered : null;
}

function xAxis(buckets: readonly TimelineBucket[], span: number): ChartSpec['x'] {
  const end = Math.max(1, (buckets.at(-1)?.t ?? 0) + span);
  return { label: 'time since start', min: 0, max: end, ticks: linearTicks(0, end, 8, formatAxisSeconds) };
}

function markers(buckets: readonly TimelineBucket[], span: number): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const b of buckets) {
    const at = `${formatAxisSeconds(b.t)}–${formatAxisSeconds(b.t + span)}`;
    if (b.errors > 0) out.push({ x: b.t + span / 2, row: 0, colour: 'red', title: `${b.errors.toLocaleString('en-US')} errors at ${at}` });
    if (b.violations > 0) out.push({ x: b.t + span / 2, row: 1, colour: 'amber', title: `${b.violations.toLocaleString('en-US')} violating exchanges at ${at}` });
  }
  return out;
}

const MARKER_LEGEND: ChartSpec['markerLegend'] = [
  { name: 'errors in this window', colour: 'red' },
  { name: 'violating exchanges in this window', colour: 'amber' },
];

function caption(windowsPerBucket: number, span: number): string {
  return windowsPerBucket > 1
    ? `Each point covers ${windowsPerBucket} windows (${formatAxisSeconds(span)}): the worst percentile, the mean throughput and the summed errors of its windows.`
    : `One point per ${formatAxisSeconds(span)} window, drawn at its middle; percentiles of the responses that ended in it.`;
}

function tooltip(b: TimelineBucket, span: number): string {
  return [
    `${formatAxisSeconds(b.t)}–${formatAxisSeconds(b.t + span)}`,
    `p50 ${formatMs(b.p50)} · p90 ${formatMs(b.p90)} · p99 ${formatMs(b.p99)}`,
    `${b.rps === null ? 'partial window' : `${b.rps.toFixed(1)} req/s`} · ${b.requests.toLocaleString('en-US')} requests`,
    `${b.errors.toLocaleString('en-US')} errors · ${b.violations.toLocaleString('en-US')} violating`,
    ...(b.warmup ? [`${b.warmup.toLocaleString('en-US')} warm-up requests (not in the figures above)`] : []),
  ].join('\n');
}

/** The two timeline charts: p50/p90/p99 latency over time, and throughput with errors and violations. */
export function timelineCharts(report: RunReport): { latency: ChartSpec; throughput: ChartSpec } {
  const windows = Array.isArray(report.timeline) ? report.timeline : [];
  // A run that sent nothing has one empty window: draw "no data" rather than a lone zero.
  const timeline = windows.some((w) => w.requests > 0 || (w.warmup ?? 0) > 0) ? windows : [];
  const window = windowSeconds(timeline);
  const { buckets, windowsPerBucket } = bucketTimeline(timeline);
  const span = window * windowsPerBucket;
  trimLastThroughput(buckets, span, report.durationMs / 1000);
  const mid = (b: TimelineBucket) => b.t + span / 2;
  const x = xAxis(buckets, span);
  const hover = buckets.map((b) => ({ x: mid(b), text: tooltip(b, span) }));
  const marks = markers(buckets, span);

  const latencyTop = niceMax(maxOrNull(buckets.flatMap((b) => [b.p50, b.p90, b.p99])) ?? 0, 5, 1);
  const latency: ChartSpec = {
    id: 'chart-latency-time',
    title: 'Latency over time',
    x,
    y: { label: 'latency (ms)', min: 0, max: latencyTop, ticks: linearTicks(0, latencyTop, 5, formatAxisMs) },
    series: [
      { name: 'p50', colour: 'teal', points: buckets.map((b) => [mid(b), b.p50] as const) },
      { name: 'p90', colour: 'blue', points: buckets.map((b) => [mid(b), b.p90] as const) },
      { name: 'p99', colour: 'purple', points: buckets.map((b) => [mid(b), b.p99] as const) },
    ],
    markers: marks,
    markerLegend: MARKER_LEGEND,
    hover,
    emptyText: 'no response was timed',
    caption: caption(windowsPerBucket, span),
  };

  const perSecond = (count: number) => count / span;
  const throughputTop = niceMax(Math.max(0, ...buckets.map((b) => Math.max(b.rps ?? 0, perSecond(b.errors), perSecond(b.violations), perSecond(b.warmup ?? 0)))), 5, 1);
  const throughput: ChartSpec = {
    id: 'chart-throughput-time',
    title: 'Throughput over time',
    x,
    y: { label: 'per second', min: 0, max: throughputTop, ticks: linearTicks(0, throughputTop, 5, formatAxisCount) },
    series: [
      { name: 'requests/s', colour: 'blue', style: 'area', points: buckets.map((b) => [mid(b), b.rps] as const) },
      { name: 'errors/s', colour: 'red', points: buckets.map((b) => [mid(b), perSecond(b.errors)] as const) },
      { name: 'violating/s', colour: 'amber', dashed: true, points: buckets.map((b) => [mid(b), perSecond(b.violations)] as const) },
      // The warm-up's requests, apart: without them its windows would look like a slow start.
      ...(buckets.some((b) => (b.warmup ?? 0) > 0) ? [{ name: 'warm-up requests/s', colour: 'grey' as const, dashed: true, points: buckets.map((b) => [mid(b), b.warmup ? perSecond(b.warmup) : null] as const) }] : []),
    ],
    markers: marks,
    markerLegend: MARKER_LEGEND,
    hover,
    emptyText: 'no request was sent',
    caption: caption(windowsPerBucket, span),
  };
  return { latency, throughput };
}
