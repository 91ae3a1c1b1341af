import type { RuleName } from '../contract/types.js';
import type { EngineStats } from '../load/engine.js';
import type { Plan } from '../load/plan.js';
import { clipStages } from '../load/plan.js';
import { rateAt } from '../load/schedule.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, type Histogram } from '../record/histogram.js';
import type { RecorderMetrics } from '../record/recorder.js';
import { addStatusAgentCounts, type StatusAgentCounts } from '../record/request-counts.js';

/** Everything the metrics endpoint shows at one scrape, summed over the run's recorders. */
export interface MetricsFigures {
  requests: StatusAgentCounts;
  warmupRequests: number;
  violations: Partial<Record<RuleName, number>>;
  /** HDR histograms (µs) of the measured, timed requests, and the exact sums of their values. */
  latency: Histogram;
  service: Histogram;
  latencySumUs: number;
  serviceSumUs: number;
  inFlight: number;
  late: number;
  dropped: number;
  /** The open model's planned arrival rate now; absent in the closed model and max mode. */
  offeredRate?: number;
}

/** One worker's figures as plain data (histograms encoded), sent to the main thread with its progress. */
export interface MetricsState {
  requests: StatusAgentCounts;
  warmupRequests: number;
  sent: number;
  ended: number;
  late: number;
  dropped: number;
  violations: Partial<Record<RuleName, number>>;
  latency: string;
  service: string;
  latencySumUs: number;
  serviceSumUs: number;
}

/** Before anything ran: zeros, empty histograms. */
export function emptyFigures(): MetricsFigures {
  return { requests: {}, warmupRequests: 0, violations: {}, latency: createLatencyHistogram(), service: createLatencyHistogram(), latencySumUs: 0, serviceSumUs: 0, inFlight: 0, late: 0, dropped: 0 };
}

/** The figures of a run in this thread: the recorder's histograms as they are (no copy). */
export function sliceFigures(view: RecorderMetrics, stats: EngineStats): MetricsFigures {
  return { requests: view.requests, warmupRequests: view.warmupRequests, violations: view.byRule, latency: view.latency, service: view.service, latencySumUs: view.latencySumUs, serviceSumUs: view.serviceSumUs, inFlight: Math.max(0, stats.sent - view.ended), late: stats.late, dropped: stats.dropped };
}

export function sliceState(view: RecorderMetrics, stats: EngineStats): MetricsState {
  return { requests: view.requests, warmupRequests: view.warmupRequests, sent: stats.sent, ended: view.ended, late: stats.late, dropped: stats.dropped, violations: view.byRule, latency: encodeHistogram(view.latency), service: encodeHistogram(view.service), latencySumUs: view.latencySumUs, serviceSumUs: view.serviceSumUs };
}

/** The workers' states summed: counts added, histograms merged exactly. */
export function mergeSliceStates(states: readonly MetricsState[]): MetricsFigures {
  const out = emptyFigures();
  for (const s of states) {
    addStatusAgentCounts(out.requests, s.requests);
    out.warmupRequests += s.warmupRequests;
    out.inFlight += Math.max(0, s.sent - s.ended);
    out.late += s.late;
    out.dropped += s.dropped;
    for (const [rule, n] of Object.entries(s.violations) as [RuleName, number][]) out.violations[rule] = (out.violations[rule] ?? 0) + n;
    out.latency.add(decodeHistogram(s.latency));
    out.service.add(decodeHistogram(s.service));
    out.latencySumUs += s.latencySumUs;
    out.serviceSumUs += s.serviceSumUs;
  }
  return out;
}

/** The open model's planned arrival rate `elapsedMs` after the schedule started (0 before and after it); undefined for the other models. */
export function offeredRate(plan: Plan, elapsedMs: number): number | undefined {
  if (plan.model !== 'open') return undefined;
  const stages = plan.durationMs === undefined ? plan.stages : clipStages(plan.stages, plan.durationMs);
  return rateAt(stages, elapsedMs);
}

/**
 * A sweep's figures: its finished phases (`done`, final) and the phase running now, added, so its
 * counters only grow from one level to the next. In flight and the offered rate are the current
 * phase's. A new object; neither argument is changed.
 */
export function addFigures(done: MetricsFigures, current: MetricsFigures): MetricsFigures {
  const requests = addStatusAgentCounts(addStatusAgentCounts({}, done.requests), current.requests);
  const violations: MetricsFigures['violations'] = { ...done.violations };
  for (const [rule, n] of Object.entries(current.violations) as [RuleName, number][]) violations[rule] = (violations[rule] ?? 0) + n;
  const latency = createLatencyHistogram();
  const service = createLatencyHistogram();
  for (const f of [done, current]) {
    latency.add(f.latency);
    service.add(f.service);
  }
  return {
    requests,
    warmupRequests: done.warmupRequests + current.warmupRequests,
    violations,
    latency,
    service,
    latencySumUs: done.latencySumUs + current.latencySumUs,
    serviceSumUs: done.serviceSumUs + current.serviceSumUs,
    inFlight: current.inFlight,
    late: done.late + current.late,
    dropped: done.dropped + current.dropped,
    ...(current.offeredRate !== undefined ? { offeredRate: current.offeredRate } : {}),
  };
}
