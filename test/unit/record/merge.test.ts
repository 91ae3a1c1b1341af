import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { decodeHistogram, summarize } from '../../../src/record/histogram.js';
import { mergeStates } from '../../../src/record/merge.js';
import { Recorder } from '../../../src/record/recorder.js';

const exchange = (seq: number, latency: number, status = 201): Exchange => ({
  request: { seq, body: { agentId: 'a', input: 'i' } },
  sentAt: 0,
  endAt: latency,
  status,
  headers: {},
  body: Buffer.alloc(0),
});

describe('mergeStates', () => {
  it('equals one recorder that saw every exchange', () => {
    const parts = [new Recorder({ startedAt: 0 }), new Recorder({ startedAt: 0 }), new Recorder({ startedAt: 0 })];
    const whole = new Recorder({ startedAt: 0 });
    for (let i = 0; i < 3000; i++) {
      const latency = 1 + ((i * 7919) % 2500) / 3;
      const status = i % 50 === 0 ? 500 : 201;
      const violations = i % 100 === 0 ? [{ rule: 'body-schema' as const, message: 'm' }] : [];
      parts[i % 3]!.record(exchange(i, latency, status), violations);
      whole.record(exchange(i, latency, status), violations);
    }
    const merged = mergeStates(parts.map((p) => p.state()));
    const expected = whole.state();
    expect(summarize(decodeHistogram(merged.latency))).toEqual(summarize(decodeHistogram(expected.latency)));
    for (const key of ['requests', 'responses', 'errors', 'checked', 'violating', 'status', 'byRule'] as const) expect(merged[key]).toEqual(expected[key]);
    expect(merged.samples['body-schema']).toHaveLength(5);
    expect(merged.timeline.map((w) => w.requests)).toEqual(expected.timeline.map((w) => w.requests));
    expect(summarize(decodeHistogram(merged.byStatusClass['5xx']!))).toEqual(summarize(decodeHistogram(expected.byStatusClass['5xx']!)));
  });

  it('keeps the warm-ups apart: merged on their own, the last to end ending the merged one', () => {
    const parts = [new Recorder({ startedAt: 0, warmup: { requests: 2 } }), new Recorder({ startedAt: 0, warmup: { requests: 1 } })];
    for (let i = 0; i < 10; i++) parts[i % 2]!.record(exchange(i, i < 3 ? 300 + i : 5), []);
    const merged = mergeStates(parts.map((p) => p.state()));
    expect(merged.requests).toBe(7);
    expect(summarize(decodeHistogram(merged.latency)).max).toBeLessThan(10);
    expect(merged.warmup).toMatchObject({ requests: 3, timeline: [], endedAtMs: 302 });
    expect(summarize(decodeHistogram(merged.warmup!.latency)).count).toBe(3);
    expect(merged.timeline.map((w) => [w.requests, w.warmup])).toEqual([[7, 3]]);
    expect(mergeStates([new Recorder({ startedAt: 0 }).state()]).warmup).toBeUndefined();
  });

  it('refuses nothing to merge', () => {
    expect(() => mergeStates([])).toThrow('nothing to merge');
  });
});
