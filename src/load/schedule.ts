import { createRng } from '../random.js';

/**
 * Arrival schedules of the open model: pure arithmetic, no timers.
 *
 * A stage ramps linearly from the rate the previous stage ended at to its own rate over its
 * duration (the first stage starts at its own rate, so it is flat); repeat a rate to hold it.
 * The cumulative arrival count Λ(t) is the integral of that rate. Arrival k happens where
 * Λ(t) = u_k, with u_k = k for constant arrivals, and u_k a sum of k+1 Exp(1) draws for
 * Poisson ones (a unit-rate Poisson process mapped through Λ⁻¹ is a Poisson process of the
 * ramped rate).
 */
export interface Stage {
  /** Arrivals per second reached at the end of the stage. */
  rate: number;
  /** Infinity for an open-ended stage (stopped by a request count). */
  durationMs: number;
}

export type ArrivalProcess = 'constant' | 'poisson';

interface Segment {
  startMs: number;
  durationMs: number;
  /** Rate at the segment's start and end (per ms). */
  from: number;
  to: number;
  /** Cumulative arrivals before the segment. */
  before: number;
  /** Arrivals inside the segment. */
  count: number;
}

function segmentsOf(stages: readonly Stage[]): Segment[] {
  const segments: Segment[] = [];
  let startMs = 0;
  let before = 0;
  let previous = stages[0]?.rate ?? 0;
  for (const stage of stages) {
    const from = previous / 1000;
    const to = stage.rate / 1000;
    // An open-ended stage never finishes its ramp: it holds the rate it starts at (as rateAt draws it).
    const count = Number.isFinite(stage.durationMs) ? ((from + to) / 2) * stage.durationMs : from === 0 ? 0 : Number.POSITIVE_INFINITY;
    segments.push({ startMs, durationMs: stage.durationMs, from, to, before, count });
    startMs += stage.durationMs;
    before += count;
    previous = stage.rate;
  }
  return segments;
}

/** Total length of the stages (ms); Infinity when one is open-ended. */
export function stagesDurationMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** Expected number of arrivals over the stages (Λ at the end). */
export function expectedArrivals(stages: readonly Stage[]): number {
  return segmentsOf(stages).reduce((sum, s) => sum + s.count, 0);
}

/** Number of constant-process arrivals the stages hold: u_k = k < Λ(end). */
export function constantArrivals(stages: readonly Stage[]): number {
  const total = expectedArrivals(stages);
  return Number.isFinite(total) ? Math.ceil(total - 1e-9) : Number.POSITIVE_INFINITY;
}

/** Inverse of Λ inside one segment: the time offset at which `n` arrivals have accumulated. */
function offsetWithin(segment: Segment, n: number): number {
  if (n <= 0) return 0;
  if (segment.from === segment.to) return n / segment.from;
  // Λ(t) = from·t + (to − from)·t²/(2d); this form of the root stays exact when from = 0 or when ramping down.
  const a = (segment.to - segment.from) / (2 * segment.durationMs);
  const b = segment.from;
  return (2 * n) / (b + Math.sqrt(Math.max(0, b * b + 4 * a * n)));
}

/** Walks the arrivals of a schedule in order; each call to `next` gives one intended start (ms after the run's start). */
export class ArrivalSchedule {
  private readonly segments: Segment[];
  private readonly total: number;
  private readonly random: (() => number) | undefined;
  private segment = 0;
  private cumulative = 0;
  /** Index of the next arrival. */
  index = 0;

  constructor(stages: readonly Stage[], process: ArrivalProcess = 'constant', seed = 1) {
    this.segments = segmentsOf(stages).filter((s) => s.count > 0);
    this.total = this.segments.reduce((sum, s) => sum + s.count, 0);
    this.random = process === 'poisson' ? createRng(seed) : undefined;
    if (this.random) this.cumulative = this.exponential();
  }

  private exponential(): number {
    return -Math.log(1 - this.random!());
  }

  /** Intended start of the next arrival, or undefined once the stages are over. */
  next(): number | undefined {
    const u = this.cumulative;
    if (u >= this.total) return undefined;
    while (this.segment < this.segments.length - 1 && u >= this.segments[this.segment]!.before + this.segments[this.segment]!.count) this.segment++;
    const s = this.segments[this.segment]!;
    const at = s.startMs + Math.min(offsetWithin(s, u - s.before), s.durationMs);
    this.cumulative = this.random ? u + this.exponential() : u + 1;
    this.index++;
    return at;
  }
}

/** The first `limit` intended starts of a schedule (ms). For tests and dry runs. */
export function arrivalTimes(stages: readonly Stage[], process: ArrivalProcess, seed: number, limit = Number.POSITIVE_INFINITY): number[] {
  const schedule = new ArrivalSchedule(stages, process, seed);
  const times: number[] = [];
  for (let at = schedule.next(); at !== undefined && times.length < limit; at = schedule.next()) times.push(at);
  return times;
}

/** The planned arrival rate (per second) `ms` after the start: the ramps as the schedule draws them; 0 outside the stages. */
export function rateAt(stages: readonly Stage[], ms: number): number {
  if (ms < 0) return 0;
  let start = 0;
  let previous = stages[0]?.rate ?? 0;
  for (const stage of stages) {
    if (ms < start + stage.durationMs) return Number.isFinite(stage.durationMs) ? previous + ((stage.rate - previous) * (ms - start)) / stage.durationMs : previous;
    start += stage.durationMs;
    previous = stage.rate;
  }
  return 0;
}
