import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../src/contract/types.js';
import type { Exchange } from '../../../src/exchange.js';
import { Breakdown } from '../../../src/record/breakdown.js';
import { decodeHistogram, encodeHistogram, summarize } from '../../../src/record/histogram.js';
import { mergeBreakdowns, mergeStates } from '../../../src/record/merge.js';
import { Recorder } from '../../../src/record/recorder.js';
import type { RecorderState } from '../../../src/record/state.js';

const answer = (seq: number, sentAt: number, endAt: number, status = 201, agentId = 'a'): Exchange => ({
  request: { seq, body: { agentId, input: `question ${seq}` } },
  sentAt,
  endAt,
  status,
  headers: {},
  body: Buffer.from('{}'),
});
const broken: Violation[] = [{ rule: 'body-schema', message: 'm' }];

describe('mergeStates: the timeline', () => {
  it('adds every figure of a window by index: requests, errors, violating, warm-up, classes, latencies', () => {
    const parts = [0, 1].map(() => new Recorder({ startedAt: 0, warmup: { requests: 2 } }));
    const whole = new Recorder({ startedAt: 0, warmup: { requests: 4 } });
    // In end order: the first two of each part are its warm-up; later ones spread over three windows.
    const exchanges = Array.from({ length: 60 }, (_, i) => answer(i, i * 40, i * 40 + 15 + (i % 5) * 30, i % 7 === 0 ? 503 : i % 11 === 0 ? 404 : 201));
    for (const e of exchanges) {
      const violations = e.request.seq % 4 === 0 ? broken : [];
      parts[e.request.seq % 2]!.record(e, violations);
      whole.record(e, violations);
    }
    const merged = mergeStates(parts.map((p) => p.state()));
    const expected = whole.state();
    const figures = (w: RecorderState['timeline'][number]) => ({ ...w, hdr: summarize(decodeHistogram(w.hdr)), inFlightMs: Math.round((w.inFlightMs ?? 0) * 1e6) / 1e6 });
    expect(merged.timeline.length).toBe(3);
    expect(merged.timeline.map(figures)).toEqual(expected.timeline.map(figures));
    expect(merged.timeline.some((w) => w.errors > 0 && w.violating > 0 && w.warmup === undefined)).toBe(true);
    expect(merged.timeline[0]!.warmup).toBe(4);
  });

  it('leaves out a figure no window has, and sums one any window has', () => {
    const a = new Recorder({ startedAt: 0 });
    const b = new Recorder({ startedAt: 0 });
    a.record(answer(0, 0, 10), []);
    b.record(answer(1, 0, 10), []);
    b.late(5);
    const [w] = mergeStates([a.state(), b.state()]).timeline;
    expect(w).not.toHaveProperty('warmup');
    expect(w).not.toHaveProperty('offered');
    expect(w).not.toHaveProperty('dropped');
    expect(w).toMatchObject({ requests: 2, late: 1, inFlightMs: 20 });
  });

  it('refuses timelines with different window sizes', () => {
    const one = new Recorder({ startedAt: 0, windowMs: 1000 }).state();
    const other = new Recorder({ startedAt: 0, windowMs: 500 }).state();
    expect(() => mergeStates([one, other])).toThrow('cannot merge timelines with different window sizes');
    expect(mergeStates([one, one]).windowMs).toBe(1000);
  });
});

describe('mergeStates: histograms and samples', () => {
  it('merges each status class from the parts that have it', () => {
    const a = new Recorder({ startedAt: 0 });
    const b = new Recorder({ startedAt: 0 });
    a.record(answer(0, 0, 10), []);
    a.record(answer(1, 0, 30, 503), []);
    b.record(answer(2, 0, 20), []);
    const merged = mergeStates([a.state(), b.state()]);
    expect(Object.keys(merged.byStatusClass).sort()).toEqual(['2xx', '5xx']);
    expect(summarize(decodeHistogram(merged.byStatusClass['2xx']!))).toMatchObject({ count: 2, min: expect.closeTo(10, 1), max: expect.closeTo(20, 1) });
    expect(summarize(decodeHistogram(merged.byStatusClass['5xx']!))).toMatchObject({ count: 1, max: expect.closeTo(30, 1) });
    expect(summarize(decodeHistogram(merged.service)).count).toBe(3);
    expect(summarize(decodeHistogram(merged.good!))).toMatchObject({ count: 2, max: expect.closeTo(20, 1) });
  });

  it('keeps the goodput histogram only when every part has one (an older state has none)', () => {
    const a = new Recorder({ startedAt: 0 });
    a.record(answer(0, 0, 10), []);
    const { good, ...older } = a.state();
    expect(good).toBeDefined();
    expect(mergeStates([a.state(), older]).good).toBeUndefined();
    expect(mergeStates([a.state(), a.state()]).good).toBeDefined();
  });

  it('thins pooled samples with a seeded draw over every part, not the last part kept', () => {
    const parts = [0, 1, 2].map((part) => {
      const r = new Recorder({ startedAt: 0, samplesPerRule: 5, seed: part + 1 });
      for (let i = 0; i < 5; i++) r.record(answer(part * 100 + i, 0, 10), broken);
      return r.state();
    });
    const seqs = (seed: number) => mergeStates(parts, 5, seed).samples['body-schema']!.map((s) => Math.floor(s.request.seq / 100));
    expect(seqs(1)).toHaveLength(5);
    expect(seqs(1)).toEqual(seqs(1));
    // Over a few seeds, the kept samples come from every part, and differ from seed to seed.
    const fromParts = new Set([1, 2, 3, 4].flatMap((seed) => seqs(seed)));
    expect([...fromParts].sort()).toEqual([0, 1, 2]);
    expect(new Set([1, 2, 3, 4].map((seed) => JSON.stringify(mergeStates(parts, 5, seed).samples)))).not.toHaveProperty('size', 1);
    expect(mergeStates(parts, 2, 1).samples['body-schema']).toHaveLength(2);
  });
});

