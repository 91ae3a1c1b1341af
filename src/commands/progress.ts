import { formatDuration, formatMs } from '../units.js';
import type { LiveFigures } from './workers.js';

const int = (n: number) => n.toLocaleString('en-US');

/**
 * One progress line, fitted to `width` columns when given: fields are dropped, least telling
 * first (p50, then violating, rps, p99, errors), and what still does not fit is cut. Pure.
 * `rps` is the rate over the last interval.
 */
export function formatProgress(figures: LiveFigures, elapsedMs: number, totalMs: number | undefined, rps: number, width?: number): string {
  const elapsed = totalMs === undefined ? formatDuration(elapsedMs) : `${formatDuration(Math.min(elapsedMs, totalMs))}/${formatDuration(totalMs)}`;
  // [text, rank]: the lower the rank, the longer the field stays.
  const fields: [string, number][] = [
    [elapsed, 0],
    [`${int(figures.requests)} req`, 0],
    [`${rps.toFixed(1)} rps`, 3],
    [`p50 ${formatMs(figures.p50)}`, 5],
    [`p99 ${formatMs(figures.p99)}`, 2],
    [`${int(figures.errors)} errors`, 1],
    [`${int(figures.violating)} violating`, 4],
  ];
  const join = (rank: number) => fields.filter(([, r]) => r < rank).map(([text]) => text).join(' · ');
  if (width === undefined) return join(Infinity);
  for (let rank = 6; rank > 0; rank--) {
    const line = join(rank);
    if (line.length <= width) return line;
  }
  const least = join(1);
  return least.length <= width ? least : `${least.slice(0, Math.max(0, width - 1))}…`;
}

export interface ProgressOptions {
  write(text: string): void;
  /** On a terminal the line is redrawn in place; otherwise one plain line per interval. */
  tty: boolean;
  /** The terminal's width, read at each redraw (a resize takes effect at the next one); default 80. */
  columns?: () => number | undefined;
  live(): LiveFigures;
  /** Monotonic start of the run. */
  startedAt: number;
  totalMs?: number;
  /** Default: 500 ms on a terminal, 5 s otherwise. */
  intervalMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const PREFIX = 'chatload ';
const DEFAULT_COLUMNS = 80;

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
    if (!options.tty) {
      options.write(`${PREFIX}${formatProgress(figures, now - options.startedAt, options.totalMs, rps)}\n`);
      return;
    }
    // A line as wide as the terminal wraps on some terminals (the cursor moves on), and the
    // carriage return then redraws only the second row: one column is kept free.
    const columns = options.columns?.() || DEFAULT_COLUMNS;
    const room = Math.max(1, columns - 1);
    const prefix = room - PREFIX.length >= 40 ? PREFIX : '';
    options.write(`${CLEAR_LINE}${prefix}${formatProgress(figures, now - options.startedAt, options.totalMs, rps, room - prefix.length)}`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (options.tty) options.write(CLEAR_LINE);
  };
}
