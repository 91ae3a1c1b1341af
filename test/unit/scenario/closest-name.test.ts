import { describe, expect, it } from 'vitest';
import { closestName } from '../../../src/scenario/closest-name.js';

describe('closestName: the "did you mean" of a mistyped name', () => {
  it('counts every character of the name, the last one too', () => {
    // Three edits away from an 8-character name is too far (the limit is 2 below 9 characters).
    expect(closestName('abcdeXYZ', ['abcde'])).toBeUndefined();
    expect(closestName('abcdeXY', ['abcde'])).toBe('abcde');
  });

  it('allows a third of a long name in edits', () => {
    expect(closestName('abcdefghijkl', ['abcdefghiXYZ'])).toBe('abcdefghiXYZ');
    expect(closestName('abcdefghijkl', ['abcdefgXYZWV'])).toBeUndefined();
  });

  it('takes the first of two names equally close, and ignores case', () => {
    expect(closestName('abcd', ['abcx', 'abcy'])).toBe('abcx');
    expect(closestName('ABCD', ['xbcd', 'Abcd'])).toBe('Abcd');
  });
});
