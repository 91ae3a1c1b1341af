import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../../src/errors.js';
import { normaliseLoadExtras, parseWarmup, warmupProblem } from '../../../src/scenario/normalise-load.js';
import type { LoadSpec, ScenarioFile } from '../../../src/scenario/types.js';

type Load = ScenarioFile['load'];

/** The load section's extras, or the problems it was refused with. */
function extras(load: Load, model: LoadSpec['model']) {
  const problems: InputProblem[] = [];
  const value = normaliseLoadExtras(load, model, 's.yaml', problems);
  return { value, problems };
}

describe('normaliseLoadExtras: which fields apply to which model', () => {
  it('refuses `rate` together with `stages`', () => {
    const { value, problems } = extras({ rate: 5, stages: [{ rate: 1, duration: '1s' }] }, 'open');
    expect(value).toBeUndefined();
    expect(problems).toEqual([{ file: 's.yaml', field: 'load', message: 'sets both `rate` and `stages`', fix: 'keep `stages`, a list of { rate, duration }, or a single `rate`; not both' }]);
  });

  it('refuses stages and arrival outside the open model', () => {
    expect(extras({ stages: [{ rate: 1, duration: '1s' }] }, 'closed').problems).toEqual([
      { file: 's.yaml', field: 'load.stages', message: 'only applies to the open model, but the model is closed', fix: 'remove `stages`, or set `model: open`' },
    ]);
    expect(extras({ arrival: 'poisson' }, 'closed').problems).toEqual([
      { file: 's.yaml', field: 'load.arrival', message: 'only applies to the open model, but the model is closed', fix: 'remove `arrival`, or set `model: open`' },
    ]);
  });

  it('keeps stages, arrival and maxInFlight in the open model', () => {
    const { value, problems } = extras({ stages: [{ rate: 0, duration: '2s' }, { rate: 10, duration: '1m' }], arrival: 'poisson', maxInFlight: 20 }, 'open');
    expect(problems).toEqual([]);
    expect(value).toStrictEqual({ stages: [{ rate: 0, durationMs: 2000 }, { rate: 10, durationMs: 60_000 }], arrival: 'poisson' });
  });

  it('refuses maxInFlight in the closed model, with the reason in the fix', () => {
    expect(extras({ maxInFlight: 4 }, 'closed').problems).toEqual([
      {
        file: 's.yaml',
        field: 'load.maxInFlight',
        message: 'only applies to the open model, but the model is closed',
        fix: 'remove `maxInFlight`, since the closed model has at most `concurrency` requests in flight; or set `model: open`',
      },
    ]);
  });

  it('requires connections in the max model and keeps connections and pipelining there', () => {
    expect(extras({}, 'max').problems).toEqual([{ file: 's.yaml', field: 'load.connections', message: 'is required by the max model', fix: 'add `connections: 50`, the number of autocannon connections' }]);
    expect(extras({ connections: 8 }, 'max')).toStrictEqual({ value: { connections: 8 }, problems: [] });
    expect(extras({ connections: 8, pipelining: 4 }, 'max')).toStrictEqual({ value: { connections: 8, pipelining: 4 }, problems: [] });
  });

  it('refuses connections or pipelining outside the max model, naming the field written', () => {
    const refusal = (field: string, model: string) => ({ file: 's.yaml', field, message: `only applies to the max model, but the model is ${model}`, fix: 'remove it, or set `model: max`' });
    expect(extras({ connections: 8 }, 'closed').problems).toEqual([refusal('load.connections', 'closed')]);
    expect(extras({ pipelining: 2 }, 'open').problems).toEqual([refusal('load.pipelining', 'open')]);
    expect(extras({ connections: 8, pipelining: 2 }, 'closed').problems).toEqual([refusal('load.connections', 'closed')]);
  });

  it('refuses think time in the max model and parses it elsewhere', () => {
    expect(extras({ connections: 8, thinkTime: '1s' }, 'max').problems).toEqual([
      { file: 's.yaml', field: 'load.thinkTime', message: 'does not apply to the max model (autocannon sends as fast as it can)', fix: 'remove `thinkTime`, or use `model: closed`' },
    ]);
    expect(extras({ thinkTime: '1.5s' }, 'closed')).toStrictEqual({ value: { thinkTimeMs: 1500 }, problems: [] });
    expect(extras({ thinkTime: '200ms' }, 'open')).toStrictEqual({ value: { thinkTimeMs: 200 }, problems: [] });
  });

  it('returns nothing but the fields written', () => {
    expect(extras({}, 'closed')).toStrictEqual({ value: {}, problems: [] });
    expect(extras({}, 'open')).toStrictEqual({ value: {}, problems: [] });
  });

  it('returns undefined when it added a problem, and only then', () => {
    const problems: InputProblem[] = [{ file: 'other.csv', field: 'x', message: 'earlier' }];
    expect(normaliseLoadExtras({ thinkTime: '1s' }, 'closed', 's.yaml', problems)).toStrictEqual({ thinkTimeMs: 1000 });
    expect(normaliseLoadExtras({ arrival: 'constant' }, 'closed', 's.yaml', problems)).toBeUndefined();
    expect(problems).toHaveLength(2);
  });
});

