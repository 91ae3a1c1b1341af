import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { MAX_TIMER_MS, normaliseScenario } from '../../../src/scenario/normalise.js';
import { applyOverrides, type ScenarioOverrides } from '../../../src/scenario/overrides.js';
import type { Scenario, ScenarioFile } from '../../../src/scenario/types.js';

const doc: ScenarioFile = { name: 's', agents: ['a'], inputs: ['i'], load: { concurrency: 4, duration: '10s' } };
function scenario(load: ScenarioFile['load'] = doc.load): Scenario {
  const result = normaliseScenario({ ...doc, load }, 's.yaml', { inputs: ['i'], variables: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}
/** The problems a set of flags is refused with, in full; [] when accepted. */
function refused(flags: ScenarioOverrides, base: Scenario = scenario()) {
  try {
    applyOverrides(base, flags);
    return [];
  } catch (error) {
    return (error as InputError).problems;
  }
}
const cli = (field: string, message: string, fix: string) => ({ file: '(command line)', field, message, fix });

describe('applyOverrides: numeric flags', () => {
  it('refuses 0 and says whether a whole number is wanted', () => {
    expect(refused({ rate: 0 })).toEqual([cli('--rate', 'must be a number above 0, got 0', 'e.g. --rate 10')]);
    expect(refused({ concurrency: 0 })).toEqual([cli('--concurrency', 'must be a whole number above 0, got 0', 'e.g. --concurrency 10')]);
  });

  it('takes a fractional --rate, but no fractional count', () => {
    expect(refused({ rate: 2.5 })).toEqual([]);
    expect(refused({ requests: 2.5 }).map((p) => p.field)).toEqual(['--requests']);
    expect(refused({ max: 1.5 }).map((p) => p.field)).toEqual(['--max']);
    expect(refused({ workers: 1.5 }).map((p) => p.field)).toEqual(['--workers']);
  });

  it('refuses two models at once, naming the second flag', () => {
    expect(refused({ rate: 1, concurrency: 1 })).toEqual([cli('--rate', 'cannot be combined with --concurrency', 'use --rate for the open model or --concurrency for the closed model')]);
    const fix = 'choose one model: --rate for open, --concurrency for closed, or --max for autocannon';
    expect(refused({ max: 5, rate: 1 })).toEqual([cli('--max', 'cannot be combined with --rate', fix)]);
    expect(refused({ max: 5, concurrency: 1 })).toEqual([cli('--max', 'cannot be combined with --concurrency', fix)]);
  });

  it('takes seed 0, refuses a negative or fractional seed', () => {
    expect(applyOverrides(scenario(), { seed: 0 }).mix).toEqual({ strategy: 'cartesian', seed: 0 });
    expect(refused({ seed: -1 })).toEqual([cli('--seed', 'must be a whole number ≥ 0, got -1', 'e.g. --seed 7')]);
    expect(refused({ seed: 1.5 }).map((p) => p.field)).toEqual(['--seed']);
  });
});

describe('applyOverrides: duration and target flags', () => {
  it('gives the fix of each bad duration flag with its own example', () => {
    expect(refused({ duration: '10' })[0]?.fix).toBe('write it with a unit, e.g. --duration 30s');
    expect(refused({ timeout: '0s' })[0]?.fix).toBe('give a duration above zero, e.g. --timeout 10s');
  });

  it('takes the longest timer Node can set, and refuses one ms more with the fix', () => {
    expect(applyOverrides(scenario(), { duration: `${MAX_TIMER_MS}ms`, timeout: `${MAX_TIMER_MS}ms` })).toMatchObject({ timeoutMs: MAX_TIMER_MS, load: { durationMs: MAX_TIMER_MS } });
    const longer = `${MAX_TIMER_MS + 1}ms`;
    expect(refused({ duration: longer, timeout: longer })).toEqual([
      cli('--duration', 'is longer than 24 days (the longest timer Node can set)', 'split a longer soak into several runs'),
      cli('--timeout', 'is longer than 24 days (the longest timer Node can set)', 'use a per-request timeout such as 30s'),
    ]);
  });

  it('takes only "mock" or a whole http(s) URL as the target', () => {
    const notATarget = (target: string) => cli('--target', `"${target}" is neither "mock" nor an http(s) URL`, 'use --target mock or --target https://api.sigmamind.ai');
    expect(refused({ target: 'xmock' })).toEqual([notATarget('xmock')]);
    expect(refused({ target: 'mock x' })).toEqual([notATarget('mock x')]);
    expect(refused({ target: 'mock' })).toEqual([]);
  });

  it('sends a credential in the URL back to the environment', () => {
    expect(refused({ target: 'https://user:Sup3rS3cret@127.0.0.1:9/' })[0]?.fix).toBe('remove it and export SIGMAMIND_API_KEY=<your key> instead; it is sent as X-API-Key and never stored');
  });
});

describe('applyOverrides: what it writes', () => {
  it('changes nothing without flags', () => {
    const base = scenario();
    expect(applyOverrides(base, {})).toStrictEqual(base);
  });

  it('writes only the stop condition given', () => {
    expect(applyOverrides(scenario(), { requests: 7 }).load).toStrictEqual({ model: 'closed', concurrency: 4, requests: 7 });
    expect(applyOverrides(scenario({ concurrency: 4, requests: 9 }), { duration: '3s' }).load).toStrictEqual({ model: 'closed', concurrency: 4, durationMs: 3000 });
  });

  it('sets --workers with or without a model flag', () => {
    expect(applyOverrides(scenario(), { workers: 2 }).load).toStrictEqual({ model: 'closed', concurrency: 4, durationMs: 10_000, workers: 2 });
    expect(applyOverrides(scenario(), { concurrency: 3, workers: 2 }).load).toStrictEqual({ model: 'closed', concurrency: 3, durationMs: 10_000, workers: 2 });
    expect(applyOverrides(scenario(), { concurrency: 3 }).load).toStrictEqual({ model: 'closed', concurrency: 3, durationMs: 10_000 });
  });

  it('keeps the file\'s model settings when no model flag is given', () => {
    const staged = scenario({ stages: [{ rate: 2, duration: '1s' }, { rate: 4, duration: '2s' }], arrival: 'poisson' });
    expect(applyOverrides(staged, { timeout: '1s' }).load).toStrictEqual(staged.load);
    const max = scenario({ connections: 8, pipelining: 2, duration: '1s' });
    expect(applyOverrides(max, { profile: 'spec' }).load).toStrictEqual(max.load);
  });

  it('a flat --rate over stages keeps their length and the arrival process', () => {
    const staged = scenario({ stages: [{ rate: 2, duration: '1s' }, { rate: 4, duration: '2s' }], arrival: 'poisson' });
    expect(applyOverrides(staged, { rate: 5 }).load).toStrictEqual({ model: 'open', rate: 5, durationMs: 3000, arrival: 'poisson' });
    expect(applyOverrides(scenario({ stages: [{ rate: 2, duration: '1s' }], requests: 50 }), { rate: 5 }).load).toStrictEqual({ model: 'open', rate: 5, requests: 50 });
  });

  it('--concurrency drops the open model\'s arrival process and stages', () => {
    const staged = scenario({ stages: [{ rate: 2, duration: '1s' }], arrival: 'poisson', duration: '4s' });
    expect(applyOverrides(staged, { concurrency: 2 }).load).toStrictEqual({ model: 'closed', concurrency: 2, durationMs: 4000 });
  });

  it('--rate or --concurrency over the max model drops its connections and pipelining', () => {
    const max = scenario({ connections: 8, pipelining: 2, duration: '1s' });
    expect(applyOverrides(max, { rate: 3 }).load).toStrictEqual({ model: 'open', rate: 3, durationMs: 1000 });
  });

  it('--max drops the other models\' settings', () => {
    const open = scenario({ rate: 5, arrival: 'poisson', thinkTime: '1s', duration: '2s' });
    expect(applyOverrides(open, { max: 16 }).load).toStrictEqual({ model: 'max', durationMs: 2000, connections: 16 });
  });

  it('writes only the target, profile, timeout and seed given', () => {
    const base = scenario();
    expect(applyOverrides(base, { target: 'http://127.0.0.1:9' })).toStrictEqual({ ...base, target: 'http://127.0.0.1:9' });
    expect(applyOverrides(base, { profile: 'spec' })).toStrictEqual({ ...base, profile: 'spec' });
    expect(applyOverrides(base, { timeout: '2s' })).toStrictEqual({ ...base, timeoutMs: 2000 });
  });
});
