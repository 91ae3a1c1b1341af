import { describe, expect, it } from 'vitest';
import { buildPlan, clipStages, plannedRequests, seqOf } from '../../../src/load/plan.js';

// Each test here was written against a mutant of src/load/plan.ts that the other unit tests let
// live (docs/testing.md, "Survivors").
describe('buildPlan', () => {
  it('leaves out the stops the load section does not set', () => {
    const plan = buildPlan({ model: 'closed', concurrency: 2, durationMs: 1000 }, 5000);
    expect('requests' in plan).toBe(false);
    expect('warmup' in plan).toBe(false);
    expect(buildPlan({ model: 'closed', concurrency: 2, requests: 9, warmup: { requests: 3 } }, 5000)).toMatchObject({ requests: 9, warmup: { requests: 3 } });
  });

  it("an open plan's rate (and its in-flight bound) is its highest stage's, wherever that stage is", () => {
    const plan = buildPlan({ model: 'open', stages: [{ rate: 10, durationMs: 1000 }, { rate: 50, durationMs: 1000 }, { rate: 20, durationMs: 1000 }] }, 2000);
    expect(plan).toMatchObject({ model: 'open', rate: 50 });
  });
});

describe('plannedRequests', () => {
  it('is unknown for Poisson arrivals without a request count, and for an open-ended rate', () => {
    expect(plannedRequests(buildPlan({ model: 'open', rate: 10, durationMs: 2000, arrival: 'poisson' }, 1000))).toBeUndefined();
    expect(plannedRequests(buildPlan({ model: 'open', rate: 10 }, 1000))).toBeUndefined();
  });

  it('is the smaller of the request count and what the schedule sends in its duration', () => {
    expect(plannedRequests(buildPlan({ model: 'open', rate: 10, durationMs: 10_000, requests: 50 }, 1000))).toBe(50);
    expect(plannedRequests(buildPlan({ model: 'open', rate: 10, durationMs: 2000, requests: 50 }, 1000))).toBe(20);
  });
});

describe('clipStages', () => {
  it('drops the stages that start at or after the cut', () => {
    expect(clipStages([{ rate: 10, durationMs: 1000 }, { rate: 20, durationMs: 1000 }], 1000)).toEqual([{ rate: 10, durationMs: 1000 }]);
  });

  it('a ramp cut midway ends at the rate it had reached', () => {
    expect(clipStages([{ rate: 10, durationMs: 1000 }, { rate: 30, durationMs: 1000 }], 1500)).toEqual([
      { rate: 10, durationMs: 1000 },
      { rate: 20, durationMs: 500 },
    ]);
  });

  it('a stage kept whole keeps its rate exactly (interpolating to its end would round: 19.8 → 78.1 over 2397 ms gives 78.10000000000001)', () => {
    expect(clipStages([{ rate: 19.8, durationMs: 1000 }, { rate: 78.1, durationMs: 2397 }], 10_000)[1]).toEqual({ rate: 78.1, durationMs: 2397 });
  });
});

describe('seqOf', () => {
  it('places turn t of conversation c at c × turns + t', () => {
    expect(seqOf(2, 1, 3)).toBe(7);
    expect(seqOf(0, 2, 3)).toBe(2);
  });
});
