import { InputError } from '../errors.js';
import { formatDuration } from '../units.js';

const CLI = '(command line)';
const FLAG = '--start-at';

/** How late a `--start-at` run may still begin: past that, its load would not add up with the other shards'. */
export const START_AT_LATE_MS = 1000;

// An ISO 8601 instant with its zone: without one, shards on machines in different zones would disagree.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const EXAMPLE = 'e.g. --start-at 2026-12-02T10:30:00Z, or epoch milliseconds: --start-at $(( $(date +%s) * 1000 + 30000 ))';

/** `--start-at` as epoch milliseconds: an ISO 8601 time with its zone (`Z` or `±hh:mm`), or epoch milliseconds. Pure. */
export function parseStartAt(text: string): number {
  const trimmed = text.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : ISO_INSTANT.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    const hint = /^\d{4}-\d{2}-\d{2}T[^Z+-]*$/i.test(trimmed) ? 'has no time zone' : 'is neither an ISO 8601 time nor epoch milliseconds';
    throw InputError.single(CLI, FLAG, `"${text}" ${hint}`, EXAMPLE);
  }
  return ms;
}

/**
 * How long to wait for the instant, in ms (0 when it is now or just passed). An instant passed by more
 * than START_AT_LATE_MS is bad input: this run would start after the others it should run with. Pure.
 */
export function startDelay(startAtMs: number, nowMs: number): number {
  const late = nowMs - startAtMs;
  if (late > START_AT_LATE_MS) {
    const seconds = startAtMs < 1e11 ? ` (${startAtMs} read as milliseconds is in 1970: was it seconds?)` : '';
    throw InputError.single(CLI, FLAG, `${new Date(startAtMs).toISOString()} passed ${late < 3_600_000 ? formatDuration(late) : `${Math.round(late / 3_600_000)}h`} ago${seconds}: this run would start after the shards it should run with`, 'give an instant far enough ahead for every shard to be started and ready before it');
  }
  return Math.max(0, -late);
}

// setTimeout cannot wait longer than 2^31 - 1 ms; re-arming every minute also follows clock steps.
const MAX_STEP_MS = 60_000;

/** Resolves true at the wall-clock instant, or false as soon as the signal aborts. */
export function waitUntil(epochMs: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (reached: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(reached);
    };
    const onAbort = () => finish(false);
    const tick = () => {
      const left = epochMs - Date.now();
      if (left <= 0) finish(true);
      else timer = setTimeout(tick, Math.min(left, MAX_STEP_MS));
    };
    if (signal.aborted) return resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}
