import * as hdr from 'hdr-histogram-js';
import { MICROS_PER_MS, type Histogram } from '../record/histogram.js';

const MICROS_PER_SECOND = MICROS_PER_MS * 1000;

/** A Prometheus histogram's figures: cumulative counts per upper bound, then the total count and sum. */
export interface BucketCounts {
  /** Upper bounds in seconds, ascending. */
  bounds: readonly number[];
  /** Values ≤ each bound (cumulative), as Prometheus's `_bucket{le=…}`. */
  cumulative: number[];
  /** All values: the `+Inf` bucket and `_count`. */
  count: number;
  /** Sum of the values in seconds (HDR's mean × count: within its 3 significant digits). */
  sum: number;
}

/**
 * Prometheus buckets derived from an HDR histogram of microseconds: each bound counts the values
 * whose HDR bucket starts at or below it, so `count` is exactly the histogram's total count and the
 * buckets are exact to HDR's resolution (3 significant digits). Pure; O(recorded buckets).
 */
export function bucketsOf(histogram: Histogram, boundsSeconds: readonly number[]): BucketCounts {
  const count = histogram.totalCount;
  const perBucket = new Array<number>(boundsSeconds.length + 1).fill(0);
  if (count > 0) {
    if (!(histogram instanceof hdr.JsHistogram)) throw new Error('bucketsOf needs a JavaScript HDR histogram (createLatencyHistogram)');
    const boundsUs = boundsSeconds.map((s) => s * MICROS_PER_SECOND);
    const iterator = histogram.recordedValuesIterator;
    iterator.reset();
    let j = 0;
    while (iterator.hasNext()) {
      const step = iterator.next();
      const lowest = histogram.lowestEquivalentValue(step.valueIteratedTo);
      while (j < boundsUs.length && lowest > boundsUs[j]!) j++;
      perBucket[j]! += step.countAtValueIteratedTo;
    }
  }
  const cumulative: number[] = [];
  let running = 0;
  for (let i = 0; i < boundsSeconds.length; i++) cumulative.push((running += perBucket[i]!));
  return { bounds: boundsSeconds, cumulative, count, sum: count > 0 ? (histogram.mean * count) / MICROS_PER_SECOND : 0 };
}
