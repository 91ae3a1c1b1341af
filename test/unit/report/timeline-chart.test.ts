import { describe, expect, it } from 'vitest';
import { bucketTimeline, coverLastBucket, timelineCharts, windowSeconds, type TimelineBucket } from '../../../src/report/charts/timeline-chart.js';
import { stack } from '../../../src/report/charts/timeline-data.js';
import type { TimelinePoint } from '../../../src/run-report.js';
import { emptyReport, millionReport, mixedReport, overloadReport } from '../../helpers/report-fixtures.js';

const point = (t: number, p99: number | null, extra: Partial<TimelinePoint> = {}): TimelinePoint => ({ t, requests: 10, rps: 10, p50: p99 && p99 / 2, p90: p99, p99, max: p99, errors: 0, violating: 0, hdr: '', ...extra });

describe('bucketTimeline', () => {
  it('keeps every window while they are few', () => {
    const timeline = [point(0, 5), point(1, 6)];
    expect(bucketTimeline(timeline).buckets).toHaveLength(2);
    expect(bucketTimeline(timeline).windowsPerBucket).toBe(1);
  });

  it('groups a long run: worst percentile, summed counts, in-flight time and status classes', () => {
    const timeline = Array.from({ length: 3000 }, (_, i) =>
      point(i, i === 7 ? 900 : 10, { errors: i === 8 ? 3 : 0, p50: i === 9 ? null : 5, inFlight: i % 2 ? 4 : 2, offered: 11, late: i === 6 ? 2 : undefined, classes: { '2xx': 9, '5xx': 1 } }),
    );
    const { buckets, windowsPerBucket } = bucketTimeline(timeline, 720);
    expect(windowsPerBucket).toBe(5);
    expect(buckets).toHaveLength(600);
    expect(buckets[1]).toMatchObject({ t: 5, seconds: 5, requests: 50, p99: 900, errors: 3, p50: 5, offered: 55, late: 2, dropped: 0, classes: { '2xx': 45, '5xx': 5 } });
    // In flight 4, 2, 4, 2, 4 requests over 1 s each: 16 request-seconds.
    expect(buckets[1]!.busy).toBe(16);
    expect(buckets[0]!.p99).toBe(10);
  });

  it('reads the window length from the spacing of the windows', () => {
    expect(windowSeconds([point(0, 1), point(5, 1), point(10, 1)])).toBe(5);
    expect(windowSeconds([point(3, 1)])).toBe(1);
  });
});

describe('coverLastBucket', () => {
  const bucket = (t: number, requests: number, extra: Partial<TimelineBucket> = {}): TimelineBucket => ({
    t, seconds: 1, requests, p50: 1, p90: 1, p99: 1, errors: 0, violating: 0, warmup: 0, offered: requests, late: 0, dropped: 0, busy: requests / 10, classes: { '2xx': requests }, ...extra,
  });

  it('rates a partly covered last window over the part the run covered: every count alike', () => {
    const buckets = [bucket(0, 100), bucket(1, 60, { errors: 6 })];
    const covered = coverLastBucket(buckets, 1.6);
    expect(covered[1]!.seconds).toBeCloseTo(0.6, 9);
    expect(covered[1]).toMatchObject({ requests: 60, errors: 6, offered: 60 });
    // Pure: the input is left as it was.
    expect(buckets[1]!.seconds).toBe(1);
  });

  it('joins a sliver (a few stragglers after the stop) to the window before it', () => {
    const covered = coverLastBucket([bucket(0, 100), bucket(1, 100, { p99: 5 }), bucket(2, 3, { p99: 40, dropped: 2 })], 2.03);
    expect(covered).toHaveLength(2);
    expect(covered[1]).toMatchObject({ t: 1, requests: 103, p99: 40, dropped: 2, offered: 103, classes: { '2xx': 103 } });
    expect(covered[1]!.seconds).toBeCloseTo(1.03, 9);
  });

  it('leaves whole windows, and figures that do not fit, as they are', () => {
    expect(coverLastBucket([bucket(0, 100), bucket(1, 100)], 2)[1]!.seconds).toBe(1);
    expect(coverLastBucket([bucket(0, 100), bucket(1, 100)], 0.5)[1]!.seconds).toBe(1);
    expect(coverLastBucket([bucket(0, 3)], 0.1)[0]!.seconds).toBeCloseTo(0.1, 9);
  });
});

describe('stack', () => {
  it('puts each layer on the ones under it', () => {
    expect(stack([[1, 2], [3, 0], [0, 5]])).toEqual([
      [[0, 1], [0, 2]],
      [[1, 4], [2, 2]],
      [[4, 4], [2, 7]],
    ]);
    expect(stack([])).toEqual([]);
  });
});

