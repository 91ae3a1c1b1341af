import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseStartAt, startDelay, waitUntil } from '../../../src/load/start-at.js';

const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('parseStartAt', () => {
  it('reads an ISO 8601 time with its zone, or epoch milliseconds', () => {
    expect(parseStartAt('2026-12-02T10:30:00Z')).toBe(Date.UTC(2026, 11, 2, 10, 30));
    expect(parseStartAt('2026-12-02T10:30:00.250Z')).toBe(Date.UTC(2026, 11, 2, 10, 30, 0, 250));
    expect(parseStartAt('2026-12-02T11:30+01:00')).toBe(Date.UTC(2026, 11, 2, 10, 30));
    expect(parseStartAt(' 1796207400000 ')).toBe(1796207400000);
  });

  it('refuses a time without a zone and anything else, naming the flag and an example', () => {
    expect(messageOf(() => parseStartAt('2026-12-02T10:30:00'))).toBe(
      '(command line): --start-at: "2026-12-02T10:30:00" has no time zone (fix: e.g. --start-at 2026-12-02T10:30:00Z, or epoch milliseconds: --start-at $(( $(date +%s) * 1000 + 30000 )))',
    );
    expect(messageOf(() => parseStartAt('in 30s'))).toContain('"in 30s" is neither an ISO 8601 time nor epoch milliseconds');
    expect(messageOf(() => parseStartAt('2026-13-45T10:30:00Z'))).toContain('--start-at');
  });
});

describe('startDelay', () => {
  const at = Date.UTC(2026, 11, 2, 10, 30);
  it('is the time left, and 0 up to a second late', () => {
    expect(startDelay(at, at - 2500)).toBe(2500);
    expect(startDelay(at, at)).toBe(0);
    expect(startDelay(at, at + 1000)).toBe(0);
  });

  it('refuses an instant passed by more than a second (exit 2), and hints at seconds given for milliseconds', () => {
    const message = messageOf(() => startDelay(at, at + 4200));
    expect(message).toBe('(command line): --start-at: 2026-12-02T10:30:00.000Z passed 4.2s ago: this run would start after the shards it should run with (fix: give an instant far enough ahead for every shard to be started and ready before it)');
    expect(messageOf(() => startDelay(1796207400, at))).toContain('(1796207400 read as milliseconds is in 1970: was it seconds?)');
  });
});

describe('waitUntil', () => {
  it('resolves true once the instant is reached, false as soon as the signal aborts', async () => {
    expect(await waitUntil(Date.now() - 10, new AbortController().signal)).toBe(true);
    const before = Date.now();
    expect(await waitUntil(before + 30, new AbortController().signal)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(before + 30);
    const controller = new AbortController();
    const waiting = waitUntil(Date.now() + 3_600_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(await waitUntil(Date.now() + 3_600_000, controller.signal)).toBe(false);
  });
});
