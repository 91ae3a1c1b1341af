import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Exchange, PlannedRequest } from '../../../src/exchange.js';
import { TICK_QUANTUM_MS, runOpen } from '../../../src/load/open.js';
import { buildPlan, type OpenPlan } from '../../../src/load/plan.js';
import { arrivalTimes } from '../../../src/load/schedule.js';
import { createRequestSource } from '../../../src/scenario/source.js';

/**
 * The open engine's timing under fake timers and a fake clock: nothing here waits in real time.
 * `send` answers at once and notes when each request was handed over.
 */
interface Sent {
  intendedAt: number;
  sentAt: number;
}

const source = createRequestSource({ agents: ['agent_a'], inputs: ['hello'], variables: [], strategy: 'cartesian', seed: 1 });

function run(load: Parameters<typeof buildPlan>[0]) {
  const plan = buildPlan(load, 10_000) as OpenPlan;
  const sent: Sent[] = [];
  const send = (request: PlannedRequest): Promise<Exchange> => {
    const sentAt = performance.now();
    sent.push({ intendedAt: request.intendedAt!, sentAt });
    return Promise.resolve({ request, sentAt, endAt: sentAt, status: 201 });
  };
  const startedAt = performance.now();
  const done = runOpen(plan, { source, send, sink: () => ({ ok: true }), signal: new AbortController().signal, startedAt });
  return { sent, startedAt, done };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('open model: arrivals closer together than a tick are sent by one wake-up', () => {
  it('at 1,000/s: each request keeps its intended start, goes at most a quantum after it, and wake-ups are batched', async () => {
    const { sent, startedAt, done } = run({ model: 'open', rate: 1000, durationMs: 200 });
    await vi.advanceTimersByTimeAsync(300);
    const stats = await done;
    expect(sent).toHaveLength(200);
    // The schedule is exact: arrival k is intended at k ms, whenever it was sent.
    expect(sent.map((s) => s.intendedAt - startedAt)).toEqual(Array.from({ length: 200 }, (_, k) => k));
    for (const s of sent) {
      expect(s.sentAt).toBeGreaterThanOrEqual(s.intendedAt);
      expect(s.sentAt - s.intendedAt).toBeLessThanOrEqual(TICK_QUANTUM_MS);
    }
    // One wake-up per quantum, not one per arrival.
    const wakeUps = new Set(sent.map((s) => s.sentAt)).size;
    expect(wakeUps).toBeLessThanOrEqual(Math.ceil(200 / TICK_QUANTUM_MS) + 1);
    // Batching within the quantum is not lateness, and nothing is dropped.
    expect(stats.late).toBe(0);
    expect(stats.dropped).toBe(0);
    expect(stats.sent).toBe(200);
  });

  it('arrivals further apart than the quantum are each sent at their intended start, not later', async () => {
    const { sent, done } = run({ model: 'open', rate: 100, durationMs: 200 });
    await vi.advanceTimersByTimeAsync(300);
    await done;
    expect(sent).toHaveLength(20);
    for (const s of sent) expect(s.sentAt).toBe(s.intendedAt);
  });

  it('Poisson arrivals keep their own intended starts too', async () => {
    const { sent, startedAt, done } = run({ model: 'open', rate: 2000, durationMs: 100, arrival: 'poisson' });
    await vi.advanceTimersByTimeAsync(200);
    const stats = await done;
    const expected = arrivalTimes([{ rate: 2000, durationMs: 100 }], 'poisson', 1);
    expect(sent.map((s) => s.intendedAt - startedAt)).toEqual(expected);
    for (const s of sent) expect(s.sentAt - s.intendedAt).toBeLessThanOrEqual(TICK_QUANTUM_MS);
    expect(stats.late).toBe(0);
  });
});
