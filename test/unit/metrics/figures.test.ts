import { describe, expect, it } from 'vitest';
import { emptyStats } from '../../../src/load/engine.js';
import { buildPlan } from '../../../src/load/plan.js';
import { addFigures, emptyFigures, mergeSliceStates, offeredRate, sliceFigures, sliceState } from '../../../src/metrics/figures.js';
import { createLatencyHistogram } from '../../../src/record/histogram.js';
import type { RecorderMetrics } from '../../../src/record/recorder.js';

function view(requests: RecorderMetrics['requests'], latencies: number[], ended: number): RecorderMetrics {
  const latency = createLatencyHistogram();
  const service = createLatencyHistogram();
  for (const us of latencies) {
    latency.recordValue(us);
    service.recordValue(us / 2);
  }
  return { requests, warmupRequests: 1, ended, byRule: { 'agent-echo': 1 }, latency, service, latencySumUs: latencies.reduce((a, b) => a + b, 0), serviceSumUs: latencies.reduce((a, b) => a + b / 2, 0) };
}

describe('live metrics figures', () => {
  it('count in flight what was sent and has not ended', () => {
    const f = sliceFigures(view({}, [], 7), { ...emptyStats(), sent: 10, late: 2, dropped: 3 });
    expect(f).toMatchObject({ inFlight: 3, late: 2, dropped: 3, warmupRequests: 1 });
    expect(sliceFigures(view({}, [], 10), { ...emptyStats(), sent: 10 }).inFlight).toBe(0);
  });

  it('sum workers exactly: counts added, histograms merged', () => {
    const a = sliceState(view({ '201': { x: 2 } }, [1000, 2000], 3), { ...emptyStats(), sent: 4, late: 1 });
    const b = sliceState(view({ '201': { x: 1, y: 1 }, '500': { y: 1 } }, [3000], 3), { ...emptyStats(), sent: 3, dropped: 2 });
    const f = mergeSliceStates([a, b]);
    expect(f.requests).toEqual({ '201': { x: 3, y: 1 }, '500': { y: 1 } });
    expect(f).toMatchObject({ warmupRequests: 2, inFlight: 1, late: 1, dropped: 2, violations: { 'agent-echo': 2 } });
    expect(f.latency.totalCount).toBe(3);
    expect(f.latency.maxValue).toBeGreaterThanOrEqual(2999);
    expect(f.service.totalCount).toBe(3);
    expect([f.latencySumUs, f.serviceSumUs]).toEqual([6000, 3000]);
  });

  it('offer the open model’s planned rate while its stages run, and none in the other models', () => {
    const open = buildPlan({ model: 'open', stages: [{ rate: 10, durationMs: 1000 }, { rate: 20, durationMs: 1000 }], durationMs: 2000 }, 1000);
    expect(offeredRate(open, 500)).toBe(10);
    expect(offeredRate(open, 1500)).toBe(15);
    expect(offeredRate(open, 2500)).toBe(0);
    expect(offeredRate(open, -1)).toBe(0);
    // A duration shorter than the stages ends the offer there.
    const cut = buildPlan({ model: 'open', rate: 50, durationMs: 1000 }, 1000);
    expect(offeredRate(cut, 999)).toBe(50);
    expect(offeredRate(cut, 1000)).toBe(0);
    expect(offeredRate(buildPlan({ model: 'closed', concurrency: 2, requests: 5 }, 1000), 10)).toBeUndefined();
    expect(offeredRate(buildPlan({ model: 'max', connections: 2, durationMs: 1000 }, 1000), 10)).toBeUndefined();
  });

  it('add a sweep’s finished phases to the running one: counters only grow, in flight and the offer are the current phase’s', () => {
    const first = sliceFigures(view({ '201': { x: 2 } }, [1000, 2000], 3), { ...emptyStats(), sent: 3, late: 1, dropped: 1 });
    const done = addFigures(emptyFigures(), first);
    const current = { ...sliceFigures(view({ '201': { x: 1 }, '500': { y: 1 } }, [3000], 2), { ...emptyStats(), sent: 4, late: 2 }), offeredRate: 25 };
    const f = addFigures(done, current);
    expect(f.requests).toEqual({ '201': { x: 3 }, '500': { y: 1 } });
    expect(f).toMatchObject({ warmupRequests: 2, inFlight: 2, late: 3, dropped: 1, violations: { 'agent-echo': 2 }, offeredRate: 25 });
    expect([f.latency.totalCount, f.service.totalCount]).toEqual([3, 3]);
    expect([f.latencySumUs, f.serviceSumUs]).toEqual([6000, 3000]);
    // Neither side is changed: the finished phases are added again at the next scrape.
    expect(done.requests).toEqual({ '201': { x: 2 } });
    expect(done.latency.totalCount).toBe(2);
    expect(first.requests).toEqual({ '201': { x: 2 } });
  });
});
