import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../../src/errors.js';
import { normaliseChecks, parseByteSize } from '../../../src/scenario/checks.js';

describe('checks: section, edges', () => {
  it('takes a plain number as bytes only when it is a whole number above 0', () => {
    expect([parseByteSize(1), parseByteSize(0), parseByteSize(-5), parseByteSize(1.5)]).toEqual([1, undefined, undefined, undefined]);
  });

  it('reads a size with spaces around it, and a number written as text as bytes', () => {
    expect(parseByteSize(' 1MiB ')).toBe(1048576);
    expect(parseByteSize('512')).toBe(512);
  });

  it('names the field, the value and the fix of a bad size or duration', () => {
    const problems: InputProblem[] = [];
    normaliseChecks({ bodySizeLimit: 'huge', clockSkew: 'soon' }, 'f.yaml', problems);
    expect(problems).toEqual([
      { file: 'f.yaml', field: 'checks.bodySizeLimit', message: '"huge" is not a size', fix: 'write a number of bytes such as 1048576, or a size with a unit, e.g. 1MiB or 512KiB' },
      { file: 'f.yaml', field: 'checks.clockSkew', message: '"soon" is not a duration', fix: 'write a duration with a unit, e.g. 5s or 500ms' },
    ]);
  });
});
