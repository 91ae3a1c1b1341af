import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { Breakdown } from '../../../src/record/breakdown.js';
import { BucketCounts, bucketIndexOf } from '../../../src/record/bucket-counts.js';
import { decodeHistogram, summarize } from '../../../src/record/histogram.js';
import { Recorder } from '../../../src/record/recorder.js';

const AGENTS = ['a0', 'a1', 'a2'];
/** seq → agent seq % 3, turn seq % turns. */
const options = (maxGroups = 50, turns = 2) => ({ agents: AGENTS, agentOf: (seq: number) => seq % 3, turns, maxGroups });
const answer = (seq: number, status = 201): Exchange => ({ request: { seq, body: { agentId: AGENTS[seq % 3]!, input: 'i' } }, sentAt: 0, endAt: 10, status, headers: {}, body: Buffer.from('{}') });
const count = (encoded: string) => summarize(decodeHistogram(encoded)).count;

describe('breakdown groups', () => {
  it('come out in the scenario\'s order and in turn order, other last, not in the order first seen', () => {
    const b = new Breakdown(options(2, 3));
    // Seen first: agent a2 (folded), turn 3 (folded), then a1, turn 2, then a0, turn 1.
    for (const seq of [5, 4, 3]) b.record(answer(seq), [], 10_000, 10_000, false);
    const state = b.state();
    expect(Object.keys(state.agent)).toEqual(['a0', 'a1', 'other']);
    expect(Object.keys(state.turn)).toEqual(['1', '2', 'other']);
    expect(state.folded).toEqual({ agents: 1, turns: 1 });
    expect(state.turn.other!.requests).toBe(1);
  });

  it('fold every turn past maxGroups into the one other group, counting each', () => {
    const b = new Breakdown(options(2, 5));
    for (const seq of [2, 3, 4, 7, 0]) b.record(answer(seq), [], 10_000, 10_000, false);
    const { turn } = b.state();
    expect(Object.keys(turn)).toEqual(['1', 'other']);
    expect([turn['1']!.requests, turn.other!.requests]).toEqual([1, 4]);
    expect(count(turn.other!.latency)).toBe(4);
  });

  it('count every status, those above 599 too, in numeric order', () => {
    const b = new Breakdown(options());
    for (const [seq, status] of [[0, 999], [3, 600], [6, 201], [9, 599], [12, 201], [15, 101]] as const) b.record(answer(seq, status), [], 10_000, 10_000, status >= 400);
    const { status } = b.state().agent.a0!;
    expect(status).toEqual({ '101': 1, '201': 2, '599': 1, '600': 1, '999': 1 });
    expect(Object.keys(status)).toEqual(['101', '201', '599', '600', '999']);
  });

  it('count a 2xx answer that met the contract as good: 200 to 299, not 300 or 199', () => {
    const b = new Breakdown(options(50, 1));
    for (const [seq, status] of [[0, 200], [3, 299], [6, 300], [9, 199]] as const) b.record(answer(seq, status), [], 10_000, 10_000, false);
    b.record(answer(12, 201), [{ rule: 'body-schema', message: 'm' }], 10_000, 10_000, false);
    const group = b.state().agent.a0!;
    expect([count(group.latency), count(group.good)]).toEqual([5, 2]);
    expect(count(b.state().turn['1']!.good)).toBe(2);
  });

  it('count timeouts apart from other transport errors, and do not time a connection that got no answer', () => {
    const b = new Breakdown(options(50, 1));
    const failed = (seq: number, kind: 'timeout' | 'reset'): Exchange => ({ request: answer(seq).request, sentAt: 0, endAt: 10, error: { kind, message: kind } });
    b.record(failed(0, 'timeout'), [{ rule: 'transport', message: 't' }], 10_000, 10_000, true);
    b.record(failed(3, 'reset'), [{ rule: 'transport', message: 'r' }], undefined, 10_000, true);
    b.recordGeneratorError(6);
    const group = b.state().agent.a0!;
    expect(group).toMatchObject({ requests: 3, responses: 0, transportErrors: 3, timeouts: 1, errors: 2, checked: 2, violating: 2, status: {}, transportByKind: { timeout: 1, reset: 1, generator: 1 }, byRule: { transport: 2 } });
    expect([count(group.latency), count(group.service)]).toEqual([1, 1]);
    expect(b.state().turn['1']).toEqual(group);
  });

  it('in a recorder, the groups hold the timeouts the run holds', () => {
    const r = new Recorder({ startedAt: 0, breakdown: options(50, 1) });
    r.record({ request: answer(0).request, sentAt: 0, endAt: 500, error: { kind: 'timeout', message: 't' } }, [{ rule: 'transport', message: 't' }]);
    r.record(answer(1, 200), []);
    const state = r.state();
    expect(state.breakdown!.agent.a0).toMatchObject({ timeouts: 1, transportErrors: 1 });
    expect(count(state.breakdown!.agent.a1!.good)).toBe(1);
    expect(count(state.good!)).toBe(1);
  });
});

describe('breakdown memory', () => {
  /** Bytes of one histogram's counts after one value: what each group's latency, service and good histograms hold. */
  const histogramBytes = (us: number) => {
    const counts = new BucketCounts();
    counts.addAt(bucketIndexOf(us));
    return counts.bytes;
  };

  it('holds, per group, its three histograms\' counts and a status slot per code below 600', () => {
    const b = new Breakdown(options(50, 1));
    expect(b.bytes).toBe(0);
    b.record(answer(0), [], 10_000, 10_000, false);
    // One agent group and one turn group, each: latency, service and good at 10 ms, and 600 four-byte status slots.
    const group = 3 * histogramBytes(10_000) + 600 * 4;
    expect(b.bytes).toBe(2 * group);
    // A slow answer grows the histograms it lands in, once.
    b.record(answer(3, 500), [], 30_000_000, 10_000, true);
    expect(b.bytes).toBe(2 * (histogramBytes(30_000_000) + histogramBytes(10_000) + histogramBytes(10_000) + 600 * 4));
    expect(histogramBytes(30_000_000)).toBeGreaterThan(histogramBytes(10_000));
  });
});
