import { describe, expect, it } from 'vitest';
import { createLatencyHistogram } from '../../../src/record/histogram.js';
import { createRng } from '../../../src/random.js';
import { compareReports } from '../../../src/verdict/baseline.js';
import { percentileChangeInterval, resamplePercentile } from '../../../src/verdict/bootstrap.js';
import { bucketsOf, rankOfPercentile, valueAtRank } from '../../../src/verdict/buckets.js';
import { latencies, reportOf } from '../../helpers/reports.js';

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
