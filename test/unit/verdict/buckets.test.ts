import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram } from '../../../src/record/histogram.js';
import { bucketsOf, countAtOrBelow, rankOfPercentile, valueAtRank } from '../../../src/verdict/buckets.js';

function histogramOf(valuesUs: number[]) {
  const h = createLatencyHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

describe('buckets of an HDR histogram', () => {
  it('a histogram of one repeated value has that value at every rank', () => {
    const buckets = bucketsOf(histogramOf([1500, 1500, 1500, 1500, 1500]));
    expect(buckets.total).toBe(5);
    for (let rank = 1; rank <= 5; rank++) expect(valueAtRank(buckets, rank)).toBe(1500);
  });

  it('the first rank is the smallest value, the last rank the largest', () => {
    const buckets = bucketsOf(histogramOf([100, 200, 300, 400, 500]));
    expect([1, 2, 3, 4, 5].map((rank) => valueAtRank(buckets, rank))).toEqual([100, 200, 300, 400, 500]);
    expect(valueAtRank(buckets, rankOfPercentile(100, 5))).toBe(500);
  });

  it('counts the values at or below a limit, a value exactly at the limit included', () => {
    const h = histogramOf([1000, 1000, 2000]);
    expect([999, 1000, 1999, 2000, 5000].map((limit) => countAtOrBelow(h, limit))).toEqual([0, 2, 2, 3, 3]);
  });

  it('refuses a WebAssembly histogram, which cannot be iterated, with a clear error', async () => {
    await hdr.initWebAssembly();
    const wasm = hdr.build({ useWebAssembly: true });
    try {
      wasm.recordValue(1000);
      expect(() => bucketsOf(wasm)).toThrow('expected a JS HDR histogram');
    } finally {
      wasm.destroy();
    }
  });
});
