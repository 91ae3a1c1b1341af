import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { normaliseScenario } from '../../../src/scenario/normalise.js';
import { applyOverrides } from '../../../src/scenario/overrides.js';
import type { Scenario, ScenarioFile } from '../../../src/scenario/types.js';

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