describe('normaliseLoadExtras: stages', () => {
  it('refuses a stage of zero duration, naming its index', () => {
    expect(extras({ stages: [{ rate: 1, duration: '1s' }, { rate: 2, duration: '0s' }] }, 'open').problems).toEqual([
      { file: 's.yaml', field: 'load.stages[1].duration', message: 'is zero', fix: 'use a duration above zero, e.g. 30s' },
    ]);
  });

  it('refuses stages whose every rate is 0, but not a pause among them', () => {
    expect(extras({ stages: [{ rate: 0, duration: '1s' }, { rate: 0, duration: '2s' }] }, 'open').problems).toEqual([
      { file: 's.yaml', field: 'load.stages', message: 'has a rate of 0 in every stage, so nothing would be sent', fix: 'give at least one stage a rate above 0' },
    ]);
    expect(extras({ stages: [{ rate: 3, duration: '1s' }, { rate: 0, duration: '1s' }] }, 'open')).toStrictEqual({
      value: { stages: [{ rate: 3, durationMs: 1000 }, { rate: 0, durationMs: 1000 }] },
      problems: [],
    });
  });
});

describe('warm-up', () => {
  it('reads a number of requests with spaces around it', () => {
    expect(parseWarmup(' 50 ')).toEqual({ requests: 50 });
  });

  it('refuses a warm-up that keeps nothing apart, with the fix', () => {
    expect(extras({ warmup: '0s' }, 'closed').problems).toEqual([
      { file: 's.yaml', field: 'load.warmup', message: '"0s" keeps nothing apart', fix: 'give a number of requests above 0, e.g. warmup: 50, or a duration above zero, e.g. warmup: 5s, or remove it' },
    ]);
    expect(extras({ warmup: 5 }, 'closed')).toStrictEqual({ value: { warmup: { requests: 5 } }, problems: [] });
  });

  it('suggests a tenth of the run when the warm-up keeps every request', () => {
    expect(warmupProblem({ warmup: { requests: 200 }, requests: 100 })).toEqual({
      message: 'keeps 200 requests apart of a run of 100: nothing would be measured',
      fix: 'use fewer warm-up requests than the run sends, e.g. warmup: 10',
    });
  });

  it('measures a staged run as the sum of its stages', () => {
    const stages = [{ rate: 1, durationMs: 2000 }, { rate: 5, durationMs: 3000 }];
    expect(warmupProblem({ warmup: { durationMs: 4999 }, stages })).toBeUndefined();
    expect(warmupProblem({ warmup: { durationMs: 5000 }, stages })).toEqual({
      message: 'lasts 5s, as long as the run (5s) or longer: nothing would be measured',
      fix: 'use a warm-up shorter than the run, e.g. a tenth of it; the warm-up is the start of the run, not added to it',
    });
  });

  it('shows durations that are not whole seconds in milliseconds', () => {
    expect(warmupProblem({ warmup: { durationMs: 2500 }, durationMs: 1500 })?.message).toBe('lasts 2500ms, as long as the run (1500ms) or longer: nothing would be measured');
  });
});
