import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatProgress, startProgress } from '../../../src/commands/progress.js';
import type { LiveFigures } from '../../../src/commands/workers.js';

const busy: LiveFigures = { requests: 1_234_567, errors: 12_345, violating: 6_789, p50: 123.456, p99: 2345.6 };

describe('progress line', () => {
  it('shows elapsed/total, requests, rps, p50, p99, errors and violating exchanges', () => {
    const line = formatProgress({ requests: 12_345, errors: 3, violating: 1, p50: 12.3456, p99: 250 }, 4200, 30_000, 512.34);
    expect(line).toBe('4.2s/30s · 12,345 req · 512.3 rps · p50 12.3ms · p99 250.0ms · 3 errors · 1 violating');
  });

  it('shows dashes before the first answer, and no total when only a request count stops the run', () => {
    expect(formatProgress({ requests: 0, errors: 0, violating: 0, p50: null, p99: null }, 800, undefined, 0)).toBe('800ms · 0 req · 0.0 rps · p50 - · p99 - · 0 errors · 0 violating');
  });

  it.each([
    [120, '12m30s/30m · 1,234,567 req · 12345.7 rps · p50 123.5ms · p99 2.35s · 12,345 errors · 6,789 violating'],
    [80, '12m30s/30m · 1,234,567 req · 12345.7 rps · p99 2.35s · 12,345 errors'],
    [60, '12m30s/30m · 1,234,567 req · p99 2.35s · 12,345 errors'],
    [40, '12m30s/30m · 1,234,567 req'],
    [20, '12m30s/30m · 1,234,…'],
  ])('fits %i columns, dropping the least telling fields first', (width, expected) => {
    const line = formatProgress(busy, 750_000, 1_800_000, 12_345.67, width);
    expect(line).toBe(expected);
    expect(line.length).toBeLessThanOrEqual(width);
  });
});

describe('startProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const run = (options: { tty: boolean; columns?: () => number | undefined }) => {
    const writes: string[] = [];
    let figures: LiveFigures = { requests: 0, errors: 0, violating: 0, p50: null, p99: null };
    const stop = startProgress({ write: (t) => writes.push(t), live: () => figures, startedAt: performance.now(), totalMs: 60_000, ...options });
    return { writes, stop, set: (f: LiveFigures) => (figures = f) };
  };

  it('on a terminal, redraws one line in place that never reaches the last column, and re-reads the width at each redraw', () => {
    let columns = 80;
    const { writes, stop, set } = run({ tty: true, columns: () => columns });
    set(busy);
    vi.advanceTimersByTime(500);
    columns = 60;
    vi.advanceTimersByTime(500);
    columns = 120;
    vi.advanceTimersByTime(500);
    stop();
    expect(writes).toHaveLength(4);
    const widths = [80, 60, 120];
    writes.slice(0, 3).forEach((w, i) => {
      expect(w.startsWith('\r\x1b[2K')).toBe(true);
      expect(w).not.toContain('\n');
      const visible = w.slice('\r\x1b[2K'.length);
      expect(visible.startsWith('chatload ')).toBe(true);
      expect(visible.length).toBeLessThan(widths[i]!);
    });
    expect(writes[2]).toContain('violating');
    // Stopping clears the line, so the summary starts on a clean one.
    expect(writes[3]).toBe('\r\x1b[2K');
    vi.advanceTimersByTime(5000);
    expect(writes).toHaveLength(4);
  });

  it('measures the rate over the last interval', () => {
    const { writes, stop, set } = run({ tty: true, columns: () => 200 });
    set({ ...busy, requests: 100 });
    vi.advanceTimersByTime(500);
    set({ ...busy, requests: 150 });
    vi.advanceTimersByTime(500);
    stop();
    expect(writes[0]).toContain('100 req · 200.0 rps');
    expect(writes[1]).toContain('150 req · 100.0 rps');
  });

  it('without a terminal width, fits 80 columns', () => {
    const { writes, stop, set } = run({ tty: true });
    set(busy);
    vi.advanceTimersByTime(500);
    stop();
    expect(writes[0]!.length - '\r\x1b[2K'.length).toBeLessThan(80);
  });

  it('elsewhere (a pipe, a CI log), writes one whole line every 5 s and clears nothing', () => {
    const { writes, stop, set } = run({ tty: false, columns: () => 40 });
    set(busy);
    vi.advanceTimersByTime(4999);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    stop();
    expect(writes).toEqual(['chatload 5s/1m · 1,234,567 req · 246913.4 rps · p50 123.5ms · p99 2.35s · 12,345 errors · 6,789 violating\n']);
  });
});
