import { describe, expect, it } from 'vitest';
import { formatAxisCount, formatAxisMs, formatAxisSeconds, linearTicks, logRange, logTicks, niceMax, niceStep, percentilePosition, PERCENTILE_TICKS } from '../../../src/report/charts/scale.js';

describe('chart scales', () => {
  it.each([
    [10, 5, 2],
    [7, 5, 2],
    [100, 4, 50],
    [0.9, 5, 0.2],
    [3600, 8, 500],
  ])('niceStep(%d, %d) = %d', (range, count, step) => {
    expect(niceStep(range, count)).toBeCloseTo(step, 9);
  });

  it('rounds an axis end up to a nice value, never below the floor', () => {
    expect(niceMax(483)).toBe(500);
    expect(niceMax(665.6)).toBe(800);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(0.3, 5, 1)).toBe(1);
  });

  it('makes evenly spaced ticks without floating-point drift', () => {
    const ticks = linearTicks(0, 1, 5, String);
    expect(ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 800, 5, formatAxisMs).map((t) => t.label)).toEqual(['0', '200ms', '400ms', '600ms', '800ms']);
  });

  it('puts 90 %, 99 %, 99.9 % and 99.99 % one decade apart on the percentile axis', () => {
    expect(percentilePosition(0)).toBe(0);
    expect(percentilePosition(90)).toBeCloseTo(1, 9);
    expect(percentilePosition(99)).toBeCloseTo(2, 9);
    expect(percentilePosition(99.99)).toBeCloseTo(4, 6);
    expect(percentilePosition(100)).toBe(Number.POSITIVE_INFINITY);
    expect(PERCENTILE_TICKS.map((t) => t.label)).toEqual(['0%', '50%', '75%', '90%', '99%', '99.9%', '99.99%']);
  });

  it('puts log ticks at 1, 2 and 5 per decade, each label with its unit', () => {
    const ticks = logTicks(4, 2500, formatAxisMs);
    expect(ticks.map((t) => t.value)).toEqual([5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
    expect(ticks.map((t) => t.label)).toEqual(['5ms', '10ms', '20ms', '50ms', '100ms', '200ms', '500ms', '1s', '2s']);
    // The 2s and 5s make way on a phone; the powers of ten stay.
    expect(ticks.filter((t) => !t.minor).map((t) => t.value)).toEqual([10, 100, 1000]);
    // No drift below 1: 0.2, not 0.20000000000000004.
    expect(logTicks(0.1, 1, String).map((t) => t.value)).toEqual([0.1, 0.2, 0.5, 1]);
  });

  it('keeps only the powers of ten labelled when a log axis spans many decades', () => {
    const ticks = logTicks(0.05, 20_000, formatAxisMs);
    expect(ticks.filter((t) => t.label).map((t) => t.label)).toEqual(['0.1ms', '1ms', '10ms', '100ms', '1s', '10s']);
    expect(ticks.length).toBeGreaterThan(10);
  });

  it('ends a log axis a little past the values, with at least two ticks inside', () => {
    const { min, max } = logRange([0, 5.4, 80, 2001.9]);
    expect(min).toBeCloseTo(5.4 / 1.25, 6);
    expect(max).toBeCloseTo(2001.9 * 1.25, 6);
    // Values too close together for two ticks: widened to the 1-2-5 values around them.
    expect(logRange([31, 34])).toEqual({ min: 20, max: 50 });
    expect(logTicks(20, 50, String)).toHaveLength(2);
    // Nothing positive: a range that still draws.
    expect(logRange([0, 0])).toEqual({ min: 0.02, max: 0.05 });
  });

  it('labels axes briefly', () => {
    expect([0, 0.05, 0.5, 12.3, 250, 1500].map(formatAxisMs)).toEqual(['0', '50µs', '0.5ms', '12ms', '250ms', '1.5s']);
    expect([0, 30, 90, 120, 3600, 5400].map(formatAxisSeconds)).toEqual(['0s', '30s', '1m30s', '2m', '1h', '1h30m']);
    // The same formatter as every other duration, at its rounding edges.
    expect([0.5, 59.96, 119.6, 3599.6].map(formatAxisSeconds)).toEqual(['500ms', '1m', '2m', '1h']);
    expect([0, 950, 1200, 3_000_000].map(formatAxisCount)).toEqual(['0', '950', '1.2k', '3M']);
  });
});