describe('mergeBreakdowns', () => {
  const options = (agents: string[], maxGroups: number, turns = 1) => ({ agents, agentOf: (seq: number) => seq % 10, turns, maxGroups });

  it('lists the named groups first and other last, whatever part saw them first', () => {
    // Part one saw only agents folded into other; part two a named agent.
    const agents = ['a0', 'a1', 'a2', 'a3'];
    const first = new Breakdown(options(agents, 2));
    first.record(answer(3, 0, 10), [], 10_000, 10_000, false);
    const second = new Breakdown(options(agents, 2));
    second.record(answer(1, 0, 10), [], 10_000, 10_000, false);
    second.record(answer(0, 0, 10), [], 10_000, 10_000, false);
    const merged = mergeBreakdowns([first.state(), second.state()]);
    expect(Object.keys(merged.agent)).toEqual(['a0', 'a1', 'other']);
    expect(merged.agent.other!.requests).toBe(1);
  });

  it('keeps the largest maxGroups and folded counts of the parts', () => {
    const small = new Breakdown(options(['a0', 'a1', 'a2'], 1, 3)).state();
    const large = new Breakdown(options(['a0', 'a1', 'a2'], 2, 3)).state();
    expect(small.folded).toEqual({ agents: 2, turns: 2 });
    const merged = mergeBreakdowns([large, small]);
    expect(merged.maxGroups).toBe(2);
    expect(merged.folded).toEqual({ agents: 2, turns: 2 });
    expect(mergeBreakdowns([small, large]).maxGroups).toBe(2);
  });

  it('adds a group\'s histograms and counts', () => {
    const parts = [0, 1].map(() => new Breakdown(options(['a0'], 50)));
    parts[0]!.record(answer(0, 0, 10), broken, 10_000, 9_000, false);
    parts[1]!.record(answer(10, 0, 30, 500), [], 30_000, 29_000, true);
    const group = mergeBreakdowns(parts.map((p) => p.state())).agent.a0!;
    expect(group).toMatchObject({ requests: 2, responses: 2, errors: 1, violating: 1, status: { '201': 1, '500': 1 }, byRule: { 'body-schema': 1 } });
    expect(summarize(decodeHistogram(group.latency))).toMatchObject({ count: 2, min: expect.closeTo(10, 1), max: expect.closeTo(30, 1) });
    expect(summarize(decodeHistogram(group.service))).toMatchObject({ count: 2, min: expect.closeTo(9, 1), max: expect.closeTo(29, 1) });
    // Neither counts as good: one broke a rule, the other is a 500.
    expect(encodeHistogram(decodeHistogram(group.good))).toBe(encodeHistogram(decodeHistogram(parts[0]!.state().agent.a0!.good)));
    expect(summarize(decodeHistogram(group.good)).count).toBe(0);
  });
});

describe('mergeStates: counts and window order', () => {
  const failure = (seq: number, kind: 'timeout' | 'reset'): Exchange => ({ request: { seq, body: { agentId: 'a', input: 'q' } }, sentAt: 0, endAt: 50, error: { kind, message: kind } });

  it('sums transport errors, timeouts and their kinds', () => {
    const a = new Recorder({ startedAt: 0 });
    const b = new Recorder({ startedAt: 0 });
    a.record(failure(0, 'timeout'), [{ rule: 'transport', message: 't' }]);
    a.record(failure(1, 'reset'), [{ rule: 'transport', message: 'r' }]);
    b.record(failure(2, 'timeout'), [{ rule: 'transport', message: 't' }]);
    b.record(answer(3, 0, 10), []);
    expect(mergeStates([a.state(), b.state()])).toMatchObject({ requests: 4, responses: 1, transportErrors: 3, timeouts: 2, transportByKind: { timeout: 2, reset: 1 }, byRule: { transport: 3 } });
  });

  it('orders the windows by index, whatever order the parts bring them in', () => {
    const a = new Recorder({ startedAt: 0 });
    const b = new Recorder({ startedAt: 0 });
    a.record(answer(0, 0, 10), []);
    b.record(answer(1, 0, 20), []);
    // A later phase of a sweep, its windows shifted past the earlier one's, listed first.
    const later = { ...a.state(), timeline: a.state().timeline.map((w) => ({ ...w, index: w.index + 5 })) };
    expect(mergeStates([later, b.state()]).timeline.map((w) => w.index)).toEqual([0, 5]);
  });
});
