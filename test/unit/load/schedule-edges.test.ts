import { describe, expect, it } from 'vitest';
import { arrivalTimes, ArrivalSchedule, constantArrivals, expectedArrivals, rateAt, stagesDurationMs } from '../../../src/load/schedule.js';

describe('arrival schedule edges', () => {
  it('a stage held at zero is a pause: ramp down to 0, hold 0, ramp up again', () => {
    const stages = [{ rate: 10, durationMs: 1000 }, { rate: 0, durationMs: 1000 }, { rate: 0, durationMs: 1000 }, { rate: 10, durationMs: 1000 }];
    expect(stagesDurationMs(stages)).toBe(4000);
    expect(expectedArrivals(stages)).toBe(20);
    expect(constantArrivals(stages)).toBe(20);
    const times = arrivalTimes(stages, 'constant', 1);
    // Ramping down from 10/s over 1 s, Λ(t) = t/100 − t²/200,000: arrival k at t = 1000 − √(10⁶ − 200,000·k) ms.
    const down = [1, 2, 3, 4].map((k) => 1000 + 1000 - Math.sqrt(1e6 - 200_000 * k));
    // Ramping up from 0: Λ(t) = t²/200,000, arrival k at √(200,000·k) ms after the ramp's start.
    const up = [0, 1, 2, 3, 4].map((k) => 3000 + Math.sqrt(200_000 * k));
    const expected = [...Array.from({ length: 11 }, (_, k) => k * 100), ...down, ...up];
    expect(times).toHaveLength(20);
    times.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 6));
    expect(times.filter((t) => t > 1600 && t < 3000)).toEqual([]);
  });

  it('counts a partial last arrival as one, and an exact count exactly', () => {
    expect(constantArrivals([{ rate: 10, durationMs: 150 }])).toBe(2);
    expect(arrivalTimes([{ rate: 10, durationMs: 150 }], 'constant', 1)).toEqual([0, 100]);
    expect(constantArrivals([{ rate: 10, durationMs: 300 }])).toBe(3);
    expect(arrivalTimes([{ rate: 10, durationMs: 300 }], 'constant', 1)).toEqual([0, 100, 200]);
  });

  it('an open-ended stage lasts forever unless its rate is zero, which holds no arrival at all', () => {
    expect(stagesDurationMs([{ rate: 10, durationMs: 1000 }, { rate: 10, durationMs: Number.POSITIVE_INFINITY }])).toBe(Number.POSITIVE_INFINITY);
    expect(expectedArrivals([{ rate: 0, durationMs: Number.POSITIVE_INFINITY }])).toBe(0);
    expect(arrivalTimes([{ rate: 0, durationMs: Number.POSITIVE_INFINITY }], 'constant', 1)).toEqual([]);
    expect(arrivalTimes([{ rate: 1000, durationMs: Number.POSITIVE_INFINITY }], 'constant', 1, 3)).toEqual([0, 1, 2]);
  });

  it('counts the arrivals it gave and stays over once the stages are', () => {
    const schedule = new ArrivalSchedule([{ rate: 10, durationMs: 200 }]);
    expect([schedule.next(), schedule.next(), schedule.next(), schedule.next()]).toEqual([0, 100, undefined, undefined]);
    expect(schedule.index).toBe(2);
  });

  it('gives at most `limit` times, Poisson ones increasing, the same again from the same seed', () => {
    const times = arrivalTimes([{ rate: 5, durationMs: 1000 }], 'poisson', 3, 4);
    expect(times).toHaveLength(4);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThan(0);
    expect(arrivalTimes([{ rate: 5, durationMs: 1000 }], 'poisson', 3, 4)).toEqual(times);
    expect(arrivalTimes([{ rate: 5, durationMs: 1000 }], 'poisson', 4, 4)).not.toEqual(times);
  });
});

describe('an open-ended stage after others holds the rate it starts at, as rateAt draws it', () => {
  it('after 10/s, an open-ended stage "to 0" keeps arriving at 10/s', () => {
    const stages = [{ rate: 10, durationMs: 1000 }, { rate: 0, durationMs: Number.POSITIVE_INFINITY }];
    expect(rateAt(stages, 5000)).toBe(10);
    expect(expectedArrivals(stages)).toBe(Number.POSITIVE_INFINITY);
    expect(constantArrivals(stages)).toBe(Number.POSITIVE_INFINITY);
    expect(arrivalTimes(stages, 'constant', 1, 15)).toEqual(Array.from({ length: 15 }, (_, k) => k * 100));
  });

  it('after a pause at 0/s, an open-ended stage "to 10" never arrives: the rate stays 0', () => {
    const stages = [{ rate: 0, durationMs: 1000 }, { rate: 10, durationMs: Number.POSITIVE_INFINITY }];
    expect(rateAt(stages, 5000)).toBe(0);
    expect(expectedArrivals(stages)).toBe(0);
    expect(arrivalTimes(stages, 'constant', 1, 5)).toEqual([]);
    // A finite stage before it still sends its arrivals, and only those.
    expect(arrivalTimes([{ rate: 10, durationMs: 300 }, { rate: 0, durationMs: 300 }, { rate: 10, durationMs: Number.POSITIVE_INFINITY }], 'constant', 1, 10)).toHaveLength(5);
  });
});
