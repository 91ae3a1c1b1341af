import { describe, expect, it } from 'vitest';
import type { WindowState } from '../../../src/record/state.js';
import { achievedRate, isSaturated, capacityBracket, concludeSweep, findKnee, nextRefineRate, refineLevelsFor, stepRates, stepsStop, type LevelOutcome } from '../../../src/sweep/levels.js';
import { parseSweepFlags } from '../../../src/sweep/settings.js';

const level = (offered: number, pass: boolean, extra: Partial<LevelOutcome> = {}): LevelOutcome => ({ offered, achieved: offered, pass, saturated: false, complete: true, phase: 'step', p99: 50, ...extra });

describe('sweep levels: spacing', () => {
  it('geometric: from a tenth of the ceiling up to it, each a fixed factor above the one before', () => {
    expect(stepRates(160, 3, 'geometric')).toEqual([16, 50.6, 160]);
    expect(stepRates(240, 3, 'geometric', 60)).toEqual([60, 120, 240]);
  });
  it('linear: even steps, from one step up', () => {
    expect(stepRates(100, 4, 'linear')).toEqual([25, 50, 75, 100]);
    expect(stepRates(100, 1, 'linear')).toEqual([100]);
  });
});

describe('sweep levels: stop rules, bracket, bisection', () => {
  it('stops after two failing levels in a row, or a saturated one; one failure alone goes on', () => {
    expect(stepsStop([level(10, true), level(20, false)])).toBeUndefined();
    expect(stepsStop([level(10, true), level(20, false), level(40, false)])).toBe('two-failed');
    expect(stepsStop([level(10, true), level(20, false, { saturated: true, achieved: 15 })])).toBe('saturated');
  });
  it('brackets the capacity between the highest passing rate and the lowest failing one above it; cut-short levels do not count', () => {
    const levels = [level(60, true), level(120, true), level(240, false), level(180, false, { phase: 'refine' }), level(150, true, { phase: 'refine' }), level(170, true, { complete: false, pass: false })];
    expect(capacityBracket(levels)).toEqual({ capacity: 150, bracket: { low: 150, high: 180 } });
    expect(capacityBracket([level(10, false), level(20, false)])).toEqual({ capacity: null, bracket: { low: null, high: 10 } });
  });
  it('bisects until the bracket is narrower than the resolution', () => {
    const levels: LevelOutcome[] = [level(60, true), level(120, true), level(240, false)];
    const truth = 160;
    const tried: number[] = [];
    for (let next = nextRefineRate(levels, 0.05); next !== undefined; next = nextRefineRate(levels, 0.05)) {
      tried.push(next);
      levels.push(level(next, next <= truth, { phase: 'refine' }));
    }
    expect(tried).toEqual([180, 150, 165, 157.5]);
    const { bracket } = capacityBracket(levels);
    expect(bracket).toEqual({ low: 157.5, high: 165 }); // 4.8 % wide
    expect(refineLevelsFor(1, 0.05)).toBe(6);
  });
  it('finds the knee: the last level before p99 climbs faster than the rate', () => {
    const levels = [level(20, true, { p99: 50 }), level(40, true, { p99: 52 }), level(80, true, { p99: 60 }), level(160, false, { p99: 400 })];
    expect(findKnee(levels)).toEqual({ offered: 80, achieved: 80, p99: 60 });
    expect(findKnee(levels.slice(0, 3))).toBeNull();
  });
  it('a slow level one request short of 90 % is not saturated: that is where the window edges fell', () => {
    expect(isSaturated(100, 80, 2)).toBe(true);
    expect(isSaturated(1.8, 1.5, 2)).toBe(false);
    expect(isSaturated(1.8, 0.5, 2)).toBe(true);
  });
  it('counts achieved throughput over the whole windows after the warm-up, leaving out the drain', () => {
    const timeline: WindowState[] = [0, 1, 2, 3, 4].map((index) => ({ index, requests: [0, 160, 160, 160, 300][index]!, errors: 0, violating: 0, hdr: '' }));
    expect(achievedRate(timeline, 1000, 1000, 4000)).toBe(160);
    expect(achievedRate(timeline, 1000, 500, 900)).toBeUndefined();
  });
  it('says why the sweep ended', () => {
    const slos = ['p99<2s'];
    expect(concludeSweep({ levels: [level(10, true), level(100, true)], slos, ceiling: 100, resolution: 0.05 })).toMatchObject({ ended: 'ceiling' });
    expect(concludeSweep({ levels: [level(10, false), level(100, false)], slos, ceiling: 100, resolution: 0.05 })).toEqual({ ended: 'none-met', conclusion: 'no level met every SLO (p99<2s), down to 10/s: the capacity under these SLOs is below that; give a lower --min-rate to look further down' });
    expect(concludeSweep({ levels: [level(100, true), level(104, false)], slos, ceiling: 200, resolution: 0.05 }).conclusion).toBe('capacity 100/s under p99<2s: the highest offered rate that met every SLO; 104/s did not (bracket 100/s … 104/s, 4 % wide)');
    expect(concludeSweep({ levels: [level(100, true)], slos, ceiling: 200, resolution: 0.05, cut: 'interrupted' }).ended).toBe('interrupted');
  });
});

describe('sweep flags', () => {
  const problems = (flags: Parameters<typeof parseSweepFlags>[0]) => {
    try {
      parseSweepFlags(flags);
      return [];
    } catch (error) {
      return (error as { problems: { field: string; message: string }[] }).problems.map((p) => `${p.field}: ${p.message}`);
    }
  };
  it('refuses bad flags, each naming the flag', () => {
    expect(problems({})).toEqual(['--slo: is missing: a sweep looks for the highest rate that meets its SLOs, and needs at least one']);
    expect(problems({ slos: ['p99<2s'], steps: 0 })).toEqual(['--steps: must be a whole number from 1 to 50, got 0']);
    expect(problems({ slos: ['p99<2s'], resolution: '200%' })).toEqual(['--resolution: must be a share above 0 % and below 100 %, got "200%"']);
    expect(problems({ slos: ['p98x<1s'] })).toEqual(['--slo: "p98x<1s" names an unknown metric "p98x"']);
    expect(problems({ slos: ['capacity>=10'] })[0]).toMatch(/^--slo: "capacity>=10" bounds the capacity/);
    expect(problems({ slos: ['p99<2s'], levelDuration: '500ms', warmup: 'soon' })).toHaveLength(2);
  });
  it('defaults: 8 geometric levels of 5 s warm-up + 30 s, bisection to 5 %', () => {
    expect(parseSweepFlags({ slos: ['p99<2s'] })).toMatchObject({ steps: 8, spacing: 'geometric', levelMs: 30_000, warmupMs: 5000, resolution: 0.05 });
    expect(parseSweepFlags({ slos: ['p99<2s'], resolution: '2.5%', warmup: '0' })).toMatchObject({ resolution: 0.025, warmupMs: 0 });
  });
});
