import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram } from '../../../src/record/histogram.js';
import { createRng } from '../../../src/random.js';
import { latencyReport } from '../../../src/report/build.js';
import { compareCapacity, comparePercentile, compareRate, compareReports, DEFAULT_TOLERANCE } from '../../../src/verdict/baseline.js';
import { percentileChangeInterval, resamplePercentile } from '../../../src/verdict/bootstrap.js';
import { bucketsOf, rankOfPercentile, valueAtRank } from '../../../src/verdict/buckets.js';
import { latencies, reportOf } from '../../helpers/reports.js';
import { sweepOf, sweepReportOf } from '../../helpers/sweep-fixtures.js';

const run = (ms: number[], status = 201) => reportOf(ms.map((v) => ({ ms: v, status })));
const metric = (report: ReturnType<typeof compareReports>, name: string) => report.metrics.find((m) => m.metric === name)!;

describe('baseline comparison on synthetic histograms', () => {
  it('no change → pass', () => {
    const before = run(latencies(4000, 40, 0.3, 1));
    const after = run(latencies(4000, 40, 0.3, 2));
    const result = compareReports(before, after, 'old/report.json');
    expect(result.verdict).toBe('pass');
    expect(result.metrics.map((m) => m.metric)).toEqual(['p50', 'p90', 'p99', 'p999', 'errorRate', 'violationRate', 'rps']);
    const p99 = metric(result, 'p99');
    expect(p99.ci![0]).toBeLessThan(0);
    expect(p99.ci![1]).toBeGreaterThan(0);
    expect(result.file).toBe('old/report.json');
  });

  it('+30 % p99 with little noise → fail', () => {
    const values = latencies(20_000, 100, 0.1, 3);
    const result = compareReports(run(values), run(values.map((v) => v * 1.3)), 'old.json');
    const p99 = metric(result, 'p99');
    expect(p99.changeRatio).toBeCloseTo(0.3, 1);
    expect(p99.verdict).toBe('fail');
    expect(p99.ci![0]).toBeGreaterThan(0);
    expect(p99.note).toMatch(/slower by/);
    expect(result.verdict).toBe('fail');
  });

  it('+30 % p99 inside wide noise → pass with a note', () => {
    const values = latencies(60, 100, 1, 4);
    const result = compareReports(run(values), run(latencies(60, 100, 1, 5).map((v) => v * 1.3)), 'old.json');
    const p99 = metric(result, 'p99');
    expect(p99.change!).toBeGreaterThan(Math.max(0.1 * p99.old!, 5));
    expect(p99.verdict).toBe('pass');
    expect(p99.note).toMatch(/within noise/);
    expect(p99.ci![0]).toBeLessThanOrEqual(0);
  });

  it('a small rise stays within the tolerance (+10 % and +5 ms)', () => {
    const values = latencies(20_000, 20, 0.1, 6);
    const p99 = metric(compareReports(run(values), run(values.map((v) => v + 3)), 'old.json'), 'p99');
    expect(p99.verdict).toBe('pass');
    expect(p99.note).toMatch(/within tolerance/);
  });

  it('flags a rise of the error rate beyond tolerance and noise, and shows rps without gating it', () => {
    const ok = Array.from({ length: 2000 }, () => ({ ms: 10 }));
    const before = reportOf(ok);
    const after = reportOf([...ok.slice(0, 1800), ...Array.from({ length: 200 }, () => ({ ms: 10, status: 500 }))]);
    const result = compareReports(before, after, 'old.json');
    expect(metric(result, 'errorRate')).toMatchObject({ verdict: 'fail', old: 0, new: 0.1 });
    expect(metric(result, 'rps').verdict).toBe('info');
    expect(result.verdict).toBe('fail');
  });

  it('is seeded: the same inputs give the same intervals', () => {
    const a = run(latencies(500, 50, 0.5, 7));
    const b = run(latencies(500, 55, 0.5, 8));
    expect(compareReports(a, b, 'x')).toEqual(compareReports(a, b, 'x'));
  });
});

