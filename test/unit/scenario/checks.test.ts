import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../../src/errors.js';
import { DEFAULT_CHECKS, normaliseChecks, parseByteSize } from '../../../src/scenario/checks.js';
import { validateScenarioDocument } from '../../../src/scenario/validate.js';

describe('checks: section', () => {
  it('defaults: 1 MiB body cap, 5 s clock skew, 5 samples per rule, 50 agent groups', () => {
    expect(normaliseChecks(undefined, 'f.yaml', [])).toEqual({ bodySizeLimitBytes: 1048576, clockSkewMs: 5000, samplesPerRule: 5, maxGroups: 50 });
    expect(DEFAULT_CHECKS.bodySizeLimitBytes).toBe(1024 * 1024);
  });

  it('parses sizes and durations', () => {
    expect(parseByteSize('1MiB')).toBe(1048576);
    expect(parseByteSize('512KiB')).toBe(524288);
    expect(parseByteSize('2MB')).toBe(2_000_000);
    expect(parseByteSize(4096)).toBe(4096);
    expect(parseByteSize('lots')).toBeUndefined();
    expect(normaliseChecks({ bodySizeLimit: '64KiB', clockSkew: '2s', samplesPerRule: 3, maxGroups: 2 }, 'f.yaml', [])).toEqual({ bodySizeLimitBytes: 65536, clockSkewMs: 2000, samplesPerRule: 3, maxGroups: 2 });
  });

  it('names file, field and fix for a bad value', () => {
    const problems: InputProblem[] = [];
    normaliseChecks({ bodySizeLimit: '0KiB' }, 'f.yaml', problems);
    expect(problems).toEqual([expect.objectContaining({ file: 'f.yaml', field: 'checks.bodySizeLimit', fix: expect.stringContaining('1MiB') })]);
  });

  it('is accepted by the scenario schema, and a misspelt field is caught', () => {
    const doc = { name: 'x', agents: ['a'], inputs: ['hi'], load: { concurrency: 1, requests: 1 } };
    expect(validateScenarioDocument({ ...doc, checks: { bodySizeLimit: '1MiB', clockSkew: '5s', samplesPerRule: 5, maxGroups: 50 } }, 'f.yaml').ok).toBe(true);
    const zero = validateScenarioDocument({ ...doc, checks: { maxGroups: 0 } }, 'f.yaml');
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.problems[0]).toMatchObject({ field: 'checks.maxGroups', fix: expect.stringContaining('maxGroups: 50') });
    const bad = validateScenarioDocument({ ...doc, checks: { clockSkw: '5s' } }, 'f.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ field: 'checks.clockSkw', fix: 'did you mean `clockSkew`?' });
  });
});
