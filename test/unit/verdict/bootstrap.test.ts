import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/random.js';
import { percentileChangeInterval, percentileInterval, resamplePercentile } from '../../../src/verdict/bootstrap.js';
import type { Buckets } from '../../../src/verdict/buckets.js';

// n distinct values 1 … n, one each: a replicate's value is its rank, so its law can be read off directly.
const n = 100_000;
const ranks: Buckets = { values: Float64Array.from({ length: n }, (_, i) => i + 1), cumulative: Float64Array.from({ length: n }, (_, i) => i + 1), total: n };

/** Frequencies of the replicate at 0, 1, 2, 3 ranks from the given end, over `draws` replicates. */
function frequencies(percentile: number, fromTop: boolean, draws = 200_000): number[] {
  const random = createRng(1);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < draws; i++) {
    const rank = resamplePercentile(ranks, percentile, random);
    const j = fromTop ? n - rank : rank - 1;
    if (j < counts.length) counts[j]!++;
  }
  return counts.map((c) => c / draws);
}

/** P(rank = r) for r = ceil(u·n), from the CDF of u. */
const exact = (cdf: (x: number) => number, rs: number[]) => rs.map((r) => cdf(r / n) - cdf((r - 1) / n));

describe('resamplePercentile: one bootstrap replicate is the k-th smallest of n draws', () => {
  // The k-th smallest of n uniforms is Beta(k, n−k+1): at the extremes its law has a closed form.
  it('the largest of n (p100-ish): P(u ≤ x) = xⁿ', () => {
    const want = exact((x) => x ** n, [n, n - 1, n - 2, n - 3]);
    frequencies(99.999999, true).forEach((f, j) => expect(Math.abs(f - want[j]!)).toBeLessThan(0.004));
  });

  it('the smallest of n: P(u ≤ x) = 1 − (1 − x)ⁿ', () => {
    const want = exact((x) => 1 - (1 - x) ** n, [1, 2, 3, 4]);
    frequencies(0.000001, false).forEach((f, j) => expect(Math.abs(f - want[j]!)).toBeLessThan(0.004));
  });

  it('the second largest of n: P(u ≤ x) = n·xⁿ⁻¹ − (n−1)·xⁿ', () => {
    const want = exact((x) => n * x ** (n - 1) - (n - 1) * x ** n, [n, n - 1, n - 2, n - 3]);
    frequencies(99.999, true).forEach((f, j) => expect(Math.abs(f - want[j]!)).toBeLessThan(0.004));
  });
});

describe('bootstrap intervals hold the stated share of the replicates', () => {
  // The median of n = 100,000: Beta(k, n−k+1) with k = 50,000 is near normal, σ = n·√(k(n−k+1)) / ((n+1)·√(n+2)) ≈ 158 ranks.
  const k = n / 2;
  const sigma = (n * Math.sqrt(k * (n - k + 1))) / ((n + 1) * Math.sqrt(n + 2));
  const options = { iterations: 4000, seed: 1 };

  it('percentileInterval: median ± 1.96 σ at 95 %, ± 1.645 σ at 90 %', () => {
    const [low, high] = percentileInterval(ranks, 50, { ...options, confidence: 0.95 });
    expect(Math.abs(low - (k - 1.96 * sigma))).toBeLessThan(0.15 * sigma);
    expect(Math.abs(high - (k + 1.96 * sigma))).toBeLessThan(0.15 * sigma);
    const [low90, high90] = percentileInterval(ranks, 50, { ...options, confidence: 0.9 });
    expect(Math.abs(low90 - (k - 1.645 * sigma))).toBeLessThan(0.15 * sigma);
    expect(Math.abs(high90 - (k + 1.645 * sigma))).toBeLessThan(0.15 * sigma);
  });

  it('percentileChangeInterval: the same, shifted by the old value, when the old run is one fixed value', () => {
    const one: Buckets = { values: Float64Array.from([1]), cumulative: Float64Array.from([10]), total: 10 };
    const [low, high] = percentileChangeInterval(one, ranks, 50, { ...options, confidence: 0.95 });
    expect(Math.abs(low - (k - 1 - 1.96 * sigma))).toBeLessThan(0.15 * sigma);
    expect(Math.abs(high - (k - 1 + 1.96 * sigma))).toBeLessThan(0.15 * sigma);
  });
});
