import type { LoadSpec } from '../scenario/types.js';

interface PlanCommon {
  /** Stop after this long (ms), if set. */
  durationMs?: number;
  /** Stop after this many requests, if set. */
  requests?: number;
  timeoutMs: number;
}

export interface OpenPlan extends PlanCommon {
  model: 'open';
  rate: number;
  /** Cap on requests in flight; arrivals beyond it wait, and count as late or dropped. */
  maxInFlight: number;
  /** A request sent later than this after its intended time counts as late. */
  lateToleranceMs: number;
}

export interface ClosedPlan extends PlanCommon {
  model: 'closed';
  concurrency: number;
}

export type Plan = OpenPlan | ClosedPlan;

export const DEFAULT_LATE_TOLERANCE_MS = 10;

/** Default cap: enough that a 1 s stall at the planned rate loses nothing. */
export function defaultMaxInFlight(rate: number, timeoutMs: number): number {
  return Math.max(1000, Math.ceil(rate * Math.max(1, timeoutMs / 1000)) + 100);
}

/** Turns the load section into a plan. Pure arithmetic. */
export function buildPlan(load: LoadSpec, timeoutMs: number): Plan {
  const stop = {
    ...(load.durationMs !== undefined ? { durationMs: load.durationMs } : {}),
    ...(load.requests !== undefined ? { requests: load.requests } : {}),
    timeoutMs,
  };
  if (load.model === 'open') {
    const rate = load.rate ?? 1;
    return { model: 'open', rate, maxInFlight: load.maxInFlight ?? defaultMaxInFlight(rate, timeoutMs), lateToleranceMs: DEFAULT_LATE_TOLERANCE_MS, ...stop };
  }
  return { model: 'closed', concurrency: load.concurrency ?? 1, ...stop };
}

/** Requests the plan will send at most (for progress and dry runs). */
export function plannedRequests(plan: Plan): number | undefined {
  const byDuration = plan.model === 'open' && plan.durationMs !== undefined ? Math.floor((plan.rate * plan.durationMs) / 1000) : undefined;
  if (plan.requests !== undefined && byDuration !== undefined) return Math.min(plan.requests, byDuration);
  return plan.requests ?? byDuration;
}

/** Intended start of the n-th arrival (ms after the run's start) at a constant rate. */
export function constantArrivalAt(seq: number, rate: number): number {
  return (seq * 1000) / rate;
}
