import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { decodeHistogram, summarize } from '../../../src/record/histogram.js';
import { Recorder } from '../../../src/record/recorder.js';
import { RequestCounts } from '../../../src/record/request-counts.js';

const request = (seq: number, intendedAt?: number) => ({ seq, ...(intendedAt !== undefined ? { intendedAt } : {}), body: { agentId: 'a', input: 'hi' } });
const ok = (seq: number, sentAt: number, endAt: number, intendedAt?: number): Exchange => ({
  request: request(seq, intendedAt),
  sentAt,
  endAt,
  status: 201,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{}'),
});

describe('recorder', () => {
  it('counts requests, statuses and latency in µs', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 0, 10), []);
    r.record(ok(1, 0, 20), []);
    r.record({ ...ok(2, 0, 30), status: 500 }, []);
    const s = r.state();
    expect(s.requests).toBe(3);
    expect(s.responses).toBe(3);
    expect(s.errors).toBe(1);
    expect(s.status).toEqual({ '201': 2, '500': 1 });
    const latency = summarize(decodeHistogram(s.latency));
    expect(latency.count).toBe(3);
    expect(latency.p50).toBeCloseTo(20, 1);
    expect(latency.max).toBeCloseTo(30, 1);
    expect(Object.keys(s.byStatusClass).sort()).toEqual(['2xx', '5xx']);
  });

  it('measures from the intended start when the send was late, and keeps service time beside it', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 100, 110, 0), []); // intended at 0, sent at 100 (stall), answered at 110
    const s = r.state();
    expect(summarize(decodeHistogram(s.latency)).max).toBeCloseTo(110, 0);
    expect(summarize(decodeHistogram(s.service)).max).toBeCloseTo(10, 0);
  });

  it('never records a negative latency when a timer fired early', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 9.2, 9.5, 10), []);
    expect(summarize(decodeHistogram(r.state().latency)).min).toBeCloseTo(0.3, 1);
  });

  it('counts transport errors apart from answers; times a timeout (a stall shows), not a refused connection', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record({ request: request(0, 0), sentAt: 0, endAt: 999, error: { kind: 'timeout', message: 't' } }, [{ rule: 'transport', message: 'timeout' }]);
    r.record({ request: request(1, 0), sentAt: 0, endAt: 2, error: { kind: 'refused', code: 'ECONNREFUSED', message: 'r' } }, [{ rule: 'transport', message: 'refused' }]);
    const s = r.state();
    expect(s).toMatchObject({ requests: 2, responses: 0, transportErrors: 2, timeouts: 1, errors: 2, violating: 2, transportByKind: { timeout: 1, refused: 1 } });
    const latency = summarize(decodeHistogram(s.latency));
    expect(latency.count).toBe(1);
    expect(latency.max).toBeCloseTo(1000, -1);
    expect(summarize(decodeHistogram(s.timeline[0]!.hdr)).count).toBe(1);
    expect(s.timeline[0]!.requests).toBe(2);
    // The refused connection is counted, never timed: the transport class holds the timeout alone.
    expect(Object.keys(s.byStatusClass)).toEqual(['transport']);
    expect(summarize(decodeHistogram(s.byStatusClass.transport!)).count).toBe(1);
  });

  describe('warm-up', () => {
    const refused = (seq: number, at: number): Exchange => ({ request: request(seq), sentAt: at, endAt: at + 1, error: { kind: 'refused', message: 'r' } });

    it('keeps the first N exchanges to end out of every histogram and count, and tallies them apart', () => {
      const r = new Recorder({ startedAt: 0, warmup: { requests: 3 } });
      // Three slow warm-up exchanges (one with a violation, one refused), then fast measured ones.
      r.record(ok(0, 0, 500), [{ rule: 'body-schema', message: 'cold' }]);
      r.record(refused(1, 10), [{ rule: 'transport', message: 'refused' }]);
      r.record({ ...ok(2, 0, 400), status: 503 }, []);
      for (let i = 3; i < 13; i++) r.record(ok(i, 600, 610), []);
      const s = r.state();
      expect(s).toMatchObject({ requests: 10, responses: 10, errors: 0, transportErrors: 0, checked: 10, violating: 0, byRule: {}, status: { '201': 10 } });
      const latency = summarize(decodeHistogram(s.latency));
      expect(latency.count).toBe(10);
      expect(latency.max).toBeCloseTo(10, 0);
      for (const hdr of [s.service, s.good!, ...Object.values(s.byStatusClass)]) expect(summarize(decodeHistogram(hdr)).max).toBeLessThan(11);
      expect(Object.keys(s.byStatusClass)).toEqual(['2xx']);
      expect(s.samples).toEqual({});
      // The warm-up: counted and checked, timed in its own histograms.
      const w = s.warmup!;
      expect(w).toMatchObject({ requests: 3, responses: 2, errors: 2, transportErrors: 1, checked: 3, violating: 2, byRule: { 'body-schema': 1, transport: 1 }, status: { '201': 1, '503': 1 }, timeline: [], endedAtMs: 500 });
      expect(summarize(decodeHistogram(w.latency))).toMatchObject({ count: 2 });
      expect(w.samples['body-schema']).toHaveLength(1);
      // The timeline keeps the warm-up's requests apart too.
      expect(s.timeline.map((x) => [x.index, x.requests, x.warmup ?? 0])).toEqual([[0, 10, 3]]);
      expect(summarize(decodeHistogram(s.timeline[0]!.hdr)).count).toBe(10);
      expect(r.progress()).toMatchObject({ requests: 13, errors: 2, violating: 2 });
    });

    it('a duration keeps out every exchange started before it, whenever it ends', () => {
      const r = new Recorder({ startedAt: 1000, warmup: { durationMs: 1000 } });
      r.record(ok(0, 1100, 1200), []);
      r.record(ok(1, 1900, 2600), []); // started in the warm-up, ended after it
      r.record(ok(2, 2000, 2050), []);
      r.record(ok(3, 2500, 2520, 1999), []); // intended inside the warm-up: its wait began there
      const s = r.state();
      expect(s.requests).toBe(1);
      expect(s.warmup).toMatchObject({ requests: 3, endedAtMs: 1000 });
      // It ends at its duration, also when its last exchange ended earlier.
      const early = new Recorder({ startedAt: 0, warmup: { durationMs: 1000 } });
      early.record(ok(0, 100, 120), []);
      early.record(ok(1, 1500, 1510), []);
      expect(early.state().warmup!.endedAtMs).toBe(1000);
      expect(summarize(decodeHistogram(s.latency)).max).toBeCloseTo(50, 0);
    });

    it('without a warm-up, the state has none', () => {
      const r = new Recorder({ startedAt: 0 });
      r.record(ok(0, 0, 500), []);
      expect(r.state().warmup).toBeUndefined();
      expect(r.state().timeline[0]!.warmup).toBeUndefined();
    });
  });

  it('counts a request that failed on this machine apart: not a target error, not timed, not checked', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 0, 10), []);
    r.record({ request: request(1, 0), sentAt: 0, endAt: 1, error: { kind: 'generator', code: 'EMFILE', message: 'connect EMFILE' } }, []);
    const s = r.state();
    expect(s).toMatchObject({ requests: 2, responses: 1, transportErrors: 1, errors: 0, checked: 1, violating: 0, transportByKind: { generator: 1 } });
    expect(summarize(decodeHistogram(s.latency)).count).toBe(1);
    expect(Object.keys(s.byStatusClass)).toEqual(['2xx']);
    expect(s.timeline[0]).toMatchObject({ requests: 2, errors: 0, violating: 0, classes: { '2xx': 1, generator: 1 } });
  });

  it('redacts the key before cutting excerpts, so no fragment of it survives', () => {
    const key = 'sk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
    const r = new Recorder({ startedAt: 0, secrets: [key] });
    const e = ok(0, 0, 1);
    e.request.body.input = `${'x'.repeat(190)}key=${key}`;
    e.body = Buffer.from(`${'y'.repeat(1990)}x-api-key: ${key}`);
    r.record(e, [{ rule: 'body-schema', message: 'm' }]);
    const text = JSON.stringify(r.state().samples);
    expect(text).not.toContain('sk_li');
    expect(text).not.toContain('ABCDE');
  });

  it('keeps at most K samples per rule, over the whole run, with the key redacted', () => {
    const key = 'sk-live-SECRET-123456';
    const r = new Recorder({ startedAt: 0, samplesPerRule: 3, secrets: [key] });
    for (let i = 0; i < 1000; i++) {
      const e = { ...ok(i, 0, 1), headers: { 'content-type': 'application/json', 'x-echo': key }, body: Buffer.from(`{"echo":"${key}"}`) };
      r.record(e, [{ rule: 'body-schema', message: `bad ${key}` }]);
    }
    const s = r.state();
    expect(s.byRule['body-schema']).toBe(1000);
    expect(s.samples['body-schema']).toHaveLength(3);
    expect(JSON.stringify(s)).not.toContain(key);
    // Reservoir sampling: samples come from across the run, not just the first three.
    expect(s.samples['body-schema']!.some((x) => x.request.seq >= 3)).toBe(true);
  });

  it('truncates long inputs in samples', () => {
    const r = new Recorder({ startedAt: 0 });
    const e = ok(0, 0, 1);
    e.request.body.input = 'x'.repeat(5000);
    r.record(e, [{ rule: 'body-schema', message: 'm' }]);
    const body = r.state().samples['body-schema']![0]!.request.body as { input: string };
    expect(body.input.length).toBeLessThan(300);
    expect(body.input).toContain('(5000 chars)');
  });

  it('fills 1-second windows, including empty ones in between', () => {
    const r = new Recorder({ startedAt: 1000 });
    r.record(ok(0, 1000, 1100), []);
    r.record(ok(1, 1000, 1500), []);
    r.record(ok(2, 3000, 3200), [{ rule: 'body-schema', message: 'm' }]);
    const timeline = r.state().timeline;
    expect(timeline.map((w) => [w.index, w.requests, w.violating])).toEqual([
      [0, 2, 0],
      [1, 0, 0],
      [2, 1, 1],
    ]);
    expect(summarize(decodeHistogram(timeline[0]!.hdr)).max).toBeCloseTo(500, -1);
  });

  it('keeps memory flat: state size does not grow with the request count', () => {
    const r = new Recorder({ startedAt: 0 });
    for (let i = 0; i < 50_000; i++) r.record(ok(i, 0, 1 + (i % 100)), []);
    const small = JSON.stringify(r.state()).length;
    for (let i = 0; i < 200_000; i++) r.record(ok(i, 0, 1 + (i % 100)), []);
    expect(JSON.stringify(r.state()).length).toBeLessThan(small * 1.5);
  });
});

