import { createWindowHistogram, encodeHistogram } from './histogram.js';
import type { WindowState } from './state.js';

/**
 * Makes windows in which nothing was answered (before a shard's start, between a sweep's levels,
 * after the last answer while arrivals were still counted); they share one encoded empty histogram.
 */
export function emptyWindows(): (index: number) => WindowState {
  const hdr = encodeHistogram(createWindowHistogram());
  return (index) => ({ index, requests: 0, errors: 0, violating: 0, hdr });
}
