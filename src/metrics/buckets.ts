import { JsHistogram, MICROS_PER_MS, type Histogram } from '../record/histogram.js';

const MICROS_PER_SECOND = MICROS_PER_MS * 1000;

/** A Prometheus histogram's figures: cumulative counts per upper bound, then the total count and sum. */
export interface BucketCounts {
  /** Upper bounds in seconds, ascending. */
  bounds: readonly number[];
  /** Values ≤ each bound (cumulative), as Prometheus's `_bucket{le=…}`. */
  cumulative: number[];
  /** All values: the `+Inf` bucket and `_count`. */
  count: number;
  /** Sum of the values in seconds. */
  sum: number;
}

/**
 * Prometheus buckets derived from an HDR histogram of microseconds: each bound counts the values
 * in the HDR buckets that start at or below it, so `count` is exactly the histogram's total count
 * and the buckets are exact to HDR's resolution (3 significant digits). The sum is given: the
 * recorder keeps it exactly. Pure; one pass over the counts up to the last bound (HDR's own
 * iterators cost 50 × more per scrape).
 */
export function bucketsOf(histogram: Histogram, boundsSeconds: readonly number[], sumUs: number): BucketCounts {
  const count = histogram.totalCount;
  const sum = sumUs / MICROS_PER_SECOND;
  if (count === 0) return { bounds: boundsSeconds, cumulative: boundsSeconds.map(() => 0), count, sum };
  if (!(histogram instanceof JsHistogram)) throw new Error('bucketsOf needs a JavaScript HDR histogram (createLatencyHistogram)');
  const last = histogram.countsArrayLength - 1;
  const cumulative: number[] = [];
  let running = 0;
  let index = 0;
  for (const seconds of boundsSeconds) {
    // The HDR bucket holding the bound starts at or below it: it is counted in, as HDR counts ranges.
    const end = Math.min(histogram.countsArrayIndex(seconds * MICROS_PER_SECOND), last);
    while (index <= end && running < count) running += histogram.getCountAtIndex(index++);
    cumulative.push(running);
  }
  return { bounds: boundsSeconds, cumulative, count, sum };
}
