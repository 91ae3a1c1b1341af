import { createRng } from '../random.js';
import { rankOfPercentile, valueAtRank, type Buckets } from './buckets.js';

/** Standard normal variate (Box–Muller) from a uniform source. */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape ≥ 1) variate, Marsaglia–Tsang. */
function gamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function beta(a: number, b: number, random: () => number): number {
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/**
 * One bootstrap replicate of a percentile: the percentile of n values drawn with replacement
 * from the histogram's bucket distribution. Drawing n values and taking the k-th smallest is
 * the same as mapping the k-th smallest of n uniforms — a Beta(k, n−k+1) variate — through the
 * histogram's inverse distribution, so each replicate costs O(log buckets), not O(n).
 */
export function resamplePercentile(buckets: Buckets, percentile: number, random: () => number): number {
  const n = buckets.total;
  const k = rankOfPercentile(percentile, n);
  const u = beta(k, n - k + 1, random);
  return valueAtRank(buckets, Math.min(n, Math.max(1, Math.ceil(u * n))));
}

export interface BootstrapOptions {
  iterations: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  seed: number;
}

/** Confidence interval of (new − old) for a percentile, in the histograms' unit. Seeded, pure. */
export function percentileChangeInterval(before: Buckets, after: Buckets, percentile: number, options: BootstrapOptions): [number, number] {
  const random = createRng(options.seed);
  const diffs = new Float64Array(options.iterations);
  for (let i = 0; i < options.iterations; i++) diffs[i] = resamplePercentile(after, percentile, random) - resamplePercentile(before, percentile, random);
  diffs.sort();
  const tail = (1 - options.confidence) / 2;
  const at = (q: number) => diffs[Math.min(diffs.length - 1, Math.max(0, Math.floor(q * diffs.length)))]!;
  return [at(tail), at(1 - tail)];
}

/** Confidence interval of one percentile of one histogram (its noise), in the histogram's unit. Seeded, pure. */
export function percentileInterval(buckets: Buckets, percentile: number, options: BootstrapOptions): [number, number] {
  const random = createRng(options.seed);
  const draws = new Float64Array(options.iterations);
  for (let i = 0; i < options.iterations; i++) draws[i] = resamplePercentile(buckets, percentile, random);
  draws.sort();
  const tail = (1 - options.confidence) / 2;
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.floor(q * draws.length)))]!;
  return [at(tail), at(1 - tail)];
}
