import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, MICROS_PER_MS, summarize } from '../../../src/record/histogram.js';

const toMs = (us: number) => Math.round((us / MICROS_PER_MS) * 1000) / 1000;

describe('summarize', () => {
  it("gives the library's own mean and standard deviation, to the last bit, for any recorded values", () => {
    const values = fc.array(fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 3_600_000_000 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 50 }), (recorded, repeat) => {
        const histogram = createLatencyHistogram();
        for (const value of recorded) histogram.recordValueWithCount(value, repeat);
        // Decoded, as every report histogram is: the counts come from the encoding, not the recording.
        const decoded = decodeHistogram(encodeHistogram(histogram));
        const summary = summarize(decoded);
        expect(summary.mean).toBe(toMs(decoded.mean));
        expect(summary.stdev).toBe(toMs(decoded.stdDeviation));
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('one value: its mean is that value and its deviation 0', () => {
    const histogram = createLatencyHistogram();
    histogram.recordValue(1234);
    expect(summarize(histogram)).toMatchObject({ count: 1, mean: 1.234, stdev: 0, p50: 1.234, max: 1.234 });
  });
});
