import type { LatencyReport, ThresholdResult } from '../run-report.js';

export type Spacing = 'geometric' | 'linear';

/** One level of a sweep: an open-model run at one offered rate, its warm-up kept out of its figures. */
export interface SweepLevel {
  /** Order in which the levels ran, from 0. */
  index: number;
  /** `step`: one of the planned levels up to the ceiling; `refine`: a bisection between a level that met every SLO and one that did not. */
  phase: 'step' | 'refine';
  /** Arrivals per second the schedule offered. */
  offered: number;
  /** Answers (and timeouts, refusals) per second that ended within the level's measured whole seconds. */
  achieved: number;
  /** Milliseconds after the sweep started that this level started. */
  startedAtMs: number;
  /** How long the level ran: warm-up, measured part, and the wait for the requests still in flight. */
  durationMs: number;
  /** False when the level was cut short (Ctrl-C, the request cap, an error): it does not count for the capacity. */
  complete: boolean;
  /** Achieved below 90 % of offered: the target did not keep up. */
  saturated: boolean;
  /** Complete, every SLO met, and not saturated. */
  pass: boolean;
  /** Each SLO evaluated on this level's measured part, as a threshold on a run. */
  slos: ThresholdResult[];
  totals: { requests: number; responses: number; transportErrors: number; timeouts: number; errors: number; errorRate: number; dropped: number; late: number };
  status: Record<string, number>;
  transportErrors: Record<string, number>;
  /** Exchanges that broke the contract, each counted once. */
  violating: number;
  /** Corrected latency: from each request's intended start. */
  latency: LatencyReport;
  /** Service time: from each request's send. */
  serviceTime: LatencyReport;
  /** The level's warm-up: checked and counted, kept out of every figure above. */
  warmup?: { requests: number; errors: number; violating: number };
}

/** How the throughput ceiling was found: a closed-model run, or `--ceiling` given by the user. */
export interface SweepCeiling {
  /** Successful answers per second (measured), or the rate given. */
  rate: number;
  source: 'measured' | 'given';
  /** The closed-model run that measured it. */
  run?: { concurrency: number; durationMs: number; requests: number; achieved: number; p99: number | null };
}

/** Why the sweep ended where it did. */
export type SweepEnding = 'bracketed' | 'ceiling' | 'none-met' | 'interrupted' | 'max-requests' | 'error';

/** report.json's `sweep` section: the levels, the capacity under the SLOs with its bracket, and the knee. */
export interface SweepReport {
  /** The SLO expressions, in the threshold grammar. */
  slos: string[];
  settings: { steps: number; spacing: Spacing; levelDurationMs: number; warmupMs: number; resolution: number; minRate?: number; arrival: 'constant' | 'poisson' };
  ceiling: SweepCeiling;
  /** In the order they ran. */
  levels: SweepLevel[];
  /** The highest offered rate that met every SLO; null when no level did. */
  capacity: number | null;
  /** The capacity lies between `low` (met every SLO) and `high` (did not); null where no level says. */
  bracket: { low: number | null; high: number | null };
  /** The last level before p99 climbed faster than the rate; null when it never did. */
  knee: { offered: number; achieved: number; p99: number } | null;
  ended: SweepEnding;
  /** One sentence saying what was found and why the sweep ended there. */
  conclusion: string;
}
