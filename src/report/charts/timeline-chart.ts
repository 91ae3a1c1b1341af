import { formatMs } from '../../units.js';
import { isPlainObject } from '../html/generic.js';
import type { BaselineWindow, RunReport } from '../../run-report.js';
import { formatAxisCount, formatAxisMs, formatAxisSeconds, linearTicks, niceMax } from './scale.js';
import type { ChartAxis, ChartBand, ChartColour, ChartMarker, ChartSeries, ChartSpec } from './svg-chart.js';
import { bucketTimeline, coverLastBucket, middle, perSecond, stack, windowSeconds, type TimelineBucket } from './timeline-data.js';

export { bucketTimeline, coverLastBucket, MAX_TIMELINE_POINTS, windowSeconds, type TimelineBucket } from './timeline-data.js';

export interface TimelineCharts {
  latency: ChartSpec;
  throughput: ChartSpec;
  load: ChartSpec;
  status: ChartSpec;
}

const int = (n: number) => n.toLocaleString('en-US');
const rate = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 1 })}/s`;
const maxOf = (values: number[]) => values.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);

/** Status classes bottom to top: failures at the bottom, where their height reads straight off the axis. */
const STATUS_LAYERS: [cls: string, colour: ChartColour, name: string][] = [
  ['generator', 'grey', 'failed on the generator'],
  ['transport', 'purple', 'no answer (timeout, reset, …)'],
  ['5xx', 'red', '5xx'],
  ['4xx', 'amber', '4xx'],
  ['3xx', 'sky', '3xx'],
  ['1xx', 'grey', '1xx'],
  ['other', 'grey', 'other status'],
  ['2xx', 'green', '2xx'],
];

function windowLabel(b: TimelineBucket, span: number): string {
  const label = `${formatAxisSeconds(b.t)}–${formatAxisSeconds(b.t + b.seconds)}`;
  return b.seconds < span ? `${label} (the run covered ${formatAxisSeconds(b.seconds)} of this ${formatAxisSeconds(span)} window; rates over that)` : label;
}

function tooltip(b: TimelineBucket, span: number, open: boolean): string {
  const classes = STATUS_LAYERS.filter(([cls]) => b.classes[cls]).reverse().map(([cls]) => `${cls} ${int(b.classes[cls]!)}`);
  return [
    windowLabel(b, span),
    `p50 ${formatMs(b.p50)} · p90 ${formatMs(b.p90)} · p99 ${formatMs(b.p99)}`,
    `${rate(perSecond(b.requests, b))} · ${int(b.requests)} requests${classes.length ? ` (${classes.join(', ')})` : ''}`,
    `${int(b.errors)} errors · ${int(b.violating)} violating`,
    `${(perSecond(b.busy, b)).toFixed(1)} in flight on average`,
    ...(open ? [`${int(b.offered)} offered (${rate(perSecond(b.offered, b))}) · ${int(b.late)} late · ${int(b.dropped)} dropped`] : []),
    ...(b.warmup ? [`${int(b.warmup)} warm-up requests (not in the figures above)`] : []),
  ].join('\n');
}

function markers(buckets: readonly TimelineBucket[], span: number): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const b of buckets) {
    const at = windowLabel(b, span);
    if (b.errors > 0) out.push({ x: middle(b), row: 0, colour: 'red', title: `${int(b.errors)} errors at ${at}` });
    if (b.violating > 0) out.push({ x: middle(b), row: 1, colour: 'amber', title: `${int(b.violating)} violating exchanges at ${at}` });
  }
  return out;
}

const MARKER_LEGEND: ChartSpec['markerLegend'] = [
  { name: 'errors in this window', colour: 'red' },
  { name: 'violating exchanges in this window', colour: 'amber' },
];

function grouping(windowsPerBucket: number, span: number): string {
  return windowsPerBucket > 1 ? `Each point covers ${windowsPerBucket} windows (${formatAxisSeconds(span)}): the worst percentile, the summed counts over their length.` : `One point per ${formatAxisSeconds(span)} window, drawn at its middle.`;
}

const LAST_WINDOW = 'The last window is rated over the part of it the run covered, in every series alike.';

/** The baseline run's p50/p99 over time, when the report carries them and they are well formed. */
function baselineWindows(report: RunReport): BaselineWindow[] {
  const timeline: unknown = isPlainObject(report.baseline) ? report.baseline.timeline : undefined;
  if (!Array.isArray(timeline)) return [];
  return timeline.filter((w): w is BaselineWindow => isPlainObject(w) && typeof w.t === 'number' && Number.isFinite(w.t));
}

function baselineSeries(report: RunReport, end: number): ChartSeries[] {
  const windows = baselineWindows(report);
  if (!windows.length) return [];
  const half = windowSeconds(windows) / 2;
  const within = windows.filter((w) => w.t + half <= end);
  const points = (key: 'p50' | 'p99') => within.map((w) => [w.t + half, typeof w[key] === 'number' ? w[key] : null] as const);
  return [
    { name: 'baseline p50', colour: 'teal', thin: true, dashed: true, faint: true, points: points('p50') },
    { name: 'baseline p99', colour: 'purple', thin: true, dashed: true, faint: true, points: points('p99') },
  ];
}

function countAxis(label: string, top: number): ChartAxis {
  const max = niceMax(top, 5, 1);
  return { label, min: 0, max, ticks: linearTicks(0, max, 5, formatAxisCount) };
}

/** Requests the generator could hold in flight at once: the open model's cap, the closed model's users, the max model's connections. */
function capacityOf(report: RunReport): { name: string; value: number; colour: ChartColour } | undefined {
  const load = report.load;
  if (load?.model === 'closed' && typeof load.concurrency === 'number') return { name: 'virtual users', value: load.concurrency, colour: 'purple' };
  if (load?.model === 'open' && typeof load.maxInFlight === 'number') return { name: 'in-flight cap', value: load.maxInFlight, colour: 'grey' };
  if (load?.model === 'max' && typeof load.connections === 'number') return { name: 'connections × pipelining', value: load.connections * (load.pipelining ?? 1), colour: 'grey' };
  return undefined;
}

/** The four timeline charts: latency, throughput (with the offered rate or the users), the load on the generator, and the status classes. Pure. */
export function timelineCharts(report: RunReport): TimelineCharts {
  const windows = Array.isArray(report.timeline) ? report.timeline : [];
  // A run that sent nothing has one empty window: draw "no data" rather than a lone zero.
  const timeline = windows.some((w) => w.requests > 0 || (w.warmup ?? 0) > 0 || (w.inFlight ?? 0) > 0 || (w.offered ?? 0) > 0) ? windows : [];
  const window = windowSeconds(timeline);
  const grouped = bucketTimeline(timeline, undefined, window);
  const span = window * grouped.windowsPerBucket;
  const buckets = coverLastBucket(grouped.buckets, report.durationMs / 1000);
  const open = report.load?.model === 'open';
  const end = Math.max(1, ...buckets.map((b) => b.t + b.seconds));
  const x: ChartAxis = { label: 'time since start', min: 0, max: end, ticks: linearTicks(0, end, 8, formatAxisSeconds).map((t, i) => (i % 2 ? { ...t, minor: true } : t)) };
  const hover = buckets.map((b) => ({ x: middle(b), text: tooltip(b, span, open) }));
  const marks = markers(buckets, span);
  const at = <T>(value: (b: TimelineBucket) => T) => buckets.map((b) => [middle(b), value(b)] as const);
  const caption = grouping(grouped.windowsPerBucket, span);

  const baseline = baselineSeries(report, end);
  const latencyTop = niceMax(maxOf([...buckets.flatMap((b) => [b.p50 ?? 0, b.p90 ?? 0, b.p99 ?? 0]), ...baseline.flatMap((s) => s.points.map(([, y]) => y ?? 0))]), 5, 1);
  const latency: ChartSpec = {
    id: 'chart-latency-time',
    title: 'Latency over time',
    x,
    y: { label: 'latency', min: 0, max: latencyTop, ticks: linearTicks(0, latencyTop, 5, formatAxisMs) },
    series: [
      { name: 'p50', colour: 'teal', points: at((b) => b.p50) },
      { name: 'p90', colour: 'blue', points: at((b) => b.p90) },
      { name: 'p99', colour: 'purple', points: at((b) => b.p99) },
      ...baseline,
    ],
    markers: marks,
    markerLegend: MARKER_LEGEND,
    hover,
    emptyText: 'no response was timed',
    caption: `${caption} Percentiles of the responses that ended in each window.${baseline.length ? ' Faint dashed: the baseline run, by time since its own start.' : ''}`,
  };

  const offered = open && buckets.some((b) => b.offered > 0);
  const users = report.load?.model === 'closed' ? capacityOf(report) : undefined;
  const throughputSeries: ChartSeries[] = [
    { name: 'requests/s', colour: 'blue', style: 'area', points: at((b) => perSecond(b.requests, b)) },
    ...(offered ? [{ name: 'offered/s (arrivals due)', colour: 'teal' as const, thin: true, points: at((b) => perSecond(b.offered, b)) }] : []),
    { name: 'errors/s', colour: 'red', points: at((b) => perSecond(b.errors, b)) },
    { name: 'violating/s', colour: 'amber', dashed: true, points: at((b) => perSecond(b.violating, b)) },
    // The warm-up's requests, apart: without them its windows would look like a slow start.
    ...(buckets.some((b) => b.warmup > 0) ? [{ name: 'warm-up requests/s', colour: 'grey' as const, dashed: true, points: at((b) => (b.warmup ? perSecond(b.warmup, b) : null)) }] : []),
    ...(users && buckets.length ? [{ name: `virtual users (${int(users.value)})`, colour: 'purple' as const, axis: 'y2' as const, thin: true, dashed: true, points: [[0, users.value], [end, users.value]] as const }] : []),
  ];
  const throughputTop = maxOf(buckets.flatMap((b) => [b.requests, b.errors, b.violating, b.warmup, offered ? b.offered : 0].map((n) => perSecond(n, b))));
  const throughput: ChartSpec = {
    id: 'chart-throughput-time',
    title: 'Throughput over time',
    x,
    y: countAxis('per second', throughputTop),
    ...(users ? { y2: countAxis('virtual users', users.value) } : {}),
    series: throughputSeries,
    markers: marks,
    markerLegend: MARKER_LEGEND,
    hover,
    emptyText: 'no request was sent',
    caption: [
      caption,
      offered ? 'Offered: the arrivals the schedule made due (by intended time); requests/s below it means the generator or the in-flight cap held them back.' : '',
      users ? 'Closed model: the virtual users (right axis) send as fast as they are answered.' : '',
      LAST_WINDOW,
    ].filter(Boolean).join(' '),
  };

  return { latency, throughput, load: loadChart(report, buckets, { x, at, hover, caption, open, end }), status: statusChart(buckets, { x, hover, caption }) };
}

interface Shared {
  x: ChartAxis;
  at: <T>(value: (b: TimelineBucket) => T) => (readonly [number, T])[];
  hover: ChartSpec['hover'];
  caption: string;
  open: boolean;
  end: number;
}

/**
 * What the generator was doing: requests in flight (mean per window) against what it could hold,
 * and — open model — the arrivals sent late or dropped. A slow server fills the flight up to the
 * cap, then makes arrivals late and dropped; an overloaded generator is late with room to spare.
 */
function loadChart(report: RunReport, buckets: readonly TimelineBucket[], { x, at, hover, caption, open, end }: Shared): ChartSpec {
  const known = buckets.some((b) => b.busy > 0 || b.offered > 0 || b.late > 0 || b.dropped > 0);
  const inFlight = known ? buckets.map((b) => perSecond(b.busy, b)) : [];
  const peak = maxOf(inFlight);
  const capacity = capacityOf(report);
  // A cap far above what was used would flatten the line it is there to explain: the caption gives it instead.
  const showCap = known && capacity !== undefined && capacity.value <= Math.max(4 * peak, 10);
  const series: ChartSeries[] = known
    ? [
        { name: 'in flight (mean)', colour: 'blue', style: 'area', points: buckets.map((b, i) => [middle(b), inFlight[i]!] as const) },
        ...(showCap ? [{ name: `${capacity.name} (${int(capacity.value)})`, colour: capacity.colour, dashed: true, thin: true, points: [[0, capacity.value], [end, capacity.value]] as const }] : []),
        ...(open
          ? [
              { name: 'late/s', colour: 'amber' as const, axis: 'y2' as const, points: at((b) => perSecond(b.late, b)) },
              { name: 'dropped/s', colour: 'red' as const, axis: 'y2' as const, dashed: true, points: at((b) => perSecond(b.dropped, b)) },
            ]
          : []),
      ]
    : [];
  const top = Math.max(peak, showCap ? capacity.value : 0);
  const lateTop = maxOf(buckets.flatMap((b) => [perSecond(b.late, b), perSecond(b.dropped, b)]));
  const capNote = capacity && !showCap && known ? ` The ${capacity.name} (${int(capacity.value)}) is far above the line, so it is not drawn.` : '';
  return {
    id: 'chart-load-time',
    title: 'Load over time',
    x,
    y: countAxis('requests in flight', top),
    ...(open && known ? { y2: countAxis('late / dropped per second', lateTop) } : {}),
    series,
    hover,
    emptyText: buckets.length ? 'this report has no load figures per window (an older chatload wrote it)' : 'no request was sent',
    caption: `${caption} In flight: the mean number of requests sent and not yet answered.${capNote}${
      open ? ' Late: sent more than the tolerance after their intended time; dropped: never sent (held past the timeout, or cut off by a stop). In flight climbing to the cap, then late and dropped: the target is too slow. Late and dropped with room under the cap: the generator cannot keep up.' : ''
    } ${LAST_WINDOW}`,
  };
}

/** Requests per second by status class, stacked: bursts of 429s or 5xx show as bands. */
function statusChart(buckets: readonly TimelineBucket[], { x, hover, caption }: Pick<Shared, 'x' | 'hover' | 'caption'>): ChartSpec {
  const layers = STATUS_LAYERS.filter(([cls]) => buckets.some((b) => (b.classes[cls] ?? 0) > 0));
  const stacked = stack(layers.map(([cls]) => buckets.map((b) => perSecond(b.classes[cls] ?? 0, b))));
  // Each window is a flat step over the time it covers, so a run of one window still shows.
  const bands: ChartBand[] = layers.map(([, colour, name], layer) => ({
    name: `${name}/s`,
    colour,
    solid: true,
    points: buckets.flatMap((b, i) => {
      const [low, high] = stacked[layer]![i]!;
      return [[b.t, low, high] as const, [b.t + b.seconds, low, high] as const];
    }),
  }));
  const top = maxOf(stacked.at(-1)?.map(([, high]) => high) ?? []);
  return {
    id: 'chart-status-time',
    title: 'Responses by status class over time',
    x,
    y: countAxis('per second', top),
    series: [],
    bands,
    hover,
    emptyText: buckets.length ? 'this report has no status classes per window (an older chatload wrote it)' : 'no request was sent',
    caption: `${caption} Stacked, failures at the bottom: the top edge is requests/s, each band its class's share. ${LAST_WINDOW}`,
  };
}
