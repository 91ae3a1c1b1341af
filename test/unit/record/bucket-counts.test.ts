import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketCounts, bucketIndexOf, bucketValueOf } from '../../../src/record/bucket-counts.js';
import { createLatencyHistogram, encodeHistogram } from '../../../src/record/histogram.js';

describe('bucket counts (the breakdown histograms)', () => {
  it('find the bucket HDR finds, for any value a run records (µs, up to 24 days)', () => {
    const hdr = createLatencyHistogram() as unknown as { countsArrayIndex(value: number): number };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.integer({ min: 0, max: 2_100_000_000_000 })), (value) => {
        expect(bucketIndexOf(value)).toBe(hdr.countsArrayIndex(value));
        expect(bucketIndexOf(bucketValueOf(bucketIndexOf(value)))).toBe(bucketIndexOf(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('find the bucket HDR finds at the edges of the 32-bit fast path', () => {
    const hdr = createLatencyHistogram() as unknown as { countsArrayIndex(value: number): number };
    for (const value of [0, 1, 2047, 2048, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1]) expect(bucketIndexOf(value)).toBe(hdr.countsArrayIndex(value));
  });

  it('encode exactly as an HDR histogram fed the raw values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 40_000_000 }), fc.constant(2 ** 32 + 17)), { maxLength: 300 }), (values) => {
        const counts = new BucketCounts();
        const hdr = createLatencyHistogram();
        for (const v of values) {
          counts.addAt(bucketIndexOf(v));
          hdr.recordValue(v);
        }
        expect(counts.total).toBe(values.length);
        expect(encodeHistogram(counts.toHistogram())).toBe(encodeHistogram(hdr));
      }),
      { numRuns: 200 },
    );
  });

  it('hold only the buckets up to the largest value seen', () => {
    const counts = new BucketCounts();
    expect(counts.bytes).toBe(0);
    counts.addAt(bucketIndexOf(20_000));
    const small = counts.bytes;
    counts.addAt(bucketIndexOf(30_000_000));
    expect(small).toBeLessThan(counts.bytes);
    expect(counts.bytes).toBeLessThan(100_000);
  });
});

describe('bucket counts: growth', () => {
  const sameAsHdr = (values: number[]) => {
    const counts = new BucketCounts();
    const hdr = createLatencyHistogram();
    for (const v of values) {
      counts.addAt(bucketIndexOf(v));
      hdr.recordValue(v);
    }
    return encodeHistogram(counts.toHistogram()) === encodeHistogram(hdr) && counts.total === values.length;
  };

  it('keep a value at the first index past the counts held, and the counts held before growing', () => {
    expect(sameAsHdr([0])).toBe(true);
    expect(sameAsHdr([3, 1023, 1024])).toBe(true);
    expect(sameAsHdr([7, 7, 50_000, 7, 3_000_000])).toBe(true);
  });

  it('grow a whole bucket at a time, no further than the largest value needs', () => {
    const counts = new BucketCounts();
    counts.addAt(0);
    expect(counts.bytes).toBe(1024 * 4);
    counts.addAt(1024);
    expect(counts.bytes).toBe(2048 * 4);
    counts.addAt(2047);
    expect(counts.bytes).toBe(2048 * 4);
  });
});
