import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../../src/commands/progress.js';

describe('progress line', () => {
  it('shows elapsed/total, requests, rps, p50, p99, errors and violations', () => {
    const line = formatProgress({ requests: 12_345, errors: 3, violating: 1, p50: 12.3456, p99: 250 }, 4200, 30_000, 512.34);
    expect(line).toBe('4.2s/30s · 12,345 req · 512.3 rps · p50 12.3ms · p99 250.0ms · 3 errors · 1 violations');
  });

  it('shows dashes before the first answer, and no total when only a request count stops the run', () => {
    expect(formatProgress({ requests: 0, errors: 0, violating: 0, p50: null, p99: null }, 800, undefined, 0)).toBe('800ms · 0 req · 0.0 rps · p50 - · p99 - · 0 errors · 0 violations');
  });
});
