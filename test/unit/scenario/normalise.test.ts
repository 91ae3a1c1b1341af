import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, normaliseScenario } from '../../../src/scenario/normalise.js';
import type { ScenarioFile } from '../../../src/scenario/types.js';

const doc: ScenarioFile = { name: 's', agents: ['a'], inputs: ['i'], load: { concurrency: 4, duration: '10s' } };
const data = { inputs: ['i'], variables: [] };
const normalise = (over: Partial<ScenarioFile>) => normaliseScenario({ ...doc, ...over }, 's.yaml', data);
const problems = (over: Partial<ScenarioFile>) => {
  const r = normalise(over);
  return r.ok ? [] : r.problems;
};
const loadOf = (load: ScenarioFile['load']) => {
  const r = normalise({ load });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value.load;
};

describe('normaliseScenario: what it keeps', () => {
  it('keeps the description, the seed, the turns and expect: errors; defaults the thresholds to none', () => {
    const r = normalise({ description: 'd', mix: { seed: 7 }, conversation: { turns: 3 }, expect: 'errors' });
    expect(r.ok && r.value).toMatchObject({ description: 'd', mix: { strategy: 'cartesian', seed: 7 }, conversation: { turns: 3 }, expect: 'errors', thresholds: [] });
  });

  it('leaves out what the file leaves out', () => {
    const r = normalise({ expect: 'success' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const key of ['description', 'conversation', 'expect']) expect(r.value).not.toHaveProperty(key);
    expect(r.value.mix).toStrictEqual({ strategy: 'cartesian' });
    expect(r.value.thresholds).toEqual([]);
  });

  it('writes only the load fields given', () => {
    expect(loadOf({ concurrency: 2, requests: 5 })).toStrictEqual({ model: 'closed', concurrency: 2, requests: 5 });
    expect(loadOf({ rate: 3, duration: '2s', maxInFlight: 9 })).toStrictEqual({ model: 'open', rate: 3, durationMs: 2000, maxInFlight: 9 });
  });

  it('infers the open model from stages and the max model from connections', () => {
    expect(loadOf({ stages: [{ rate: 5, duration: '1s' }] })).toStrictEqual({ model: 'open', stages: [{ rate: 5, durationMs: 1000 }] });
    expect(loadOf({ connections: 10, duration: '1s' })).toStrictEqual({ model: 'max', durationMs: 1000, connections: 10 });
  });
});

describe('normaliseScenario: each refusal of the load section and the timeout', () => {
  const refusal = (field: string, message: string, fix: string) => [{ file: 's.yaml', field, message, fix }];

  it('sets both concurrency and rate', () => {
    expect(problems({ load: { concurrency: 1, rate: 1, duration: '1s' } })).toEqual(
      refusal('load', 'sets both `concurrency` and `rate`', 'keep `rate`, arrivals per second, for the open model, or `concurrency`, virtual users, for the closed model; not both'),
    );
  });

  it('the model needs its rate or concurrency', () => {
    expect(problems({ load: { model: 'open', duration: '1s' } })).toEqual(refusal('load.rate', 'is required by the open model', 'add `rate: 20`, in requests per second'));
    expect(problems({ load: { model: 'closed', duration: '1s' } })).toEqual(refusal('load.concurrency', 'is required by the closed model', 'add `concurrency: 10`, the number of virtual users'));
  });

  it('stops at the first problem of the engine-specific fields', () => {
    // A closed load without concurrency would be a second problem: the first one is enough.
    expect(problems({ load: { model: 'closed', duration: '1s', arrival: 'poisson' } })).toEqual(refusal('load.arrival', 'only applies to the open model, but the model is closed', 'remove `arrival`, or set `model: open`'));
  });

  it('says neither how long nor how many, unless stages do', () => {
    expect(problems({ load: { concurrency: 1 } })).toEqual(refusal('load', 'says neither how long nor how many', 'add `duration: 30s` or `requests: 500`, or both: the run stops at whichever comes first'));
    expect(problems({ load: { model: 'open', stages: [{ rate: 1, duration: '1s' }] } })).toEqual([]);
  });

  it('a zero duration, or one past the longest timer', () => {
    expect(problems({ load: { concurrency: 1, duration: '0s' } })).toEqual(refusal('load.duration', 'is zero', 'use a duration above zero, e.g. 10s'));
    expect(problems({ load: { concurrency: 1, duration: `${MAX_TIMER_MS + 1}ms` } })).toEqual(
      refusal('load.duration', 'is longer than 24 days (the longest timer Node can set)', 'split a longer soak into several runs'),
    );
    expect(loadOf({ concurrency: 1, duration: `${MAX_TIMER_MS}ms` }).durationMs).toBe(MAX_TIMER_MS);
  });

  it('a timeout past the longest timer, but not one at it', () => {
    expect(problems({ timeout: `${MAX_TIMER_MS + 1}ms` })).toEqual(refusal('timeout', 'is longer than 24 days (the longest timer Node can set)', 'use a per-request timeout such as 30s'));
    const r = normalise({ timeout: `${MAX_TIMER_MS}ms` });
    expect(r.ok && r.value.timeoutMs).toBe(MAX_TIMER_MS);
  });
});
