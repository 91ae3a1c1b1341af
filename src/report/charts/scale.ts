import { formatDuration } from '../../units.js';

/** Axis arithmetic for the report's charts. Pure. */

export interface Tick {
  value: number;
  label: string;
  /** Left out on narrow screens, where the labels would run into each other. */
  minor?: boolean;
}

/** A "nice" step (1, 2 or 5 times a power of ten) that cuts the range into about `count` parts. */
export function niceStep(range: number, count: number): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** The axis end: the smallest multiple of a nice step at or above `max` (at least `floor`). */
export function niceMax(max: number, count = 5, floor = 1): number {
  const top = Math.max(max, floor);
  const step = niceStep(top, count);
  return Math.ceil(top / step - 1e-9) * step;
}

/** Evenly spaced ticks from `min` to `max` at a nice step; labels come from `format`. */
export function linearTicks(min: number, max: number, count: number, format: (value: number) => string): Tick[] {
  const step = niceStep(max - min, count);
  const ticks: Tick[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let i = 0; ; i++) {
    // Multiply rather than accumulate so 0.1 + 0.2 style drift never adds a tick.
    const value = Math.round((first + i * step) * 1e9) / 1e9;
    if (value > max + step * 1e-9) break;
    ticks.push({ value, label: format(value) });
  }
  return ticks;
}

/** 1, 2 and 5 times a power of ten: the steps of a log axis. */
const LOG_STEPS = [1, 2, 5];

/** The 1-2-5 value at or below `value` (`up`: at or above). */
function logStep(value: number, up: boolean): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [...LOG_STEPS, 10].map((m) => +(m * power).toPrecision(12));
  const eps = value * 1e-9;
  return up ? steps.find((s) => s >= value - eps)! : [...steps].reverse().find((s) => s <= value + eps)!;
}

/** Room left past the smallest and the largest value on a log axis: a fifth of a decade's worth, about. */
const LOG_MARGIN = 1.25;

/**
 * The ends of a log axis holding every positive value, a little past them, never below `floor`;
 * widened to the 1-2-5 values around them when the range would hold fewer than two ticks.
 */
export function logRange(values: readonly number[], floor = 0.01): { min: number; max: number } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const high = Math.max(floor * 2, ...positive);
  const low = Math.min(high, Math.max(floor, Math.min(...positive)));
  const range = { min: Math.max(floor, low / LOG_MARGIN), max: high * LOG_MARGIN };
  return logTicks(range.min, range.max, String).length >= 2 ? range : { min: logStep(low, false), max: logStep(high * 1.0001, true) };
}

/** More ticks than this and only the powers of ten keep a label (the others stay as grid lines). */
const MAX_LOG_LABELS = 10;

/** Ticks of a log axis at 1, 2 and 5 times each power of ten between `min` and `max`. */
export function logTicks(min: number, max: number, format: (value: number) => string): Tick[] {
  if (!(min > 0) || !(max > min)) return [];
  const values: number[] = [];
  for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++) {
    for (const m of LOG_STEPS) {
      // Round to the power's precision so 0.1 × 3 style drift never shows in a label.
      const value = +(m * 10 ** power).toPrecision(6);
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) values.push(value);
    }
  }
  const crowded = values.length > MAX_LOG_LABELS;
  return values.map((value) => {
    const decade = Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9;
    return { value, label: crowded && !decade ? '' : format(value), ...(decade ? {} : { minor: true }) };
  });
}

/**
 * HDR-style percentile axis: position = log10(1 / (1 - p)), so 90 %, 99 %, 99.9 % and 99.99 %
 * are evenly spaced and the tail gets as much room as the body.
 */
export function percentilePosition(percentile: number): number {
  const tail = 1 - percentile / 100;
  return tail <= 0 ? Number.POSITIVE_INFINITY : Math.log10(1 / tail);
}

/** The highest percentile the curve shows (the axis ends here; the max is reported beside it). */
export const MAX_CHART_PERCENTILE = 99.99;

/** 0 % and 75 % crowd their neighbours on a phone: they are the ones left out there. */
export const PERCENTILE_TICKS: Tick[] = [0, 50, 75, 90, 99, 99.9, 99.99].map((p) => ({ value: percentilePosition(p), label: `${p}%`, ...(p === 0 || p === 75 ? { minor: true } : {}) }));

/** Milliseconds as an axis label: short, no trailing zeros, its unit on every label (µs below 0.1 ms). */
export function formatAxisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms >= 1000) return `${+(ms / 1000).toFixed(2)}s`;
  if (ms >= 10) return `${+ms.toFixed(0)}ms`;
  if (ms < 0.1) return `${+(ms * 1000).toFixed(0)}µs`;
  return `${+ms.toFixed(2)}ms`;
}

/** Seconds since the start as an axis label (45s, 2m, 1m30s, 1h): `formatDuration`, with the origin as "0s". */
export function formatAxisSeconds(seconds: number): string {
  return seconds === 0 ? '0s' : formatDuration(seconds * 1000);
}

/** Plain counts and rates on an axis: 950, 1.2k, 3M. */
export function formatAxisCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}
