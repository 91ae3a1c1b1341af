import { describe, expect, it } from 'vitest';
import { isRfc3339DateTime, parseRfc3339 } from '../../../src/contract/date-time.js';

const DAYS_2026 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number) => String(n).padStart(2, '0');

describe('RFC 3339 date-time: the calendar', () => {
  it('the last day of every month is a date, the day after it is not', () => {
    DAYS_2026.forEach((days, i) => {
      expect(isRfc3339DateTime(`2026-${pad(i + 1)}-${pad(days)}T00:00:00Z`), `month ${i + 1}`).toBe(true);
      expect(isRfc3339DateTime(`2026-${pad(i + 1)}-${pad(days + 1)}T00:00:00Z`), `month ${i + 1}`).toBe(false);
    });
  });

  it('month and day start at 1', () => {
    expect(isRfc3339DateTime('2026-00-10T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2026-01-00T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2026-01-01T00:00:00Z')).toBe(true);
  });

  it('leap years: every 4th, not every 100th, but every 400th', () => {
    expect(isRfc3339DateTime('2000-02-29T00:00:00Z')).toBe(true);
    expect(isRfc3339DateTime('2024-02-29T00:00:00Z')).toBe(true);
    expect(isRfc3339DateTime('1900-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2024-02-30T00:00:00Z')).toBe(false);
    // Only February has a leap day.
    expect(isRfc3339DateTime('2024-01-31T00:00:00Z')).toBe(true);
    expect(isRfc3339DateTime('2024-04-30T00:00:00Z')).toBe(true);
  });

  it('the last instant of each field is valid', () => {
    expect(parseRfc3339('2026-12-31T23:59:59.999Z')).toBe(Date.parse('2026-12-31T23:59:59.999Z'));
    expect(parseRfc3339('2026-12-31T23:59:59+23:59')).toBe(Date.parse('2026-12-31T00:00:59Z'));
    expect(isRfc3339DateTime('2026-12-31T23:59:59+05:60')).toBe(false);
    expect(isRfc3339DateTime('2026-12-31T23:59:59-24:00')).toBe(false);
  });
});

describe('RFC 3339 date-time: the grammar, exactly', () => {
  it('digits only, four for the year and two for the rest, nothing before or after', () => {
    for (const bad of [
      '26-12-02T02:22:19Z',
      '02026-12-02T02:22:19Z',
      '2026-1a-02T02:22:19Z',
      'x2026-12-02T02:22:19Z',
      '2026-12-02T02:22:19Zx',
      '2026-12-02T2:22:19Z',
      '2026-12-02T02:2:19Z',
      '2026-12-02T02:22:1Z',
      '2026-12-02T02:22:19+5:30',
      '2026-12-02T02:22:19+05:3',
      '2026-012-02T02:22:19Z',
      '2026-12-002T02:22:19Z',
      '2026-12-02T002:22:19Z',
      '2026-12-02T02:022:19Z',
      '2026-12-02T02:22:019Z',
      '2026-12-02T02:22:19+005:30',
      '2026-12-02T02:22:19+05:030',
      '2026-12-02T02:22:19.12aZ',
      '2026-12-02T02:22:19,5Z',
      '2026-12-02X02:22:19Z',
      '2026-12-02T02:22:19z+01:00',
      '2026-12-02T02:22:19*01:00',
      '２０２６-12-02T02:22:19Z',
      '',
    ]) {
      expect(isRfc3339DateTime(bad), bad).toBe(false);
    }
  });

  it('a fraction of any length, read to the millisecond (truncated)', () => {
    expect(parseRfc3339('2026-12-02T02:22:19.5Z')).toBe(Date.parse('2026-12-02T02:22:19.500Z'));
    expect(parseRfc3339('2026-12-02T02:22:19.0019Z')).toBe(Date.parse('2026-12-02T02:22:19.001Z'));
    expect(parseRfc3339('2026-12-02T02:22:19.9999999Z')).toBe(Date.parse('2026-12-02T02:22:19.999Z'));
    expect(parseRfc3339('2026-12-02T02:22:19.12Z')).toBe(Date.parse('2026-12-02T02:22:19.120Z'));
  });

  it('an offset is subtracted: east of UTC is earlier, west later', () => {
    expect(parseRfc3339('2026-12-02T10:00:00+02:30')).toBe(Date.parse('2026-12-02T07:30:00Z'));
    expect(parseRfc3339('2026-12-02T10:00:00-02:30')).toBe(Date.parse('2026-12-02T12:30:00Z'));
    expect(parseRfc3339('2026-12-02T10:00:00+00:00')).toBe(Date.parse('2026-12-02T10:00:00Z'));
  });
});

describe('RFC 3339 date-time: leap seconds', () => {
  it('23:59:60 UTC, written in any offset, even across midnight; the last millisecond of its minute', () => {
    expect(parseRfc3339('1991-01-01T05:29:60+05:30')).toBe(Date.parse('1990-12-31T23:59:59.999Z'));
    expect(parseRfc3339('1990-12-31T15:59:60-08:00')).toBe(Date.parse('1990-12-31T23:59:59.999Z'));
    expect(parseRfc3339('1990-12-31T23:59:60.250Z')).toBe(Date.parse('1990-12-31T23:59:59.999Z'));
  });

  it('60 at any other UTC minute is not a second', () => {
    expect(isRfc3339DateTime('1990-12-31T23:58:60Z')).toBe(false);
    expect(isRfc3339DateTime('1991-01-01T05:30:60+05:30')).toBe(false);
    expect(isRfc3339DateTime('1990-12-31T00:59:60Z')).toBe(false);
  });
});

describe('RFC 3339 date-time: years before 100', () => {
  it('are the years themselves, not 1900–1999, offsets and fractions applied', () => {
    expect(parseRfc3339('0050-06-15T12:34:56.789+01:00')).toBe(Date.parse('0050-06-15T11:34:56.789Z'));
    expect(parseRfc3339('0000-01-01T00:00:00Z')).toBe(Date.parse('0000-01-01T00:00:00Z'));
    expect(parseRfc3339('0100-03-01T00:00:00-01:00')).toBe(Date.parse('0100-03-01T01:00:00Z'));
  });
});

describe('parseRfc3339 answers each text by itself', () => {
  it('the same text twice, then another, then the first again', () => {
    const a = '2026-12-02T02:22:19Z';
    const b = '2026-12-02T02:22:20Z';
    expect(parseRfc3339(a)).toBe(Date.parse(a));
    expect(parseRfc3339(a)).toBe(Date.parse(a));
    expect(parseRfc3339(b)).toBe(Date.parse(b));
    expect(parseRfc3339('nope')).toBeUndefined();
    expect(parseRfc3339(a)).toBe(Date.parse(a));
  });
});
