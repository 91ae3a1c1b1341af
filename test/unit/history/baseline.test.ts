import { describe, expect, it } from 'vitest';
import { parseHistoryBaseline, sumOfRuns } from '../../../src/history/baseline.js';
import { decodeHistogram, mergeEncoded, summarize } from '../../../src/record/histogram.js';
import { latencies, reportOf } from '../../helpers/reports.js';

describe('history baselines', () => {
  it('parses history:last-pass and history:median:N, and names the forms otherwise', () => {
    expect(parseHistoryBaseline('history:last-pass')).toEqual({ kind: 'last-pass' });
    expect(parseHistoryBaseline('history:median:5')).toEqual({ kind: 'median', runs: 5 });
    for (const bad of ['history:', 'history:median', 'history:median:0', 'history:median:x', 'history:last', 'history:median:1000']) {
      expect(() => parseHistoryBaseline(bad), bad).toThrow(/--baseline: ".*" is not a history baseline \(fix: write history:last-pass or history:median:N/);
    }
  });

  it('sums runs exactly: the HDR histograms added, the counts summed, rps over the summed time', () => {
    const reports = [1, 2, 3].map((seed) =>
      reportOf(latencies(1000 * seed, 40 * seed, 0.2, seed).map((ms, i) => ({ ms, status: i % 50 === 0 ? 500 : 201 })), { durationMs: 10_000 * seed, startedAtEpochMs: Date.UTC(2025, 0, seed), endedAtEpochMs: Date.UTC(2025, 0, seed, 1) }),
    );
    const sum = sumOfRuns(reports);
    const expected = mergeEncoded(reports.map((r) => r.latency.hdr));
    expect(decodeHistogram(sum.latency.hdr).totalCount).toBe(6000);
    expect({ ...sum.latency, hdr: '' }).toEqual({ unit: 'ms', ...summarize(expected), hdr: '' });
    expect(sum.totals.requests).toBe(6000);
    expect(sum.totals.errors).toBe(reports.reduce((n, r) => n + r.totals.errors, 0));
    expect(sum.totals.errorRate).toBeCloseTo(sum.totals.errors / 6000, 12);
    expect(sum.durationMs).toBe(60_000);
    expect(sum.totals.rps).toBe(100);
    expect(sum.startedAt).toBe(reports[0]!.startedAt);
    expect(sumOfRuns([reports[1]!])).toBe(reports[1]);
  });
});
