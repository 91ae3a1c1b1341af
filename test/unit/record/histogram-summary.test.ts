import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as hdr from 'hdr-histogram-js';
import { createLatencyHistogram, createWindowHistogram, decodeHistogram, encodeHistogram, MICROS_PER_MS, summarize, summarizeWindow } from '../../../src/record/histogram.js';

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

describe('summarize: edges', () => {
  it('gives null figures, never a fake 0, for an empty histogram', () => {
    expect(summarize(createLatencyHistogram())).toEqual({ count: 0, min: null, mean: null, stdev: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null });
  });

  it('gives each percentile in ms, rounded to the µs', () => {
    const histogram = createLatencyHistogram();
    for (let v = 1; v <= 1000; v++) histogram.recordValue(v * 1000);
    const summary = summarize(histogram);
    expect(summary).toMatchObject({ count: 1000, min: 1 });
    // 3 significant digits: each figure within 0.1 % of the true one, rounded to the µs.
    for (const [key, ms] of [['p50', 500], ['p90', 900], ['p95', 950], ['p99', 990], ['p999', 999], ['max', 1000], ['mean', 500.5]] as const) {
      expect(Math.abs(summary[key]! - ms) / ms).toBeLessThan(0.001);
      expect(Math.round(summary[key]! * 1000) / 1000).toBe(summary[key]);
    }
    expect(Math.abs(summary.stdev! - 288.675) / 288.675).toBeLessThan(0.001);
  });

  it('summarises a WebAssembly histogram (the library\'s other kind) with its own mean and deviation', async () => {
    await hdr.initWebAssembly();
    const histogram = hdr.build({ useWebAssembly: true, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
    try {
      histogram.recordValue(1000);
      histogram.recordValue(3000);
      expect(summarize(histogram)).toMatchObject({ count: 2, mean: toMs(histogram.mean), stdev: toMs(histogram.stdDeviation) });
      expect(summarize(histogram).mean).toBe(2.001);
    } finally {
      histogram.destroy();
    }
  });
});

describe('summarizeWindow', () => {
  it('gives the figures summarize gives, for a timeline window', () => {
    const window = createWindowHistogram();
    for (let v = 1; v <= 500; v++) window.recordValue(v * 137);
    const { p50, p90, p99, max } = summarize(window);
    expect(summarizeWindow(window)).toEqual({ p50, p90, p99, max });
    expect(p50).not.toBe(p90);
    expect(summarizeWindow(createWindowHistogram())).toEqual({ p50: null, p90: null, p99: null, max: null });
  });
});
