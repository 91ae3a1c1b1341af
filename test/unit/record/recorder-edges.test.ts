import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { decodeHistogram, summarize } from '../../../src/record/histogram.js';
import { isFailure, Recorder, statusClass } from '../../../src/record/recorder.js';

const request = (seq: number, input: unknown = 'hi') => ({ seq, body: { agentId: 'a', input } as { agentId: string; input: string } });
const answer = (seq: number, sentAt: number, endAt: number, status = 201): Exchange => ({ request: request(seq), sentAt, endAt, status, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
const count = (encoded: string | undefined) => summarize(decodeHistogram(encoded!)).count;

describe('recorder: what counts as a failure, and each status class', () => {
  it('a status from 400 up is a failure, below it is not; a transport error always is', () => {
    expect([199, 201, 399, 400, 404, 500].map((status) => isFailure(answer(0, 0, 1, status)))).toEqual([false, false, false, true, true, true]);
    expect(isFailure({ request: request(0), sentAt: 0, endAt: 1, error: { kind: 'reset', message: 'r' } })).toBe(true);
    const r = new Recorder({ startedAt: 0 });
    for (const status of [200, 399, 400, 599]) r.record(answer(0, 0, 10, status), []);
    expect(r.state()).toMatchObject({ requests: 4, errors: 2 });
    expect(r.state().timeline[0]).toMatchObject({ requests: 4, errors: 2 });
  });

  it('names the class of a status by its hundreds, and no status `transport`', () => {
    expect([101, 201, 302, 404, 503, 600, 999].map(statusClass)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx', '9xx']);
    expect(statusClass(undefined)).toBe('transport');
  });

  it('times each answer in its class, a status past 5xx in the window\'s `other` class', () => {
    const r = new Recorder({ startedAt: 0 });
    for (const [status, ms] of [[101, 5], [201, 10], [302, 20], [200, 30], [600, 40], [999, 50]] as const) r.record(answer(0, 0, ms, status), []);
    const s = r.state();
    expect(Object.fromEntries(Object.entries(s.byStatusClass).map(([cls, h]) => [cls, count(h)]))).toEqual({ '1xx': 1, '2xx': 2, '3xx': 1, '6xx': 1, '9xx': 1 });
    expect(summarize(decodeHistogram(s.byStatusClass['2xx']!)).max).toBeCloseTo(30, 0);
    expect(s.timeline[0]!.classes).toEqual({ '1xx': 1, '2xx': 2, '3xx': 1, other: 2 });
    expect(s.status).toEqual({ '101': 1, '200': 1, '201': 1, '302': 1, '600': 1, '999': 1 });
  });

  it('keeps a class apart for a status first seen after a thousand others', () => {
    const r = new Recorder({ startedAt: 0 });
    for (let status = 1000; status < 2100; status++) r.record(answer(0, 0, 1, status), []);
    r.record(answer(0, 0, 7, 201), []);
    r.record(answer(0, 0, 9, 201), []);
    const s = r.state();
    expect(count(s.byStatusClass['2xx'])).toBe(2);
    expect(summarize(decodeHistogram(s.byStatusClass['2xx']!)).max).toBeCloseTo(9, 0);
    expect(Object.values(s.byStatusClass).reduce((n, h) => n + count(h), 0)).toBe(1102);
  });

  it('counts as good (goodput) the 2xx answers that met the contract: 200 to 299', () => {
    const r = new Recorder({ startedAt: 0 });
    for (const status of [199, 200, 299, 300]) r.record(answer(0, 0, 10, status), []);
    r.record(answer(0, 0, 10, 201), [{ rule: 'body-schema', message: 'm' }]);
    r.record({ request: request(0), sentAt: 0, endAt: 900, status: 201, error: { kind: 'timeout', message: 't' } }, [{ rule: 'transport', message: 't' }]);
    expect(count(r.state().good)).toBe(2);
  });
});

describe('recorder: warm-up edges', () => {
  it('a duration warm-up measures an exchange that starts exactly at its end', () => {
    const r = new Recorder({ startedAt: 100, warmup: { durationMs: 1000 } });
    r.record(answer(0, 1099, 1110), []);
    r.record(answer(1, 1100, 1110), []);
    expect(r.state()).toMatchObject({ requests: 1, warmup: { requests: 1, endedAtMs: 1000 } });
  });

  it('a count warm-up ends with the end of its last exchange, rounded to the ms', () => {
    const r = new Recorder({ startedAt: 1000, warmup: { requests: 2 } });
    r.record(answer(0, 1000, 1300.4), []);
    r.record(answer(1, 1000, 1200.2), []);
    r.record(answer(2, 1000, 1250), []);
    expect(r.state().warmup!.endedAtMs).toBe(300);
    const zero = new Recorder({ startedAt: 0, warmup: { requests: 0 } });
    zero.record(answer(0, 0, 10), []);
    expect(zero.state()).toMatchObject({ requests: 1, warmup: { requests: 0 } });
  });

  it('a window that holds only warm-up exchanges is in the timeline', () => {
    const r = new Recorder({ startedAt: 0, warmup: { requests: 1 } });
    r.record(answer(0, 0, 10), []);
    expect(r.state().timeline).toEqual([expect.objectContaining({ index: 0, requests: 0, warmup: 1 })]);
    const empty = new Recorder({ startedAt: 0 }).state();
    expect(empty.timeline).toEqual([expect.objectContaining({ index: 0, requests: 0 })]);
    expect(empty.timeline[0]).not.toHaveProperty('classes');
  });
});

describe('recorder: load figures', () => {
  it('a drop of no arrival changes nothing', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(answer(0, 0, 10), []);
    r.dropped(5000, 0);
    expect(r.state().timeline).toHaveLength(1);
    r.dropped(2500);
    const { timeline } = r.state();
    expect(timeline.map((w) => w.dropped ?? 0)).toEqual([0, 0, 1]);
    // A window nothing was in flight in carries no in-flight figure (not a 0).
    expect(timeline[0]!.inFlightMs).toBe(10);
    expect(timeline[1]).not.toHaveProperty('inFlightMs');
    expect(timeline[2]).not.toHaveProperty('inFlightMs');
  });

  it('a straggler that ends in an earlier window lands in the current one', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(answer(0, 0, 1500), []);
    r.record(answer(1, 0, 900), []);
    expect(r.state().timeline.map((w) => w.requests)).toEqual([0, 2]);
  });
});

describe('recorder: live figures', () => {
  it('progress counts the warm-up and times only the measured part', () => {
    const r = new Recorder({ startedAt: 0, warmup: { requests: 1 } });
    expect(r.progress()).toEqual({ requests: 0, errors: 0, violating: 0, p50: null, p99: null });
    r.record(answer(0, 0, 900, 500), [{ rule: 'body-schema', message: 'm' }]);
    for (let i = 1; i <= 100; i++) r.record(answer(i, 0, i), []);
    const progress = r.progress();
    expect(progress).toMatchObject({ requests: 101, errors: 1, violating: 1 });
    expect(progress.p50).toBeCloseTo(50, 0);
    expect(progress.p99).toBeCloseTo(99, 0);
    const live = r.liveState();
    expect(live).toMatchObject({ requests: 101, errors: 1, violating: 1 });
    expect(summarize(decodeHistogram(live.latency))).toMatchObject({ count: 100, max: expect.closeTo(100, 0) });
  });
});

describe('recorder: what a sample keeps', () => {
  it('the rule, message, paths, the time after the start, the request and the answer', () => {
    const r = new Recorder({ startedAt: 1000 });
    const e = { ...answer(7, 1000, 3456.7), headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: Buffer.from('{"status":"odd"}') };
    r.record(e, [{ rule: 'body-schema', message: 'status is not allowed', schemaPath: '#/properties/status/enum', instancePath: '/status' }]);
    expect(r.state().samples['body-schema']).toEqual([
      {
        rule: 'body-schema',
        message: 'status is not allowed',
        schemaPath: '#/properties/status/enum',
        instancePath: '/status',
        at: 2.457,
        request: { seq: 7, body: { agentId: 'a', input: 'hi' } },
        response: { status: 201, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, bodyExcerpt: '{"status":"odd"}', bodyBytes: 16 },
      },
    ]);
  });

  it('no answer for a transport error; a cut body excerpt and a truncated body say so', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record({ request: request(1), sentAt: 0, endAt: 5, error: { kind: 'reset', message: 'r' } }, [{ rule: 'transport', message: 'reset' }]);
    const long = { ...answer(2, 0, 5), headers: undefined, body: Buffer.from('y'.repeat(2500)), truncated: true };
    r.record(long, [{ rule: 'body-schema', message: 'm' }]);
    const exact = { ...answer(3, 0, 5), body: Buffer.from('z'.repeat(2000)) };
    r.record(exact, [{ rule: 'json-parse', message: 'm' }]);
    const noBody = { ...answer(4, 0, 5), body: undefined };
    r.record(noBody, [{ rule: 'fields-present', message: 'm' }]);
    const { samples } = r.state();
    // Only what the exchange had: no answer, no paths (not even as undefined).
    expect(samples.transport![0]).toStrictEqual({ rule: 'transport', message: 'reset', at: 0.005, request: { seq: 1, body: { agentId: 'a', input: 'hi' } } });
    const cut = samples['body-schema']![0]!.response!;
    expect(cut).toEqual({ status: 201, bodyExcerpt: `${'y'.repeat(2000)}…`, bodyBytes: 2500, truncated: true });
    expect(samples['json-parse']![0]!.response).toEqual({ status: 201, headers: { 'content-type': 'application/json' }, bodyExcerpt: 'z'.repeat(2000), bodyBytes: 2000 });
    expect(samples['fields-present']![0]!.response).toMatchObject({ bodyExcerpt: '', bodyBytes: 0 });
  });

  it('keeps an input that is not a string as sent, and a 200-character one whole', () => {
    const r = new Recorder({ startedAt: 0, secrets: ['sk-live-0123456789'] });
    r.record({ ...answer(0, 0, 1), request: request(0, 42) }, [{ rule: 'body-schema', message: 'm' }]);
    r.record({ ...answer(1, 0, 1), request: request(1, 'x'.repeat(200)) }, [{ rule: 'json-parse', message: 'm' }]);
    r.record({ ...answer(2, 0, 1), request: request(2, 'x'.repeat(201)) }, [{ rule: 'content-type', message: 'm' }]);
    const { samples } = r.state();
    expect(samples['body-schema']![0]!.request.body).toEqual({ agentId: 'a', input: 42 });
    expect(samples['json-parse']![0]!.request.body).toEqual({ agentId: 'a', input: 'x'.repeat(200) });
    expect(samples['content-type']![0]!.request.body).toEqual({ agentId: 'a', input: `${'x'.repeat(200)}… (201 chars)` });
  });

  it('redacts the key from response header names as well as values', () => {
    const key = 'sk-live-0123456789';
    const r = new Recorder({ startedAt: 0, secrets: [key] });
    r.record({ ...answer(0, 0, 1), headers: { 'content-type': 'application/json', [`x-echo-${key}`]: key } }, [{ rule: 'body-schema', message: 'm' }]);
    const sample = r.state().samples['body-schema']![0]!;
    expect(JSON.stringify(sample)).not.toContain(key);
    expect(sample.response!.headers).toEqual({ 'content-type': 'application/json', 'x-echo-[REDACTED]': '[REDACTED]' });
  });
});
