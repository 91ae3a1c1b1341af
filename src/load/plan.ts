import type { LoadSpec } from '../scenario/types.js';
import { constantArrivals, stagesDurationMs, type ArrivalProcess, type Stage } from './schedule.js';

/**
 * The start of a run kept out of the figures (checked and counted apart): the first `requests`
 * exchanges to end, or every exchange started in the first `durationMs`. Part of the run, not
 * added to it.
 */
export type Warmup = { requests: number } | { durationMs: number };

interface PlanCommon {
  /** Stop after this long (ms), if set. */
  durationMs?: number;
  /** Stop after this many requests, if set. */
  requests?: number;
  timeoutMs: number;
  /** Requests per conversation: turn k+1 carries previousChatId = the chatId of turn k. 1 = no chaining. */
  turns: number;
  warmup?: Warmup;
}

export interface OpenPlan extends PlanCommon {
  model: 'open';
  /** Peak arrival rate (per second) over the stages. */
  rate: number;
  /** Arrivals (conversation starts) follow these stages, with linear ramps between them. */
  stages: Stage[];
  arrival: ArrivalProcess;
  /** Seeds Poisson inter-arrival times. */
  seed: number;
  /** Cap on requests in flight; arrivals beyond it wait, and count as late or dropped. */
  maxInFlight: number;
  /** A request sent later than this after its intended time counts as late. */
  lateToleranceMs: number;
  /** Pause between the turns of one conversation. */
  thinkTimeMs: number;
}

export interface ClosedPlan extends PlanCommon {
  model: 'closed';
  concurrency: number;
  /** Pause a virtual user takes after each answer before its next request. */
  thinkTimeMs: number;
}

export interface MaxPlan extends PlanCommon {
  model: 'max';
  connections: number;
  pipelining: number;
}

export type Plan = OpenPlan | ClosedPlan | MaxPlan;

export const DEFAULT_LATE_TOLERANCE_MS = 10;

/** Default cap: enough that a 1 s stall at the planned rate loses nothing. */
export function defaultMaxInFlight(rate: number, timeoutMs: number): number {
  return Math.max(1000, Math.ceil(rate * Math.max(1, timeoutMs / 1000)) + 100);
}

/** The open model's stages: the file's `stages`, else one flat stage of `rate` (open-ended when only a request count stops it). */
export function openStages(load: LoadSpec): Stage[] {
  if (load.stages?.length) return load.stages.map((s) => ({ rate: s.rate, durationMs: s.durationMs }));
  return [{ rate: load.rate ?? 1, durationMs: load.durationMs ?? Number.POSITIVE_INFINITY }];
}

/** Turns the load section into a plan. Pure arithmetic. */
export function buildPlan(load: LoadSpec, timeoutMs: number, options: { turns?: number; seed?: number } = {}): Plan {
  const turns = options.turns ?? 1;
  const stop = {
    ...(load.durationMs !== undefined ? { durationMs: load.durationMs } : {}),
    ...(load.requests !== undefined ? { requests: load.requests } : {}),
    timeoutMs,
    turns,
    ...(load.warmup !== undefined ? { warmup: load.warmup } : {}),
  };
  if (load.model === 'open') {
    const stages = openStages(load);
    const rate = Math.max(...stages.map((s) => s.rate));
    const durationMs = Math.min(load.durationMs ?? Number.POSITIVE_INFINITY, stagesDurationMs(stages));
    return {
      model: 'open',
      rate,
      stages,
      arrival: load.arrival ?? 'constant',
      seed: options.seed ?? 1,
      maxInFlight: load.maxInFlight ?? defaultMaxInFlight(rate, timeoutMs),
      lateToleranceMs: DEFAULT_LATE_TOLERANCE_MS,
      thinkTimeMs: load.thinkTimeMs ?? 0,
      ...stop,
      ...(Number.isFinite(durationMs) ? { durationMs } : {}),
    };
  }
  if (load.model === 'max') return { model: 'max', connections: load.connections ?? load.concurrency ?? 10, pipelining: load.pipelining ?? 1, ...stop };
  return { model: 'closed', concurrency: load.concurrency ?? 1, thinkTimeMs: load.thinkTimeMs ?? 0, ...stop };
}

/** Requests the plan will send at most, when that is known in advance (for progress and dry runs). */
export function plannedRequests(plan: Plan): number | undefined {
  let byDuration: number | undefined;
  if (plan.model === 'open' && plan.arrival === 'constant') {
    const arrivals = constantArrivals(plan.durationMs === undefined ? plan.stages : clipStages(plan.stages, plan.durationMs));
    if (Number.isFinite(arrivals)) byDuration = arrivals * plan.turns;
  }
  if (plan.requests !== undefined && byDuration !== undefined) return Math.min(plan.requests, byDuration);
  return plan.requests ?? byDuration;
}

/** The stages cut at `durationMs` (a ramp cut midway ends at the rate it had reached). */
export function clipStages(stages: readonly Stage[], durationMs: number): Stage[] {
  const out: Stage[] = [];
  let start = 0;
  let previous = stages[0]?.rate ?? 0;
  for (const stage of stages) {
    if (start >= durationMs) break;
    const keep = Math.min(stage.durationMs, durationMs - start);
    const rate = keep === stage.durationMs ? stage.rate : previous + ((stage.rate - previous) * keep) / stage.durationMs;
    // A cut open-ended stage is flat: its end rate equals its start rate.
    out.push({ rate: Number.isFinite(stage.durationMs) ? rate : stage.rate, durationMs: keep });
    start += keep;
    previous = stage.rate;
  }
  return out;
}

/** Where conversation `conversation`'s turn `turn` sits in the request stream: the stream stays a pure function of seq. */
export function seqOf(conversation: number, turn: number, turns: number): number {
  return conversation * turns + turn;
}

/**
 * The slice of a run one worker takes: conversations w, w+n, w+2n, … (disjoint across the
 * workers, and together the whole schedule).
 */
export interface Slice {
  index: number;
  count: number;
}

export const WHOLE: Slice = { index: 0, count: 1 };

/** A slice's part of the warm-up: its share of a count (none left: no warm-up), the whole of a duration. */
export function sliceWarmup(warmup: Warmup | undefined, slice: Slice): Warmup | undefined {
  if (warmup === undefined || 'durationMs' in warmup) return warmup;
  const requests = shareOf(warmup.requests, slice);
  return requests > 0 ? { requests } : undefined;
}

export function inSlice(conversation: number, slice: Slice): boolean {
  return conversation % slice.count === slice.index;
}

/** A slice's share of a whole number (users, connections, requests): as even as it gets, and summing to the whole. */
export function shareOf(total: number, slice: Slice): number {
  return Math.floor(total / slice.count) + (slice.index < total % slice.count ? 1 : 0);
}

/**
 * Worker threads that can each get a share of the load: a closed run cannot split fewer virtual
 * users, nor max mode fewer connections, over more workers (a worker with none would silently
 * leave its slice of the request stream unsent).
 */
export function usableWorkers(requested: number, plan: Plan): number {
  const most = plan.model === 'closed' ? plan.concurrency : plan.model === 'max' ? plan.connections : requested;
  return Math.max(1, Math.min(requested, most));
}
