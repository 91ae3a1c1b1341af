import type { TimelinePoint } from '../../run-report.js';

/** Past this many windows, consecutive windows are grouped so a day-long soak still draws quickly. */
export const MAX_TIMELINE_POINTS = 720;

/** A last window the run covered less than this share of is a sliver: it joins the window before it. */
export const SLIVER = 0.25;

/** One point of the timeline charts: one window, or several grouped. Counts are summed; rates come from `seconds`. */
export interface TimelineBucket {
  /** Seconds since the start, at the bucket's start. */
  t: number;
  /** The seconds the run covered of it: the bucket's length, less for the last one. Every rate is a count over this. */
  seconds: number;
  requests: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  errors: number;
  violating: number;
  /** Warm-up exchanges that ended in the bucket, kept out of every other figure of it. */
  warmup: number;
  offered: number;
  late: number;
  dropped: number;
  /** Request-seconds in flight: over `seconds`, the mean requests in flight. */
  busy: number;
  /** Requests by status class. */
  classes: Record<string, number>;
}

const maxOrNull = (values: (number | null | undefined)[]): number | null => {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return present.length ? Math.max(...present) : null;
};

const total = <T>(items: readonly T[], count: (item: T) => number | undefined) => items.reduce((n, item) => n + (count(item) ?? 0), 0);

/** The window length in seconds, read from the spacing of the windows (1 s when there is only one). */
export function windowSeconds(timeline: readonly Pick<TimelinePoint, 't'>[]): number {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < timeline.length; i++) {
    const gap = timeline[i]!.t - timeline[i - 1]!.t;
    if (gap > 0) step = Math.min(step, gap);
  }
  return Number.isFinite(step) ? step : 1;
}

function addClasses(into: Record<string, number>, from: Record<string, number> | undefined): Record<string, number> {
  for (const [cls, n] of Object.entries(from ?? {})) if (typeof n === 'number') into[cls] = (into[cls] ?? 0) + n;
  return into;
}

/**
 * Groups windows into at most `maxPoints` buckets of `seconds` each: counts are summed (rates
 * come from them), and each percentile is the worst of its windows (a spike is never averaged away).
 */
export function bucketTimeline(timeline: readonly TimelinePoint[], maxPoints = MAX_TIMELINE_POINTS, window = windowSeconds(timeline)): { buckets: TimelineBucket[]; windowsPerBucket: number } {
  const size = Math.max(1, Math.ceil(timeline.length / maxPoints));
  const buckets: TimelineBucket[] = [];
  for (let i = 0; i < timeline.length; i += size) {
    const group = timeline.slice(i, i + size);
    buckets.push({
      t: group[0]!.t,
      seconds: window * size,
      requests: total(group, (w) => w.requests),
      p50: maxOrNull(group.map((w) => w.p50)),
      p90: maxOrNull(group.map((w) => w.p90)),
      p99: maxOrNull(group.map((w) => w.p99)),
      errors: total(group, (w) => w.errors),
      violating: total(group, (w) => w.violating),
      warmup: total(group, (w) => w.warmup),
      offered: total(group, (w) => w.offered),
      late: total(group, (w) => w.late),
      dropped: total(group, (w) => w.dropped),
      busy: total(group, (w) => (w.inFlight ?? 0) * window),
      classes: group.reduce((into, w) => addClasses(into, w.classes), {} as Record<string, number>),
    });
  }
  return { buckets, windowsPerBucket: size };
}

/**
 * The last bucket usually holds only the run's final moments (or stragglers after the stop): its
 * counts over a whole bucket would show a collapse that never happened. Its `seconds` become the
 * part the run covered, so every rate of it — requests, errors, offered, in flight — is scaled
 * alike; a sliver under a quarter of a bucket joins the bucket before it instead (a few requests
 * over a few milliseconds would show a spike that never happened either). Pure: returns new buckets.
 */
export function coverLastBucket(buckets: readonly TimelineBucket[], runSeconds: number): TimelineBucket[] {
  const out = buckets.map((b) => ({ ...b, classes: { ...b.classes } }));
  const last = out.at(-1);
  const covered = runSeconds - (last?.t ?? 0);
  // Nothing to scale, or figures that do not fit (a run that ended before its last window): left whole.
  if (!last || !(covered > 0) || covered >= last.seconds) return out;
  const previous = out.at(-2);
  if (covered >= last.seconds * SLIVER || !previous) {
    last.seconds = covered;
    return out;
  }
  out.pop();
  out[out.length - 1] = {
    ...previous,
    seconds: previous.seconds + Math.max(0, covered),
    requests: previous.requests + last.requests,
    p50: maxOrNull([previous.p50, last.p50]),
    p90: maxOrNull([previous.p90, last.p90]),
    p99: maxOrNull([previous.p99, last.p99]),
    errors: previous.errors + last.errors,
    violating: previous.violating + last.violating,
    warmup: previous.warmup + last.warmup,
    offered: previous.offered + last.offered,
    late: previous.late + last.late,
    dropped: previous.dropped + last.dropped,
    busy: previous.busy + last.busy,
    classes: addClasses(previous.classes, last.classes),
  };
  return out;
}

/** A count of a bucket per second of it. */
export function perSecond(count: number, bucket: Pick<TimelineBucket, 'seconds'>): number {
  return bucket.seconds > 0 ? count / bucket.seconds : 0;
}

/** The x of a bucket's point: the middle of the part the run covered. */
export function middle(bucket: Pick<TimelineBucket, 't' | 'seconds'>): number {
  return bucket.t + bucket.seconds / 2;
}

/**
 * Stacks layers bottom to top: for each point, each layer's [low, high] (the sum of the layers
 * under it, and that plus its own value). Pure.
 */
export function stack(layers: readonly (readonly number[])[]): [number, number][][] {
  const length = Math.max(0, ...layers.map((l) => l.length));
  const floor = new Array<number>(length).fill(0);
  return layers.map((layer) =>
    floor.map((low, i) => {
      const high = low + (layer[i] ?? 0);
      floor[i] = high;
      return [low, high] as [number, number];
    }),
  );
}