describe('timelineCharts', () => {
  it('plots p50/p90/p99 and throughput, marking windows with errors and violations', () => {
    const { latency, throughput } = timelineCharts(mixedReport());
    expect(latency.series.map((s) => s.name)).toEqual(['p50', 'p90', 'p99']);
    expect(throughput.series.map((s) => s.name)).toEqual(['requests/s', 'errors/s', 'violating/s']);
    expect(latency.x.label).toBe('time since start');
    // One unit story: the ticks carry the unit, so the title names none.
    expect(latency.y.label).toBe('latency');
    expect(latency.y.ticks.at(-1)!.label).toMatch(/\d(ms|s)$/);
    // The fixture's resets all end in second 20, its schema violations from second 24 on.
    const errorMarks = latency.markers!.filter((m) => m.colour === 'red');
    expect(errorMarks.some((m) => m.x === 20.5 && /errors at 20s–21s/.test(m.title))).toBe(true);
    const violationMarks = latency.markers!.filter((m) => m.colour === 'amber').map((m) => m.x);
    expect(violationMarks).toContain(24.5);
    // The latency spike (seconds 12-14) shows in p99.
    const p99 = new Map(latency.series[2]!.points.map(([x, y]) => [x, y]));
    expect(p99.get(13.5)!).toBeGreaterThan(3 * p99.get(3.5)!);
    expect(throughput.y.max).toBeGreaterThanOrEqual(100);
  });

  it('rates the half-covered last window over its half in every series alike, and draws it in each', () => {
    const report = overloadReport();
    const { throughput, load, status } = timelineCharts(report);
    expect(throughput.series.map((s) => s.name)).toEqual(['requests/s', 'offered/s (arrivals due)', 'errors/s', 'violating/s']);
    const last = (name: string) => throughput.series.find((s) => s.name === name)!.points.at(-1)!;
    // The requests that ended in the 0.5 s the run covered of its last window, over 0.5 s (not 1 s), drawn at 10.25 s.
    const window = report.timeline.at(-1)!;
    expect(window.requests).toBeGreaterThan(45);
    expect(last('requests/s')).toEqual([10.25, window.requests / 0.5]);
    expect(last('offered/s (arrivals due)')).toEqual([10.25, 100]);
    expect(window.errors).toBeGreaterThan(0);
    expect(last('errors/s')).toEqual([10.25, window.errors / 0.5]);
    for (const series of [...throughput.series, ...load.series.filter((s) => s.points.length > 2)]) expect(series.points.at(-1)![0], series.name).toBe(10.25);
    expect(throughput.x.max).toBe(10.5);
    // The stacked status bands reach the end of the run, the last step at 100/s too.
    const top = status.bands!.at(-1)!;
    expect(top.points.at(-1)).toEqual([10.5, expect.any(Number), window.requests / 0.5]);
    // The hover of that window says it was partial.
    expect(throughput.hover!.at(-1)!.text).toMatch(/^10s–10\.5s \(the run covered 500ms of this 1s window; rates over that\)/);
  });

  it('draws the load: in flight against the cap, late and dropped per second on their own axis', () => {
    const { load } = timelineCharts(overloadReport());
    expect(load.series.map((s) => [s.name, s.axis ?? 'y'])).toEqual([['in flight (mean)', 'y'], ['in-flight cap (50)', 'y'], ['late/s', 'y2'], ['dropped/s', 'y2']]);
    const at = (name: string, x: number) => load.series.find((s) => s.name === name)!.points.find(([px]) => px === x)?.[1];
    // Seconds 6–8 are slow: about 100 arrivals/s × 0.415 s in flight; second 2 is fast (50/s × 20 ms).
    expect(at('in flight (mean)', 6.5)).toBeGreaterThan(30);
    expect(at('in flight (mean)', 2.5)).toBeCloseTo(1, 1);
    expect(at('dropped/s', 8.5)).toBe(30);
    expect(at('late/s', 6.5)).toBeGreaterThan(90);
    expect(at('late/s', 2.5)).toBe(0);
    expect(load.y2!.label).toBe('late / dropped per second');
  });

  it('stacks the status classes per second, failures at the bottom', () => {
    const { status } = timelineCharts(overloadReport());
    expect(status.bands!.map((b) => [b.name, b.colour])).toEqual([['5xx/s', 'red'], ['4xx/s', 'amber'], ['2xx/s', 'green']]);
    // Second 3: 25 of 50 answers were 429s (every other request); the 2xx layer sits on them.
    const at3 = (band: number) => status.bands![band]!.points.findLast(([x]) => x === 3)!;
    expect(at3(0)).toEqual([3, 0, 0]);
    expect(at3(1)).toEqual([3, 0, 25]);
    expect(at3(2)).toEqual([3, 25, 50]);
  });

  it('puts the virtual users of a closed run on the throughput chart (right axis) and in the load chart', () => {
    const { throughput, load } = timelineCharts(millionReport());
    const users = throughput.series.find((s) => s.axis === 'y2')!;
    expect(users.name).toBe('virtual users (1,500)');
    expect(users.points.map(([, y]) => y)).toEqual([1500, 1500]);
    expect(throughput.y2!.label).toBe('virtual users');
    // 10,000 answers/s of about 144 ms each: some 1,300–1,450 in flight, under the 1,500 users.
    expect(load.series.map((s) => s.name)).toEqual(['in flight (mean)', 'virtual users (1,500)']);
    const inFlight = load.series[0]!.points.map(([, y]) => y ?? 0);
    expect(Math.max(...inFlight)).toBeGreaterThan(1300);
    expect(Math.max(...inFlight)).toBeLessThan(1500);
  });

  it('says a report without load figures per window (an older chatload) has none, instead of drawing zeros', () => {
    const report = millionReport();
    const older = { ...report, timeline: report.timeline.map(({ inFlight: _i, offered: _o, late: _l, dropped: _d, ...window }) => window) };
    const { load } = timelineCharts(older);
    expect(load.series).toEqual([]);
    expect(load.emptyText).toMatch(/no load figures/);
  });

  it('has nothing to draw for a run that sent nothing', () => {
    const { latency, throughput, load, status } = timelineCharts(emptyReport());
    expect(latency.series.every((s) => s.points.length === 0)).toBe(true);
    expect(throughput.series.every((s) => s.points.length === 0)).toBe(true);
    expect(load.series).toEqual([]);
    expect(status.bands).toEqual([]);
  });
});
