import { describe, expect, it } from 'vitest';
import { formatDuration, formatMs, parseDuration } from '../../src/units.js';
import { redactSecrets } from '../../src/redact.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('reads a duration with spaces around it', () => expect(parseDuration(' 30s\n')).toBe(30_000));

  it.each(['30', 's', '', '10 sec', '-5s', '5d'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    [0, '0ms'],
    [800, '800ms'],
    [999.4, '999ms'],
    // Rounds first, then picks the unit: what rounds up to the next unit is written in it.
    [999.6, '1s'],
    [4200, '4.2s'],
    [8000, '8s'],
    [59_940, '59.9s'],
    [59_960, '1m'],
    [60_000, '1m'],
    [90_000, '1m30s'],
    [119_400, '1m59s'],
    [119_600, '2m'],
    [750_000, '12m30s'],
    [3_599_400, '59m59s'],
    [3_599_600, '1h'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [7_140_000, '1h59m'],
    [7_170_000, '2h'],
    [86_400_000, '24h'],
  ])('formats %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('formats', () => {
    expect(formatMs(1.234)).toBe('1.23ms');
    // Two decimals below 10 ms, one from 10 ms.
    expect(formatMs(10)).toBe('10.0ms');
    expect(formatMs(999.94)).toBe('999.9ms');
    expect(formatMs(1000)).toBe('1.00s');
    expect(formatMs(1234)).toBe('1.23s');
    expect(formatMs(null)).toBe('-');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence, ignores trivially short secrets', () => {
    expect(redactSecrets('a KEY123 b KEY123', ['KEY123'])).toBe('a [REDACTED] b [REDACTED]');
    expect(redactSecrets('abc', ['ab'])).toBe('abc');
  });
});