describe('bootstrap from HDR buckets', () => {
  const histogramOf = (values: number[]) => {
    const h = createLatencyHistogram();
    for (const v of values) h.recordValue(Math.round(v));
    return h;
  };

  it('ranks and bucket values match HDR percentiles', () => {
    const h = histogramOf(latencies(1000, 5000, 0.5, 9));
    const buckets = bucketsOf(h);
    expect(buckets.total).toBe(1000);
    for (const p of [1, 50, 90, 99, 99.9]) expect(valueAtRank(buckets, rankOfPercentile(p, 1000))).toBe(h.getValueAtPercentile(p));
  });

  it('the Beta shortcut gives the same replicate distribution as drawing n values with replacement', () => {
    const values = latencies(300, 5000, 0.6, 10);
    const buckets = bucketsOf(histogramOf(values));
    const random = createRng(11);
    const n = buckets.total;
    const naive: number[] = [];
    const fast: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const draw = Array.from({ length: n }, () => valueAtRank(buckets, 1 + Math.floor(random() * n))).sort((x, y) => x - y);
      naive.push(draw[rankOfPercentile(95, n) - 1]!);
      fast.push(resamplePercentile(buckets, 95, random));
    }
    const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(q * xs.length)]!;
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) expect(Math.abs(quantile(fast, q) - quantile(naive, q)) / quantile(naive, q)).toBeLessThan(0.05);
  });

  it('the interval of a change is centred near the true shift', () => {
    const values = latencies(50_000, 10_000, 0.2, 12);
    const [low, high] = percentileChangeInterval(bucketsOf(histogramOf(values)), bucketsOf(histogramOf(values.map((v) => v + 2000))), 99, { iterations: 500, confidence: 0.95, seed: 1 });
    expect(low).toBeGreaterThan(1000);
    expect(high).toBeLessThan(3000);
  });
});

/** A latency report of `n` answers at each given ms (µs histogram, as recorded). */
function latencyOf(...groups: [ms: number, n: number][]) {
  const h = createLatencyHistogram();
  for (const [ms, n] of groups) for (let i = 0; i < n; i++) h.recordValue(Math.round(ms * 1000));
  return latencyReport(encodeHistogram(h));
}

