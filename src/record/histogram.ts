import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';

export type Histogram = Hdr.Histogram;

// hdr-histogram-js's index loads its WebAssembly build and its log codecs (base64, pako): ~40 ms at
// every start and in every worker thread, before anything is recorded. Recording needs only the
// JavaScript histogram (what the library's `build` makes of this file's requests); the codecs load
// the first time a histogram is encoded or decoded. The package has no exports map and is pinned
// (test/unit/record/histogram-import.test.ts checks these are the index's classes).
const requireCjs = createRequire(import.meta.url);
const Int32Histogram = (requireCjs('hdr-histogram-js/dist/Int32Histogram.js') as { default: typeof Hdr.Int32Histogram }).default;
/** The library's JavaScript histogram class, which every histogram here is (they can be iterated). */
export const JsHistogram = (requireCjs('hdr-histogram-js/dist/JsHistogram.js') as { default: typeof Hdr.JsHistogram }).default;
export type JsHistogram = Hdr.JsHistogram;
let library: typeof Hdr | undefined;
const hdr = (): typeof Hdr => (library ??= requireCjs('hdr-histogram-js') as typeof Hdr);

function buildHistogram(digits: number): Histogram {
  const histogram = new Int32Histogram(1, HIGHEST_TRACKABLE_US, digits);
  histogram.autoResize = true;
  return histogram;
}

/** Latencies are recorded in whole microseconds, reported in milliseconds. */
export const MICROS_PER_MS = 1000;
export const HIGHEST_TRACKABLE_US = 3_600_000_000; // one hour
export const LATENCY_DIGITS = 3;
export const WINDOW_DIGITS = 2;

/** Full-resolution latency histogram: 3 significant digits, 1 µs to 1 h. */
export function createLatencyHistogram(): Histogram {
  return buildHistogram(LATENCY_DIGITS);
}

/** Coarser histogram for one timeline window: 2 significant digits keep a long run's windows small. */
export function createWindowHistogram(): Histogram {
  return buildHistogram(WINDOW_DIGITS);
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr().encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr().decodeFromCompressedBase64(encoded, 32, false);
}

/** Exact merge: counts are added bucket by bucket; percentiles are never averaged. */
export function mergeEncoded(encoded: string[]): Histogram {
  const merged = createLatencyHistogram();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return merged;
}

export interface LatencySummary {
  count: number;
  min: number | null;
  mean: number | null;
  stdev: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

const toMs = (us: number) => Math.round((us / MICROS_PER_MS) * 1000) / 1000;

/** What the library's JavaScript histograms (the kind chatload builds) expose of their buckets; its types leave it out. */
interface CountsView {
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  highestEquivalentValue(value: number): number;
  medianEquivalentValue(value: number): number;
}

function countsView(histogram: Histogram): CountsView | undefined {
  const view = histogram as unknown as Partial<CountsView>;
  return typeof view.getCountAtIndex === 'function' && typeof view.valueFromIndex === 'function' && typeof view.highestEquivalentValue === 'function' && typeof view.medianEquivalentValue === 'function' ? (view as CountsView) : undefined;
}

/**
 * The histogram's mean and standard deviation, as its own `mean` and `stdDeviation` compute them
 * (each bucket's median equivalent value times its count, summed in the same order: equal to the
 * last bit), in one pass over the counts up to the last recorded one. Its getters walk every bucket
 * through an iterator three times; a report summarises dozens of histograms (every group of the
 * breakdown), and that walk was a tenth of a short run's CPU.
 */
function meanAndStdev(histogram: Histogram): { mean: number; stdev: number } {
  const view = countsView(histogram);
  if (!view) return { mean: histogram.mean, stdev: histogram.stdDeviation };
  const total = histogram.totalCount;
  const values: number[] = [];
  const counts: number[] = [];
  let sum = 0;
  let seen = 0;
  for (let i = 0; seen < total; i++) {
    const count = view.getCountAtIndex(i);
    if (count === 0) continue;
    const value = view.medianEquivalentValue(view.highestEquivalentValue(view.valueFromIndex(i)));
    sum += value * count;
    seen += count;
    values.push(value);
    counts.push(count);
  }
  const mean = sum / total;
  let deviations = 0;
  for (let k = 0; k < values.length; k++) {
    const deviation = values[k]! - mean;
    deviations += deviation * deviation * counts[k]!;
  }
  return { mean, stdev: Math.sqrt(deviations / total) };
}

/** Percentiles in ms; null everywhere when nothing was recorded (never a fake 0). */
export function summarize(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, min: null, mean: null, stdev: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null };
  const at = (p: number) => toMs(histogram.getValueAtPercentile(p));
  const { mean, stdev } = meanAndStdev(histogram);
  return {
    count,
    min: at(0),
    mean: toMs(mean),
    stdev: toMs(stdev),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: toMs(histogram.maxValue),
  };
}

/** The figures a timeline window shows, equal to `summarize`'s, without its cost (a long run has thousands of windows). */
export function summarizeWindow(histogram: Histogram): Pick<LatencySummary, 'p50' | 'p90' | 'p99' | 'max'> {
  if (histogram.totalCount === 0) return { p50: null, p90: null, p99: null, max: null };
  const at = (p: number) => toMs(histogram.getValueAtPercentile(p));
  return { p50: at(50), p90: at(90), p99: at(99), max: toMs(histogram.maxValue) };
}
