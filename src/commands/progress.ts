import { formatDuration, formatMs } from '../units.js';
import type { LiveFigures } from './workers.js';

/** One progress line. Pure. `rps` is the rate over the last interval. */
export function formatProgress(figures: LiveFigures, elapsedMs: number, totalMs: number | undefined, rps: number): string {
  const elapsed = totalMs === undefined ? formatDuration(elapsedMs) : `${formatDuration(Math.min(elapsedMs, totalMs))}/${formatDuration(totalMs)}`;
  return [
    elapsed,
    `${figures.requests.toLocaleString('en-US')} req`,
    `${rps.toFixed(1)} rps`,
    `p50 ${formatMs(figures.p50)}`,
    `p99 ${formatMs(figures.p99)}`,
    `${figures.errors.toLocaleString('en-US')} errors`,
    `${figures.violating.toLocaleString('en-US')} violations`,
  ].join(' · ');
}

export interface ProgressOptions {
  write(text: string): void;
  /** On a terminal the line is redrawn in place; otherwise one plain line per interval. */
  tty: boolean;
  live(): LiveFigures;
  /** Monotonic start of the run. */
  startedAt: number;
  totalMs?: number;
  /** Default: 500 ms on a terminal, 5 s otherwise. */
  intervalMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

/** Starts the live progress line (on stderr, so stdout stays the summary); returns its stop. */
export function startProgress(options: ProgressOptions): () => void {
  const intervalMs = options.intervalMs ?? (options.tty ? 500 : 5000);
  let lastRequests = 0;
  let lastAt = options.startedAt;
  const draw = () => {
    const now = performance.now();
    const figures = options.live();
    const rps = now > lastAt ? ((figures.requests - lastRequests) * 1000) / (now - lastAt) : 0;
    [lastRequests, lastAt] = [figures.requests, now];
    const line = `chatload ${formatProgress(figures, now - options.startedAt, options.totalMs, rps)}`;
    options.write(options.tty ? `${CLEAR_LINE}${line}` : `${line}\n`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (options.tty) options.write(CLEAR_LINE);
  };
}
