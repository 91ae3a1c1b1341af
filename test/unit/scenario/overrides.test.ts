import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { normaliseScenario } from '../../../src/scenario/normalise.js';
import { applyOverrides } from '../../../src/scenario/overrides.js';
import type { Scenario, ScenarioFile } from '../../../src/scenario/types.js';
import { parseWarmup } from '../../../src/scenario/normalise-load.js';
import { buildPlan, sliceWarmup } from '../../../src/load/plan.js';
import { shardLoad } from '../../../src/load/shard.js';

const doc: ScenarioFile = { name: 's', agents: ['a'], inputs: ['i'], load: { concurrency: 4, duration: '10s' } };
function scenario(over: Partial<ScenarioFile> = {}): Scenario {
  const result = normaliseScenario({ ...doc, ...over }, 's.yaml', { inputs: ['i'], variables: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('normaliseScenario', () => {
  it('infers the model and fills defaults', () => {
    expect(scenario()).toMatchObject({ target: 'mock', profile: 'strict', timeoutMs: 30_000, mix: { strategy: 'cartesian' }, load: { model: 'closed', concurrency: 4, durationMs: 10_000 } });
    expect(scenario({ load: { rate: 5, requests: 10 } }).load).toEqual({ model: 'open', rate: 5, requests: 10 });
  });

  it('rejects contradictory or incomplete load sections with a fix', () => {
    const problems = (over: Partial<ScenarioFile>) => {
      const r = normaliseScenario({ ...doc, ...over }, 's.yaml', { inputs: ['i'], variables: [] });
      return r.ok ? [] : r.problems;
    };
    expect(problems({ load: { concurrency: 1, rate: 1, duration: '1s' } })[0]).toMatchObject({ field: 'load', message: 'sets both `concurrency` and `rate`' });
    expect(problems({ load: { model: 'open', concurrency: 1, duration: '1s' } })[0]).toMatchObject({ field: 'load.rate' });
    expect(problems({ load: { concurrency: 1 } })[0]!.fix).toContain('duration: 30s');
    expect(problems({ load: { concurrency: 2, duration: '1s', maxInFlight: 10 } })[0]).toMatchObject({ field: 'load.maxInFlight', message: 'only applies to the open model, but the model is closed' });
  });
});

describe('applyOverrides', () => {
  it('switches model with --rate / --concurrency', () => {
    expect(applyOverrides(scenario(), { rate: 50 }).load).toEqual({ model: 'open', rate: 50, durationMs: 10_000 });
    expect(applyOverrides(scenario({ load: { rate: 5, duration: '1s' } }), { concurrency: 3 }).load).toEqual({ model: 'closed', concurrency: 3, durationMs: 1000 });
  });

  it('replaces the stop condition with --duration or --requests', () => {
    expect(applyOverrides(scenario(), { requests: 100 }).load).toEqual({ model: 'closed', concurrency: 4, requests: 100 });
    expect(applyOverrides(scenario(), { duration: '2s' }).load.durationMs).toBe(2000);
  });

  it('overrides target, profile, seed and timeout', () => {
    const s = applyOverrides(scenario(), { target: 'http://127.0.0.1:9', profile: 'spec', seed: 3, timeout: '2s' });
    expect(s).toMatchObject({ target: 'http://127.0.0.1:9', profile: 'spec', mix: { seed: 3 }, timeoutMs: 2000 });
  });

  it('refuses a credential in --target and timers longer than Node can set', () => {
    const problems = (flags: Parameters<typeof applyOverrides>[1]) => {
      try {
        applyOverrides(scenario(), flags);
        return [];
      } catch (error) {
        return (error as InputError).problems.map((p) => `${p.field}: ${p.message}`);
      }
    };
    expect(problems({ target: 'http://user:Sup3rS3cret@127.0.0.1:9/' })).toEqual(['--target: puts a credential in the URL']);
    expect(problems({ timeout: '600h' })[0]).toMatch(/^--timeout: is longer than 24 days/);
    expect(problems({ duration: '600h' })[0]).toMatch(/^--duration: is longer than 24 days/);
  });

  it('reports every bad flag at once, naming the flag', () => {
    try {
      applyOverrides(scenario(), { rate: -1, duration: '10', target: 'ftp://x', concurrency: 1.5 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const fields = (error as InputError).problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['--rate', '--duration', '--target', '--concurrency']));
      expect((error as InputError).exitCode).toBe(2);
    }
  });

  it('a zero --timeout or --duration is a duration, just not a usable one: the message says so', () => {
    const problems = (flags: Parameters<typeof applyOverrides>[1]) => {
      try {
        applyOverrides(scenario(), flags);
      } catch (error) {
        return (error as InputError).problems.map((p) => `${p.field}: ${p.message}`);
      }
      return [];
    };
    expect(problems({ timeout: '0s' })).toEqual(['--timeout: "0s" is a duration of zero: every request would time out at once']);
    expect(problems({ duration: '0ms' })).toEqual(['--duration: "0ms" is a duration of zero: the run would end before it began']);
    expect(problems({ timeout: 'soon' })).toEqual(['--timeout: "soon" is not a duration']);
  });
});

describe('warm-up (load.warmup / --warmup)', () => {
  const problems = (over: Partial<ScenarioFile>) => {
    const r = normaliseScenario({ ...doc, ...over }, 's.yaml', { inputs: ['i'], variables: [] });
    return r.ok ? [] : r.problems;
  };

  it('reads a number of requests or a duration, into the load and the plan', () => {
    expect(scenario({ load: { concurrency: 4, duration: '10s', warmup: 50 } }).load.warmup).toEqual({ requests: 50 });
    expect(scenario({ load: { rate: 10, requests: 500, warmup: '2s' } }).load.warmup).toEqual({ durationMs: 2000 });
    expect(scenario({ load: { concurrency: 1, requests: 10, warmup: 2 } }).load.warmup).toEqual({ requests: 2 });
    expect(parseWarmup('50')).toEqual({ requests: 50 });
    expect(parseWarmup('1m30s')).toEqual({ durationMs: 90_000 });
    expect([parseWarmup('0'), parseWarmup('0s'), parseWarmup('abc'), parseWarmup('-3'), parseWarmup('2.5')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(buildPlan(scenario({ load: { rate: 10, requests: 500, warmup: '2s' } }).load, 1000).warmup).toEqual({ durationMs: 2000 });
  });

  it('refuses a warm-up that leaves nothing to measure, naming the field and the fix', () => {
    expect(problems({ load: { concurrency: 1, requests: 100, warmup: 100 } })[0]).toMatchObject({ file: 's.yaml', field: 'load.warmup', message: 'keeps 100 requests apart of a run of 100: nothing would be measured', fix: expect.stringContaining('warmup: 10') });
    expect(problems({ load: { concurrency: 1, duration: '5s', warmup: '5s' } })[0]).toMatchObject({ field: 'load.warmup', message: expect.stringContaining('as long as the run (5s)') });
    expect(problems({ load: { rate: 5, stages: undefined, duration: '2s', warmup: '3s' } })[0]).toMatchObject({ field: 'load.warmup' });
    expect(problems({ load: { concurrency: 1, duration: '5s', warmup: '0s' } })[0]).toMatchObject({ field: 'load.warmup', message: '"0s" keeps nothing apart' });
    // A duration and a count never contradict each other.
    expect(problems({ load: { concurrency: 1, duration: '5s', warmup: 1000 } })).toEqual([]);
  });

  it('--warmup sets it, and is checked against the run the flags leave', () => {
    expect(applyOverrides(scenario(), { warmup: '20' }).load.warmup).toEqual({ requests: 20 });
    expect(applyOverrides(scenario(), { warmup: '1s' }).load.warmup).toEqual({ durationMs: 1000 });
    const fails = (flags: Parameters<typeof applyOverrides>[1], over: Partial<ScenarioFile> = {}) => {
      try {
        applyOverrides(scenario(over), flags);
      } catch (error) {
        return (error as InputError).problems;
      }
      return [];
    };
    expect(fails({ warmup: 'soon' })[0]).toMatchObject({ file: '(command line)', field: '--warmup', message: '"soon" is neither a number of requests above 0 nor a duration above zero', fix: expect.stringContaining('--warmup 50') });
    expect(fails({ warmup: '10s' })[0]).toMatchObject({ file: '(command line)', field: '--warmup', message: expect.stringContaining('nothing would be measured') });
    // The file's warm-up, made too long by a shorter --duration: the message names the file's field.
    expect(fails({ duration: '1s' }, { load: { concurrency: 4, duration: '10s', warmup: '2s' } })[0]).toMatchObject({ file: 's.yaml', field: 'load.warmup' });
  });

  it('a shard warms up on its share of a count; a duration stays', () => {
    expect(shardLoad({ model: 'closed', concurrency: 4, requests: 100, warmup: { requests: 10 } }, { index: 1, count: 3 }).warmup).toEqual({ requests: 4 });
    expect(shardLoad({ model: 'closed', concurrency: 4, requests: 100, warmup: { requests: 1 } }, { index: 2, count: 3 }).warmup).toBeUndefined();
    expect(shardLoad({ model: 'closed', concurrency: 4, requests: 100, warmup: { durationMs: 500 } }, { index: 2, count: 3 }).warmup).toEqual({ durationMs: 500 });
    expect([0, 1, 2].map((index) => sliceWarmup({ requests: 5 }, { index, count: 3 }))).toEqual([{ requests: 2 }, { requests: 2 }, { requests: 1 }]);
    expect(sliceWarmup({ requests: 1 }, { index: 1, count: 2 })).toBeUndefined();
  });
});
