import { JsHistogram, type Histogram } from '../record/histogram.js';

/** A histogram as sorted bucket values (µs, each bucket's highest equivalent value) and running counts. */
export interface Buckets {
  values: Float64Array;
  /** cumulative[i] = number of recorded values ≤ values[i]. */
  cumulative: Float64Array;
  total: number;
}

function asJs(histogram: Histogram): JsHistogram {
  // decodeHistogram/createLatencyHistogram build JS (not WebAssembly) histograms, which can be iterated.
  if (!(histogram instanceof JsHistogram)) throw new Error('expected a JS HDR histogram');
  return histogram;
}

export function bucketsOf(histogram: Histogram): Buckets {
  const values: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  const iterator = asJs(histogram).recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    total += step.countAtValueIteratedTo;
    values.push(step.valueIteratedTo);
    cumulative.push(total);
  }
  return { values: Float64Array.from(values), cumulative: Float64Array.from(cumulative), total };
}

/** The value of the rank-th smallest recorded value (1-based). */
export function valueAtRank(buckets: Buckets, rank: number): number {
  let lo = 0;
  let hi = buckets.values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (buckets.cumulative[mid]! >= rank) hi = mid;
    else lo = mid + 1;
  }
  return buckets.values[lo]!;
}

/** The rank HDR's getValueAtPercentile uses for a percentile of n values. */
export function rankOfPercentile(percentile: number, n: number): number {
  return Math.max(1, Math.min(n, Math.floor((percentile / 100) * n + 0.5)));
}

/** Recorded values ≤ limit (µs), to the histogram's resolution (a bucket straddling the limit is left out). */
export function countAtOrBelow(histogram: Histogram, limitUs: number): number {
  const buckets = bucketsOf(histogram);
  let count = 0;
  for (let i = 0; i < buckets.values.length && buckets.values[i]! <= limitUs; i++) count = buckets.cumulative[i]!;
  return count;
}
