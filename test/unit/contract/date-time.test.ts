import { describe, expect, it } from 'vitest';
import { isRfc3339DateTime, parseRfc3339 } from '../../../src/contract/date-time.js';

describe('RFC 3339 date-time (strict)', () => {
  it('accepts the §5.6 forms: Z or an offset, with or without a fraction, and lower-case t/z (the note on §5.6)', () => {
    for (const ok of ['2026-12-02T02:22:19.003Z', '2026-12-02T02:22:19Z', '2026-12-02T02:22:19+05:30', '2026-12-02T02:22:19.123456789-08:00', '2026-12-02t02:22:19.003z', '2024-02-29T00:00:00Z', '1990-12-31T23:59:60Z', '1990-12-31T15:59:60-08:00']) {
      expect(isRfc3339DateTime(ok), ok).toBe(true);
    }
  });

  it('refuses a space (or anything else) where the T belongs, and every form outside the grammar', () => {
    for (const bad of [
      '2026-12-02 02:22:19.003Z',
      '2026-12-02_02:22:19Z',
      '2026-12-02T02:22:19',
      '2026-12-02T02:22:19+0530',
      '2026-12-02T02:22Z',
      '2026-12-02T02:22:19.Z',
      '2026-12-2T02:22:19Z',
      '2026-13-02T02:22:19Z',
      '2026-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-12-02T24:00:00Z',
      '2026-12-02T02:60:00Z',
      '2026-12-02T02:22:61Z',
      '2026-12-02T12:00:60Z',
      '2026-12-02T02:22:19+24:00',
      '2026-12-02T02:22:19Z ',
      'yesterday',
    ]) {
      expect(isRfc3339DateTime(bad), bad).toBe(false);
    }
  });

  it('parses to the same instant as Date.parse for the forms both take, offsets applied', () => {
    for (const text of ['2026-12-02T02:22:19.003Z', '2026-12-02T02:22:19+05:30', '0099-01-01T00:00:00Z']) expect(parseRfc3339(text)).toBe(Date.parse(text));
    expect(parseRfc3339('2026-12-02t02:22:19.003z')).toBe(Date.parse('2026-12-02T02:22:19.003Z'));
    expect(parseRfc3339('1990-12-31T23:59:60Z')).toBe(Date.parse('1990-12-31T23:59:59.999Z'));
  });
});
