import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketsOf } from '../../../src/metrics/buckets.js';
import { LATENCY_BUCKETS_SECONDS } from '../../../src/metrics/names.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../../src/record/histogram.js';

const sumOf = (valuesUs: number[]) => valuesUs.reduce((a, b) => a + b, 0);
const histogramOf = (valuesUs: number[]) => {
  const h = createLatencyHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
};

describe('Prometheus buckets from an HDR histogram', () => {
  it('count the values at or below each bound; +Inf and _count are the total', () => {
    // Below 2048 µs HDR keeps every microsecond: the counts are exact.
    const values = [500, 1000, 1001, 1500, 2000];
    const b = bucketsOf(histogramOf(values), [0.0005, 0.001, 0.0015], sumOf(values));
    expect(b.cumulative).toEqual([1, 2, 4]);
    expect(b.count).toBe(5);
    expect(b.sum).toBeCloseTo(0.006001, 9);
  });

  it('are empty and zero for an empty histogram', () => {
    expect(bucketsOf(createLatencyHistogram(), LATENCY_BUCKETS_SECONDS, 0)).toEqual({ bounds: LATENCY_BUCKETS_SECONDS, cumulative: LATENCY_BUCKETS_SECONDS.map(() => 0), count: 0, sum: 0 });
  });

  it('put values past the last bound only in +Inf', () => {
    const b = bucketsOf(histogramOf([120_000_000]), LATENCY_BUCKETS_SECONDS, 120_000_000);
    expect(b.cumulative.at(-1)).toBe(0);
    expect(b.count).toBe(1);
  });

  it('agree with the exact counts within HDR resolution (3 significant digits), for any values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 90_000_000 }), { maxLength: 300 }), (values) => {
        // Through an encode/decode, as a worker's histogram arrives.
        const b = bucketsOf(decodeHistogram(encodeHistogram(histogramOf(values))), LATENCY_BUCKETS_SECONDS, sumOf(values));
        expect(b.count).toBe(values.length);
        LATENCY_BUCKETS_SECONDS.forEach((seconds, i) => {
          const us = seconds * 1e6;
          const atMost = values.filter((v) => v <= us).length;
          const withinResolution = values.filter((v) => v <= us * 1.001).length;
          expect(b.cumulative[i]).toBeGreaterThanOrEqual(atMost);
          expect(b.cumulative[i]).toBeLessThanOrEqual(withinResolution);
        });
        for (let i = 1; i < b.cumulative.length; i++) expect(b.cumulative[i]).toBeGreaterThanOrEqual(b.cumulative[i - 1]!);
      }),
      { numRuns: 50 },
    );
  });
});
