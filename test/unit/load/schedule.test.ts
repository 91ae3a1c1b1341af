import { describe, expect, it } from 'vitest';
import { buildPlan, clipStages, inSlice, plannedRequests, shareOf } from '../../../src/load/plan.js';
import { arrivalTimes, constantArrivals, expectedArrivals, rateAt } from '../../../src/load/schedule.js';

describe('arrival schedule (pure)', () => {
  it('spaces constant arrivals evenly from t = 0', () => {
    expect(arrivalTimes([{ rate: 4, durationMs: 1000 }], 'constant', 1)).toEqual([0, 250, 500, 750]);
  });

  it('ramps linearly between stages: the second stage goes from the first rate to its own', () => {
    const stages = [
      { rate: 10, durationMs: 1000 },
      { rate: 30, durationMs: 1000 },
    ];
    // 10 in the flat second, then (10 + 30) / 2 = 20 during the ramp.
    expect(expectedArrivals(stages)).toBe(30);
    const times = arrivalTimes(stages, 'constant', 1);
    expect(times).toHaveLength(30);
    expect(times.filter((t) => t < 1000)).toHaveLength(10);
    // Inside the ramp the gaps shrink: the rate rises.
    const ramp = times.filter((t) => t >= 1000);
    const gaps = ramp.slice(1).map((t, i) => t - ramp[i]!);
    expect(gaps[0]!).toBeGreaterThan(gaps[gaps.length - 1]!);
    // Λ(t) = 10 t + 10 t² over the ramp (t in s): arrival 10 + k sits where Λ = k.
    const k = 12;
    const t = (-10 + Math.sqrt(100 + 40 * k)) / 20;
    expect(ramp[k]!).toBeCloseTo(1000 + t * 1000, 6);
  });

  it('ramps down and from zero without dividing by zero', () => {
    const up = arrivalTimes([{ rate: 0, durationMs: 1000 }, { rate: 20, durationMs: 1000 }], 'constant', 1);
    expect(up).toHaveLength(10);
    expect(up[0]).toBe(1000);
    expect(up.every((t) => Number.isFinite(t) && t >= 1000 && t < 2000)).toBe(true);
    const down = arrivalTimes([{ rate: 20, durationMs: 1000 }, { rate: 0, durationMs: 1000 }], 'constant', 1);
    expect(down).toHaveLength(30);
    expect(down.every((t, i) => i === 0 || t > down[i - 1]!)).toBe(true);
    expect(down[down.length - 1]!).toBeLessThan(2000);
  });

  it('draws Poisson arrivals with the stage rate as mean, reproducibly from a seed', () => {
    const stages = [{ rate: 1000, durationMs: 20_000 }];
    const a = arrivalTimes(stages, 'poisson', 7);
    expect(a).toEqual(arrivalTimes(stages, 'poisson', 7));
    expect(a).not.toEqual(arrivalTimes(stages, 'poisson', 8));
    // 20,000 expected; a Poisson count has sd √20000 ≈ 141, so 5 sd is ±710.
    expect(Math.abs(a.length - 20_000)).toBeLessThan(710);
    const gaps = a.slice(1).map((t, i) => t - a[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
    // Exponential gaps: their sd equals their mean.
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  it('follows a ramp with Poisson arrivals too', () => {
    const stages = [{ rate: 0, durationMs: 10_000 }, { rate: 2000, durationMs: 10_000 }];
    const a = arrivalTimes(stages, 'poisson', 3);
    expect(Math.abs(a.length - 10_000)).toBeLessThan(500);
    // Λ over the ramp is quadratic: a quarter of the arrivals fall in the first half of it.
    const firstHalf = a.filter((t) => t < 15_000).length / a.length;
    expect(firstHalf).toBeGreaterThan(0.23);
    expect(firstHalf).toBeLessThan(0.27);
  });

  it('cuts stages at a duration, ending a cut ramp at the rate it had reached', () => {
    expect(clipStages([{ rate: 0, durationMs: 1000 }, { rate: 100, durationMs: 1000 }], 1500)).toEqual([
      { rate: 0, durationMs: 1000 },
      { rate: 50, durationMs: 500 },
    ]);
    expect(clipStages([{ rate: 10, durationMs: Number.POSITIVE_INFINITY }], 2000)).toEqual([{ rate: 10, durationMs: 2000 }]);
    expect(constantArrivals([{ rate: 10, durationMs: Number.POSITIVE_INFINITY }])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('plan', () => {
  it('turns a flat rate into one stage and keeps the old forms working', () => {
    const plan = buildPlan({ model: 'open', rate: 20, durationMs: 3000 }, 10_000);
    expect(plan).toMatchObject({ model: 'open', rate: 20, stages: [{ rate: 20, durationMs: 3000 }], arrival: 'constant', durationMs: 3000, turns: 1 });
    expect(plannedRequests(plan)).toBe(60);
    expect(plannedRequests(buildPlan({ model: 'open', rate: 20, requests: 7 }, 10_000))).toBe(7);
    expect(buildPlan({ model: 'closed', concurrency: 3, requests: 9 }, 1000)).toMatchObject({ model: 'closed', concurrency: 3, thinkTimeMs: 0 });
    expect(buildPlan({ model: 'max', connections: 8, durationMs: 1000 }, 1000)).toMatchObject({ model: 'max', connections: 8, pipelining: 1 });
  });

  it('takes its length from the stages, and counts turns in the planned requests', () => {
    const plan = buildPlan({ model: 'open', stages: [{ rate: 10, durationMs: 1000 }, { rate: 10, durationMs: 2000 }] }, 10_000, { turns: 3 });
    expect(plan.durationMs).toBe(3000);
    expect(plannedRequests(plan)).toBe(90);
  });

  it('splits users, connections and conversations across workers without overlap', () => {
    expect([0, 1, 2].map((index) => shareOf(10, { index, count: 3 }))).toEqual([4, 3, 3]);
    const owners = Array.from({ length: 12 }, (_, c) => [0, 1, 2].filter((index) => inSlice(c, { index, count: 3 })));
    expect(owners.every((o) => o.length === 1)).toBe(true);
  });
});

describe('planned rate at a moment (live metrics: chatload_offered_rate)', () => {
  it('follows the ramps the schedule draws, and is 0 outside the stages', () => {
    const stages = [{ rate: 10, durationMs: 1000 }, { rate: 30, durationMs: 2000 }, { rate: 30, durationMs: 1000 }];
    expect(rateAt(stages, -1)).toBe(0);
    expect(rateAt(stages, 0)).toBe(10);
    expect(rateAt(stages, 500)).toBe(10);
    expect(rateAt(stages, 2000)).toBe(20);
    expect(rateAt(stages, 3500)).toBe(30);
    expect(rateAt(stages, 4000)).toBe(0);
  });

  it('holds an open-ended stage (stopped by a request count)', () => {
    expect(rateAt([{ rate: 50, durationMs: Number.POSITIVE_INFINITY }], 1e9)).toBe(50);
  });

  it('integrates to the arrivals the schedule holds', () => {
    const stages = [{ rate: 0, durationMs: 2000 }, { rate: 40, durationMs: 3000 }];
    let integral = 0;
    for (let ms = 0; ms < 5000; ms++) integral += rateAt(stages, ms + 0.5) / 1000;
    expect(integral).toBeCloseTo(expectedArrivals(stages), 6);
  });
});
