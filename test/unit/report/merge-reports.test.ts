import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../../src/record/histogram.js';
import { alignTimeline, mergeReports, stateFromReport } from '../../../src/report/merge-reports.js';
import { checkReportInvariants } from '../../../src/report/check-invariants.js';
import { fakeMeta, latencies, recordExchanges, reportOf, type FakeExchange } from '../../helpers/reports.js';
import { buildReport } from '../../../src/report/build.js';
import type { RunReport } from '../../../src/run-report.js';

describe('mergeReports', () => {
  const all: FakeExchange[] = latencies(3000, 30, 0.6, 3).map((ms, i) => ({ ms, ...(i % 97 === 0 ? { status: 500 } : {}), ...(i % 211 === 0 ? { fault: 'bad-enum' as const } : {}) }));
  const parts = [all.slice(0, 1000), all.slice(1000, 2200), all.slice(2200)];

  it('gives the percentiles, counts and goodput data of one histogram of all values', () => {
    const shards = parts.map((p, i) => ({ ...reportOf(p, { dropped: i, late: 2 * i }), shard: { index: i + 1, count: 3 } }));
    const { report, warnings } = mergeReports(shards);
    const whole = reportOf(all);
    expect(warnings).toEqual([]);
    for (const key of ['count', 'min', 'p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean'] as const) {
      expect(report.latency[key]).toBe(whole.latency[key]);
      expect(report.latencyByStatusClass['2xx']![key]).toBe(whole.latencyByStatusClass['2xx']![key]);
      expect(report.goodLatency![key]).toBe(whole.goodLatency![key]);
    }
    expect(decodeHistogram(report.latency.hdr).totalCount).toBe(3000);
    expect(report.status).toEqual(whole.status);
    expect(report.conformance.byRule).toEqual(whole.conformance.byRule);
    expect(report.totals).toMatchObject({ requests: 3000, errors: whole.totals.errors, dropped: 3, late: 6 });
    expect(report.verdict).toBe('fail');
  });

  it('round-trips a report through its state', () => {
    const state = recordExchanges(parts[0]!).state();
    const report = buildReport(state, fakeMeta());
    const back = stateFromReport(report);
    expect(back.latency).toBe(state.latency);
    expect(back.good).toBe(state.good);
    expect(back.timeline.map((w) => w.index)).toEqual(state.timeline.map((w) => w.index));
    expect(back.byRule).toEqual(state.byRule);
  });

  it('warns when shards are missing (duplicates and unlike shards are refused before: checkMergeInputs)', () => {
    const a = { ...reportOf(parts[0]!), shard: { index: 1, count: 3 } };
    expect(mergeReports([a, { ...a, shard: { index: 2, count: 3 } }]).warnings).toEqual(['only 2 of 3 shards are merged (missing 3)']);
  });
});

describe('mergeReports: the load and totals of side-by-side shards', () => {
  it('adds connections, every stage rate and the conversations aborted and cut', () => {
    const shard = (i: number) => {
      const r = reportOf(latencies(100, 10, 0.1, i).map((ms) => ({ ms })));
      return { ...r, load: { model: 'open' as const, rate: 10, stages: [{ rate: 5, durationMs: 1000 }, { rate: 10, durationMs: 2000 }], timeoutMs: 1000, turns: 2 }, totals: { ...r.totals, conversationsAborted: 4, conversationsCut: 3 }, shard: { index: i, count: 2 } };
    };
    const { report } = mergeReports([shard(1), shard(2)]);
    expect(report.load.rate).toBe(20);
    expect(report.load.stages).toEqual([{ rate: 10, durationMs: 1000 }, { rate: 20, durationMs: 2000 }]);
    expect(report.totals.conversationsAborted).toBe(8);
    expect(report.totals.conversationsCut).toBe(6);
    const max = (i: number) => ({ ...reportOf(latencies(50, 10, 0.1, i).map((ms) => ({ ms }))), load: { model: 'max' as const, connections: 2, requests: 20, timeoutMs: 1000 } });
    expect(mergeReports([max(1), max(2)]).report.load).toMatchObject({ connections: 4, requests: 40 });
  });
});

describe('mergeReports: timelines on wall-clock time', () => {
  // 300 exchanges 10 ms apart: 3 one-second windows per shard.
  const shardAt = (index: number, startedAtEpochMs: number, startAt?: string) => ({
    ...reportOf(latencies(300, 10, 0.1, index).map((ms) => ({ ms })), { startedAtEpochMs, endedAtEpochMs: startedAtEpochMs + 3000, durationMs: 3000 }),
    shard: { index, count: 2 },
    ...(startAt ? { startAt } : {}),
  });
  const t0 = Date.parse('2026-12-02T10:30:00Z');
  /** Each shard's requests per window, added at its offset in windows. */
  const added = (...parts: [RunReport, number][]) => {
    const sums: number[] = [];
    for (const [r, offset] of parts) r.timeline.forEach((w, i) => (sums[i + offset] = (sums[i + offset] ?? 0) + w.requests));
    return Array.from(sums, (n) => n ?? 0);
  };

  it('moves a later shard by whole windows, empty before its start; the counts and histograms stay exact', () => {
    const early = shardAt(1, t0);
    const late = shardAt(2, t0 + 2100);
    const { report } = mergeReports([late, early]);
    expect(report.startedAt).toBe(early.startedAt);
    expect(report.timeline.map((w) => w.t)).toEqual(report.timeline.map((_, i) => i));
    expect(report.timeline.map((w) => w.requests)).toEqual(added([early, 0], [late, 2]));
    expect(report.totals.requests).toBe(600);
    expect(checkReportInvariants(report, 'merged/report.json')).toEqual([]);
  });

  it('leaves shards that started within half a window together, and keeps the --start-at they shared', () => {
    const startAt = new Date(t0).toISOString();
    const [a, b] = [shardAt(1, t0 + 3, startAt), shardAt(2, t0 + 40, startAt)];
    const { report } = mergeReports([a, b]);
    expect(report.timeline.map((w) => w.requests)).toEqual(added([a, 0], [b, 0]));
    expect(report.startAt).toBe(startAt);
    expect(mergeReports([shardAt(1, t0, startAt), shardAt(2, t0)]).report.startAt).toBeUndefined();
  });

  it('alignTimeline leaves the first shard, and a shard with no windows, as they are', () => {
    const state = stateFromReport(shardAt(1, t0));
    expect(alignTimeline(state, 0)).toBe(state);
    expect(alignTimeline(state, 400)).toBe(state);
    expect(alignTimeline(state, 600).timeline.map((w) => [w.index, w.requests])).toEqual([[0, 0], ...state.timeline.map((w) => [w.index + 1, w.requests])]);
    expect(alignTimeline({ ...state, timeline: [] }, 5000).timeline).toEqual([]);
  });
});
