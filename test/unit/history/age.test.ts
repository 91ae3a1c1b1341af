import { describe, expect, it } from 'vitest';
import { parseAge } from '../../../src/history/age.js';

describe('parseAge', () => {
  it('reads days, weeks and the usual durations', () => {
    expect(parseAge('90d')).toBe(90 * 86_400_000);
    expect(parseAge('2w')).toBe(14 * 86_400_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(parseAge('30m')).toBe(1_800_000);
  });

  it('is undefined for anything else', () => {
    for (const text of ['', '90', 'd', 'ninety days', '-1d']) expect(parseAge(text), text).toBeUndefined();
  });
});
