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

  it.each(['30', 's', '', '10 sec', '-5s', '5d'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  it('formats', () => {
    expect(formatDuration(8000)).toBe('8s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatMs(1.234)).toBe('1.23ms');
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
