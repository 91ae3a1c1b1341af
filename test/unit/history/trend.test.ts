import { describe, expect, it } from 'vitest';
import { computeTrend, wilsonInterval } from '../../../src/history/trend.js';
import type { RunReport } from '../../../src/run-report.js';
import { storedRun } from '../../helpers/history.js';
import { latencies, reportOf } from '../../helpers/reports.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T10:00:00Z');

/** A report of `n` answers around `median` ms, started `day` days after T0. */
function run(day: number, median: number, options: { scenario?: string; errors?: number; seed?: number; n?: number } = {}): RunReport {
  const n = options.n ?? 2000;
  const values = latencies(n, median, 0.15, options.seed ?? day + 1);
  const exchanges = values.map((ms, i) => ({ ms, status: i < (options.errors ?? 0) ? 500 : 201 }));
  return reportOf(exchanges, {
    scenario: { name: options.scenario ?? 'smoke', file: 'scenarios/smoke.yaml' },
    startedAtEpochMs: T0 + day * DAY,
    endedAtEpochMs: T0 + day * DAY + 10_000,
  });
}

describe('computeTrend', () => {
  it('one series per scenario and target, oldest run first, with the figures of each report', () => {
    const reports = [run(2, 50), run(0, 40), run(1, 45, { scenario: 'other' }), run(3, 55, { errors: 20 })];
    const trend = computeTrend(reports.map((r, i) => storedRun(i + 1, r)), { metric: 'p99', outDir: '/x/trend', iterations: 500 });
    expect(trend.runs).toBe(4);
    expect(trend.series.map((s) => [s.scenario, s.points.map((p) => p.run)])).toEqual([
      ['smoke', [2, 1, 4]],
      ['other', [3]],
    ]);
    for (const series of trend.series) {
      for (const point of series.points) {
        const report = reports[point.run - 1]!;
        expect(point.p50.ms).toBe(report.latency.p50);
        expect(point.metric.ms).toBe(report.latency.p99);
        expect(point.errorRate.value).toBe(report.totals.errorRate);
        expect(point.rps).toBe(report.totals.rps);
        expect(point.p50.low!).toBeLessThanOrEqual(point.p50.ms!);
        expect(point.p50.high!).toBeGreaterThanOrEqual(point.p50.ms!);
        expect(point.metric.low!).toBeLessThan(point.metric.high!);
      }
    }
    expect(trend.series[0]!.points[2]!.errorRate.low).toBeGreaterThan(0);
  });

  it('marks a run that regressed against the previous passing, complete run of its series', () => {
    const fast = storedRun(1, run(0, 100));
    const failing = storedRun(2, { ...run(1, 100, { seed: 9 }), verdict: 'fail' });
    const partial = storedRun(3, { ...run(2, 100, { seed: 10 }), partial: true });
    const slow = storedRun(4, run(3, 130));
    const same = storedRun(5, run(4, 130, { seed: 11 }));
    const trend = computeTrend([fast, failing, partial, slow, same], { metric: 'p99', outDir: '/x', iterations: 500 });
    const points = trend.series[0]!.points;
    expect(points.map((p) => p.comparedWith)).toEqual([null, 1, 1, 1, 4]);
    expect(points[3]!.regressions.map((r) => r.metric)).toEqual(expect.arrayContaining(['p50', 'p99']));
    expect(points[3]!.regressions[0]!.note).toMatch(/slower by/);
    expect(points[4]!.regressions).toEqual([]);
    expect(points[0]!.regressions).toEqual([]);
  });

  it('links each point to its report.html, relative to the trend page', () => {
    const point = computeTrend([storedRun(1, run(0, 10, { n: 50 }), { reportDir: '/x/runs/r 1' })], { metric: 'p50', outDir: '/x/trend', iterations: 100 }).series[0]!.points[0]!;
    expect(point.report).toBe('../runs/r%201/report.html');
    expect(computeTrend([storedRun(1, run(0, 10, { n: 50 }))], { metric: 'p50', outDir: '/x', iterations: 100 }).series[0]!.points[0]!.report).toBeNull();
  });

  it('is the same for the same runs (seeded intervals)', () => {
    const runs = [storedRun(1, run(0, 40)), storedRun(2, run(1, 44))];
    expect(computeTrend(runs, { metric: 'p90', outDir: '/x', iterations: 300 })).toEqual(computeTrend(runs, { metric: 'p90', outDir: '/x', iterations: 300 }));
  });

  it('gives no interval for a run without responses', () => {
    const empty = reportOf([], { startedAtEpochMs: T0, endedAtEpochMs: T0 + 1000 });
    const point = computeTrend([storedRun(1, empty)], { metric: 'p99', outDir: '/x', iterations: 100 }).series[0]!.points[0]!;
    expect(point.metric).toEqual({ ms: null, low: null, high: null });
    expect(point.errorRate).toEqual({ value: 0, low: 0, high: 0 });
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    const [low, high] = wilsonInterval(10, 100);
    expect(low).toBeCloseTo(0.0552, 3);
    expect(high).toBeCloseTo(0.1744, 3);
    expect(wilsonInterval(0, 100)[0]).toBe(0);
    expect(wilsonInterval(0, 100)[1]).toBeCloseTo(0.037, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 0]);
  });
});
