import { describe, expect, it } from 'vitest';
import { bucketTimeline, timelineCharts, trimLastThroughput, windowSeconds } from '../../../src/report/charts/timeline-chart.js';
import type { TimelinePoint } from '../../../src/report/types.js';
import { emptyReport, mixedReport } from '../../helpers/report-fixtures.js';

const point = (t: number, p99: number | null, extra: Partial<TimelinePoint> = {}): TimelinePoint => ({ t, requests: 10, rps: 10, p50: p99 && p99 / 2, p90: p99, p99, max: p99, errors: 0, violations: 0, hdr: '', ...extra });

describe('bucketTimeline', () => {
  it('keeps every window while they are few', () => {
    const timeline = [point(0, 5), point(1, 6)];
    expect(bucketTimeline(timeline).buckets).toHaveLength(2);
    expect(bucketTimeline(timeline).windowsPerBucket).toBe(1);
  });

  it('groups a long run: worst percentile, mean throughput, summed counts', () => {
    const timeline = Array.from({ length: 3000 }, (_, i) => point(i, i === 7 ? 900 : 10, { rps: i % 2 ? 20 : 10, errors: i === 8 ? 3 : 0, p50: i === 9 ? null : 5 }));
    const { buckets, windowsPerBucket } = bucketTimeline(timeline, 720);
    expect(windowsPerBucket).toBe(5);
    expect(buckets).toHaveLength(600);
    expect(buckets[1]).toMatchObject({ t: 5, requests: 50, rps: 16, p99: 900, errors: 3, p50: 5 });
    expect(buckets[0]!.p99).toBe(10);
  });

  it('reads the window length from the spacing of the windows', () => {
    expect(windowSeconds([point(0, 1), point(5, 1), point(10, 1)])).toBe(5);
    expect(windowSeconds([point(3, 1)])).toBe(1);
  });
});

describe('timelineCharts', () => {
  it('plots p50/p90/p99 and throughput, marking windows with errors and violations', () => {
    const { latency, throughput } = timelineCharts(mixedReport());
    expect(latency.series.map((s) => s.name)).toEqual(['p50', 'p90', 'p99']);
    expect(throughput.series.map((s) => s.name)).toEqual(['requests/s', 'errors/s', 'violating/s']);
    expect(latency.x.label).toBe('time since start');
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

  it('has nothing to draw for a run that sent nothing', () => {
    const { latency, throughput } = timelineCharts(emptyReport());
    expect(latency.series.every((s) => s.points.length === 0)).toBe(true);
    expect(throughput.series.every((s) => s.points.length === 0)).toBe(true);
  });
});

describe('trimLastThroughput', () => {
  const bucket = (t: number, requests: number) => ({ t, requests, rps: requests, p50: 1, p90: 1, p99: 1, errors: 0, violations: 0 });

  it('leaves out the rate of a last window the run barely reached, and rates a half-covered one over its covered part', () => {
    const stragglers = [bucket(0, 100), bucket(1, 100), bucket(2, 3)];
    trimLastThroughput(stragglers, 1, 2.03);
    expect(stragglers.map((b) => b.rps)).toEqual([100, 100, null]);
    const half = [bucket(0, 100), bucket(1, 60)];
    trimLastThroughput(half, 1, 1.6);
    expect(half[1]!.rps).toBeCloseTo(100, 6);
    const whole = [bucket(0, 100), bucket(1, 100)];
    trimLastThroughput(whole, 1, 2);
    expect(whole[1]!.rps).toBe(100);
  });
});