describe('recorder: the live metrics view', () => {
  it('counts measured requests by status and agent, the warm-up apart, and exposes the histograms themselves', () => {
    const requestCounts = new RequestCounts(['a'], 50);
    const r = new Recorder({ startedAt: 0, warmup: { requests: 2 }, requestCounts });
    for (let i = 0; i < 5; i++) r.record(ok(i, 0, 10 + i), []);
    r.record({ request: request(5), sentAt: 0, endAt: 20, error: { kind: 'generator', message: 'EMFILE' } }, []);
    const view = r.metrics();
    const state = r.state();
    expect(view.requests).toEqual({ '201': { a: 3 }, generator: { a: 1 } });
    expect(view.warmupRequests).toBe(2);
    expect(view.ended).toBe(6);
    expect(view.latency.totalCount).toBe(summarize(decodeHistogram(state.latency)).count);
    expect(view.service.totalCount).toBe(3);
    // Exact sums of the measured values (µs): latencies 12, 13, 14 ms after the two warm-up exchanges.
    expect([view.latencySumUs, view.serviceSumUs]).toEqual([39_000, 39_000]);
    // The counts add up to report.json's requests (generator errors are measured requests too).
    expect(Object.values(view.requests).flatMap((row) => Object.values(row)).reduce((a, b) => a + b, 0)).toBe(state.requests);
  });

  it('counts nothing by agent unless asked', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 0, 10), [{ rule: 'body-schema', message: 'x' }]);
    expect(r.metrics()).toMatchObject({ requests: {}, ended: 1, byRule: { 'body-schema': 1 } });
  });
});
