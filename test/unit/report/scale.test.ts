import { describe, expect, it } from 'vitest';
import { formatAxisCount, formatAxisMs, formatAxisSeconds, linearTicks, niceMax, niceStep, percentilePosition, PERCENTILE_TICKS } from '../../../src/report/charts/scale.js';

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

  it('labels axes briefly', () => {
    expect([0, 0.5, 12.3, 250, 1500].map(formatAxisMs)).toEqual(['0', '0.5ms', '12ms', '250ms', '1.5s']);
    expect([0, 30, 90, 120, 3600, 5400].map(formatAxisSeconds)).toEqual(['0s', '30s', '1m30s', '2m', '1h', '1h30m']);
    // The same formatter as every other duration, at its rounding edges.
    expect([0.5, 59.96, 119.6, 3599.6].map(formatAxisSeconds)).toEqual(['500ms', '1m', '2m', '1h']);
    expect([0, 950, 1200, 3_000_000].map(formatAxisCount)).toEqual(['0', '950', '1.2k', '3M']);
  });
});