describe('comparePercentile: each verdict and its note', () => {
  const tol = DEFAULT_TOLERANCE;
  const at10 = latencyOf([10, 1000]);

  it('no change passes with no note; faster passes as "faster"', () => {
    expect(comparePercentile('p50', 50, at10, at10, tol)).toEqual({ metric: 'p50', unit: 'ms', old: 10.007, new: 10.007, change: 0, changeRatio: 0, ci: [0, 0], verdict: 'pass' });
    expect(comparePercentile('p50', 50, latencyOf([15, 1000]), at10, tol)).toMatchObject({ change: -5, changeRatio: -0.333, ci: [-5, -5], verdict: 'pass', note: 'faster' });
  });

  it('a rise of exactly the allowed growth passes within tolerance, even beyond noise', () => {
    const after = latencyOf([15, 1000]);
    const result = comparePercentile('p50', 50, at10, after, { ...tol, relative: 0, absoluteMs: after.p50! - at10.p50! });
    expect(result).toMatchObject({ verdict: 'pass', note: 'within tolerance (+5.00ms allowed)', ci: [5, 5] });
  });

  it('a rise beyond the tolerance and the noise fails, naming the change, the allowance and the interval in ms', () => {
    expect(comparePercentile('p50', 50, at10, latencyOf([20, 1000]), tol)).toEqual({
      metric: 'p50',
      unit: 'ms',
      old: 10.007,
      new: 20.015,
      change: 10.008,
      changeRatio: 1,
      ci: [10.008, 10.008],
      verdict: 'fail',
      note: 'slower by +10.0ms (+5.00ms allowed; 95% interval +10.0ms … +10.0ms)',
    });
    // The allowance is the larger of the relative and the absolute one: 10 % of 100 ms here.
    expect(comparePercentile('p50', 50, latencyOf([100, 1000]), latencyOf([120, 1000]), tol).note).toMatch(/\(\+10\.0ms allowed; 95% interval/);
  });

  it('an interval reaching down to exactly 0 is noise: pass', () => {
    // The new median sits on a 48/52 split: about one replicate in ten draws it back to 10 ms, the old value.
    const result = comparePercentile('p50', 50, at10, latencyOf([10, 480], [20, 520]), tol);
    expect(result).toMatchObject({ change: 10.008, ci: [0, 10.008], verdict: 'pass', note: 'within noise: the 95% interval of the change (+0.00ms … +10.0ms) includes 0' });
  });

  it('an interval reaching below 0 is noise, and its negative end is signed', () => {
    const result = comparePercentile('p50', 50, latencyOf([10, 490], [20, 510]), latencyOf([10, 480], [30, 520]), tol);
    expect(result).toMatchObject({ ci: [-10.008, 20.008], verdict: 'pass', note: 'within noise: the 95% interval of the change (−10.0ms … +20.0ms) includes 0' });
  });

  it('names the confidence level it was asked for', () => {
    expect(comparePercentile('p50', 50, at10, latencyOf([20, 1000]), { ...tol, confidence: 0.9 }).note).toMatch(/; 90% interval /);
  });

  it('a run with no answers is shown, not judged', () => {
    expect(comparePercentile('p50', 50, latencyOf(), at10, tol)).toEqual({ metric: 'p50', unit: 'ms', old: null, new: 10.007, change: null, changeRatio: null, verdict: 'info', note: 'no responses to compare' });
    expect(comparePercentile('p99', 99, at10, latencyOf(), tol)).toMatchObject({ old: 10.007, new: null, verdict: 'info', note: 'no responses to compare' });
  });
});

describe('compareRate: the two-proportion test', () => {
  const tol = DEFAULT_TOLERANCE;

  it('a rise inside the noise passes, naming the noise (±1.96 standard errors of the pooled rate)', () => {
    // pooled 0.14: 1.959964 × √(0.14 × 0.86 × (1/100 + 1/100)) = 0.09618
    const result = compareRate('errorRate', 10, 100, 18, 100, tol);
    expect(result).toMatchObject({ metric: 'errorRate', unit: 'ratio', old: 0.1, new: 0.18, verdict: 'pass', note: 'within noise (±9.618 points)' });
    expect(result.change).toBeCloseTo(0.08, 12);
    expect(result.changeRatio).toBe(0.8);
  });

  it('a rise beyond tolerance and noise fails, naming both', () => {
    // pooled 0.075 over 400 + 400: noise 1.959964 × √(0.075 × 0.925 × 0.005) = 0.0365
    expect(compareRate('violationRate', 10, 400, 50, 400, tol)).toMatchObject({ old: 0.025, new: 0.125, verdict: 'fail', note: 'up by 10 points (+0.5 points allowed, noise ±3.65 points)' });
  });

  it('a rise of exactly the tolerance passes with a note; no rise, or a fall, passes with none', () => {
    const tight = { ...tol, rateAbsolute: 0.01 };
    expect(compareRate('errorRate', 0, 10_000, 100, 10_000, tight)).toMatchObject({ change: 0.01, verdict: 'pass', note: 'within tolerance (+1 points allowed)' });
    expect(compareRate('errorRate', 1, 1000, 3, 1000, tol)).toMatchObject({ verdict: 'pass', note: 'within tolerance (+0.5 points allowed)' });
    expect(compareRate('errorRate', 5, 100, 5, 100, tol)).not.toHaveProperty('note');
    expect(compareRate('errorRate', 5, 100, 1, 100, tol)).toMatchObject({ verdict: 'pass' });
    expect(compareRate('errorRate', 5, 100, 1, 100, tol)).not.toHaveProperty('note');
  });

  it('a rate that was 0 has no ratio of change; a run with no requests is not judged', () => {
    expect(compareRate('errorRate', 0, 100, 1, 100, tol)).toMatchObject({ old: 0, new: 0.01, change: 0.01, changeRatio: null });
    expect(compareRate('errorRate', 0, 0, 1, 100, tol)).toEqual({ metric: 'errorRate', unit: 'ratio', old: null, new: 0.01, change: null, changeRatio: null, verdict: 'info', note: 'no requests to compare' });
  });
});

describe('compareCapacity: two sweeps', () => {
  // sweepOf: capacity 165/s, bracket 165 … 180/s.
  const old = sweepOf();

  it('the same capacity passes with no note; a higher one as "higher"', () => {
    expect(compareCapacity(old, sweepOf())).toEqual({ metric: 'capacity', unit: 'rps', old: 165, new: 165, change: 0, changeRatio: 0, verdict: 'pass' });
    expect(compareCapacity(old, sweepOf({ capacity: 200, bracket: { low: 200, high: 220 } }))).toMatchObject({ change: 35, changeRatio: 0.212, verdict: 'pass', note: 'higher' });
  });

  it('a lower capacity whose first failing rate is still above the old capacity passes, showing both brackets', () => {
    expect(compareCapacity(old, sweepOf({ capacity: 150, bracket: { low: 150, high: 170 } }))).toMatchObject({ change: -15, verdict: 'pass', note: 'lower, but within the brackets (old 165 … 180/s, new 150 … 170/s)' });
    expect(compareCapacity(old, sweepOf({ capacity: 150, bracket: { low: 150, high: null } })).note).toBe('lower, but within the brackets (old 165 … 180/s, new 150 … ∞/s)');
  });

  it('fails when the new sweep failed at the old capacity itself (the brackets do not overlap)', () => {
    expect(compareCapacity(old, sweepOf({ capacity: 150, bracket: { low: 150, high: 165 } }))).toMatchObject({
      verdict: 'fail',
      note: 'dropped beyond both brackets: 165/s failed, where the baseline met the SLOs at 165/s (old 165 … 180/s, new 150 … 165/s)',
    });
  });

  it('fails when the new sweep found no capacity, naming its SLOs; nothing to regress from when the old found none', () => {
    const none = sweepOf({ capacity: null, bracket: { low: null, high: 60 }, slos: ['p99<350ms', 'errorRate<1%'] });
    expect(compareCapacity(old, none)).toMatchObject({ change: null, changeRatio: null, verdict: 'fail', note: 'no level met every SLO (p99<350ms, errorRate<1%), where the baseline held 165/s' });
    expect(compareCapacity(none, old)).toMatchObject({ verdict: 'info', note: 'the baseline sweep found no capacity: nothing to regress from' });
  });
});

describe('compareReports of two sweeps', () => {
  it('compares capacity and the violation rate only; a drop beyond the brackets fails the comparison', () => {
    const result = compareReports(sweepReportOf(), sweepReportOf({ capacity: 150, bracket: { low: 150, high: 160 } }), 'old.json');
    expect(result.metrics.map((m) => [m.metric, m.verdict])).toEqual([
      ['capacity', 'fail'],
      ['violationRate', 'pass'],
    ]);
    expect(result.verdict).toBe('fail');
    expect(result).not.toHaveProperty('warnings');
    expect(compareReports(sweepReportOf(), sweepReportOf(), 'old.json').verdict).toBe('pass');
  });

  it('says when the two sweeps were held to different SLOs', () => {
    const two = sweepReportOf({ slos: ['p99<350ms', 'errorRate<1%'] });
    expect(compareReports(two, sweepReportOf(), 'old.json').metrics[0]!.note).toBe('the SLOs differ (p99<350ms, errorRate<1% → p99<350ms)');
    expect(compareReports(sweepReportOf(), two, 'old.json').metrics[0]!.note).toBe('the SLOs differ (p99<350ms → p99<350ms, errorRate<1%)');
    const lower = sweepReportOf({ capacity: 150, bracket: { low: 150, high: 170 } });
    expect(compareReports(two, lower, 'old.json').metrics[0]!.note).toBe('lower, but within the brackets (old 165 … 180/s, new 150 … 170/s); the SLOs differ (p99<350ms, errorRate<1% → p99<350ms)');
    expect(compareReports(sweepReportOf(), sweepReportOf(), 'old.json').metrics[0]).not.toHaveProperty('note');
  });
});

describe('compareReports: the verdict and the shown throughput', () => {
  it('passes when no metric failed, fails when one did, and shows rps with its change', () => {
    const before = reportOf(Array.from({ length: 200 }, () => ({ ms: 10 })), { durationMs: 10_000 });
    const after = reportOf(Array.from({ length: 200 }, () => ({ ms: 10 })), { durationMs: 5_000 });
    const result = compareReports(before, after, 'old.json');
    expect(result.verdict).toBe('pass');
    expect(result.metrics.find((m) => m.metric === 'rps')).toEqual({ metric: 'rps', unit: 'rps', old: 20, new: 40, change: 20, changeRatio: 1, verdict: 'info', note: 'throughput follows the load settings; shown, not gated' });
  });
});
