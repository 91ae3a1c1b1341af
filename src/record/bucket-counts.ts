import { createLatencyHistogram, LATENCY_DIGITS, type Histogram } from './histogram.js';

/*
 * Why not an HDR histogram per group: hdr-histogram-js finds a value's bucket with Math.log2 and
 * Math.pow, about 100 ns a value, and a breakdown records each exchange into six histograms (agent
 * and turn × latency, service time, goodput). Here the bucket index is found once per value with
 * Math.clz32, in the exact layout of chatload's latency histograms (1 µs lowest, LATENCY_DIGITS
 * digits), and each group only adds 1 at it. `toHistogram` hands the counts to the library, so
 * what is encoded, merged and read back is an ordinary HDR histogram, bucket for bucket the one
 * the raw values would have made (test/unit/record/bucket-counts.test.ts checks that).
 */

/** log2 of half the sub-bucket count: 10 for 3 digits (2 · 10³ values at unit resolution → 2048 sub-buckets). */
const HALF_MAGNITUDE = Math.ceil(Math.log2(2 * 10 ** LATENCY_DIGITS)) - 1;
const HALF = 2 ** HALF_MAGNITUDE;
const UINT32 = 2 ** 32;

/** The counts-array index HDR gives a whole, non-negative value (µs). */
export function bucketIndexOf(value: number): number {
  if (value < UINT32) {
    const bucket = Math.max(0, 31 - Math.clz32(value) - HALF_MAGNITUDE);
    return bucket * HALF + (value >>> bucket);
  }
  const bucket = Math.floor(Math.log2(value)) - HALF_MAGNITUDE;
  return bucket * HALF + Math.floor(value / 2 ** bucket);
}

/** The lowest value of the bucket at `index`: recording it lands in that same bucket. */
export function bucketValueOf(index: number): number {
  if (index < 2 * HALF) return index;
  const bucket = Math.floor(index / HALF) - 1;
  return ((index % HALF) + HALF) * 2 ** bucket;
}

/** Counts per HDR bucket, grown to the largest value seen; O(1) per value. */
export class BucketCounts {
  private counts = new Uint32Array(0);
  total = 0;

  /** Adds one value whose index (`bucketIndexOf`) the caller found once for several groups. */
  addAt(index: number): void {
    if (index >= this.counts.length) this.grow(index);
    this.counts[index]!++;
    this.total++;
  }

  /** Bytes held by the counts. */
  get bytes(): number {
    return this.counts.byteLength;
  }

  private grow(index: number): void {
    // Whole buckets at a time: a bucket doubles the range, so a run grows this a few times at most.
    const length = (Math.floor(index / HALF) + 1) * HALF;
    const counts = new Uint32Array(length);
    counts.set(this.counts);
    this.counts = counts;
  }

  /** The counts as a chatload latency histogram. */
  toHistogram(): Histogram {
    const histogram = createLatencyHistogram();
    const { counts } = this;
    for (let i = 0; i < counts.length; i++) if (counts[i]) histogram.recordValueWithCount(bucketValueOf(i), counts[i]!);
    return histogram;
  }
}
