import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, createWindowHistogram, decodeHistogram, encodeHistogram, HIGHEST_TRACKABLE_US, JsHistogram, LATENCY_DIGITS, WINDOW_DIGITS } from '../../../src/record/histogram.js';

// src/record/histogram.ts builds histograms from the library's files without its index (which loads
// WebAssembly and the codecs at every start): they must be exactly what the index's `build` makes.
describe('histograms built without the library index', () => {
  const values = [1, 7, 999, 1_000, 1_234, 45_678, 2_000_000, HIGHEST_TRACKABLE_US, HIGHEST_TRACKABLE_US * 3];

  for (const [name, create, digits] of [['latency', createLatencyHistogram, LATENCY_DIGITS], ['window', createWindowHistogram, WINDOW_DIGITS]] as const) {
    it(`a ${name} histogram records and encodes as hdr.build's (${digits} digits, auto-resizing past one hour)`, () => {
      const ours = create();
      const theirs = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: digits, autoResize: true });
      for (const value of values) {
        ours.recordValue(value);
        theirs.recordValue(value);
      }
      expect(ours).toBeInstanceOf(hdr.Int32Histogram);
      expect(ours.autoResize).toBe(true);
      expect(ours.maxValue).toBe(theirs.maxValue);
      expect(encodeHistogram(ours)).toBe(hdr.encodeIntoCompressedBase64(theirs));
      expect(decodeHistogram(encodeHistogram(ours)).totalCount).toBe(values.length);
    });
  }

  it('JsHistogram is the index\'s class (instanceof checks in verdict/ and metrics/ rely on it)', () => {
    expect(JsHistogram).toBe(hdr.JsHistogram);
    expect(createLatencyHistogram()).toBeInstanceOf(hdr.JsHistogram);
  });
});
