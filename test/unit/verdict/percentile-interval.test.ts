import { describe, expect, it } from 'vitest';
import { createLatencyHistogram } from '../../../src/record/histogram.js';
import { percentileInterval } from '../../../src/verdict/bootstrap.js';
import { bucketsOf, rankOfPercentile, valueAtRank, type Buckets } from '../../../src/verdict/buckets.js';
import { latencies } from '../../helpers/reports.js';

function buckets(values: number[]) {
  const h = createLatencyHistogram();
  for (const v of values) h.recordValue(Math.round(v * 1000));
  return bucketsOf(h);
}

describe('percentileInterval', () => {
  const options = { iterations: 1000, confidence: 0.95, seed: 3 };

  it('holds the percentile, and narrows as the sample grows', () => {
    const small = buckets(latencies(200, 100, 0.3, 1));
    const large = buckets(latencies(20_000, 100, 0.3, 1));
    const median = (b: Buckets) => valueAtRank(b, rankOfPercentile(50, b.total));
    const [sLow, sHigh] = percentileInterval(small, 50, options);
    const [lLow, lHigh] = percentileInterval(large, 50, options);
    expect(sLow).toBeLessThanOrEqual(median(small));
    expect(sHigh).toBeGreaterThanOrEqual(median(small));
    expect(lLow).toBeLessThanOrEqual(median(large));
    expect(lHigh).toBeGreaterThanOrEqual(median(large));
    expect(lHigh - lLow).toBeLessThan((sHigh - sLow) / 4);
  });

  it('is seeded: the same histogram gives the same interval', () => {
    const b = buckets(latencies(500, 50, 0.5, 2));
    expect(percentileInterval(b, 99, options)).toEqual(percentileInterval(b, 99, options));
  });
});
