import type { RuleName } from '../contract/types.js';

/** What one sample of a violation keeps: enough to reproduce it, never the API key. */
export interface ViolationSample {
  rule: RuleName;
  message: string;
  schemaPath?: string;
  instancePath?: string;
  /** Seconds after the run started. */
  at: number;
  request: { seq: number; body: unknown };
  response?: { status?: number; headers?: Record<string, string>; bodyExcerpt?: string; bodyBytes?: number; truncated?: boolean };
}

export interface WindowState {
  /** Window index: seconds since start for 1 s windows. */
  index: number;
  requests: number;
  errors: number;
  /** Exchanges that broke at least one rule. */
  violating: number;
  /** Warm-up exchanges that ended in this window: not in `requests`, `errors`, `violating` nor `hdr`. */
  warmup?: number;
  /** The window's `requests` by status class (`2xx` … `5xx`, `transport` for no answer, `generator`); only classes seen. */
  classes?: Record<string, number>;
  /** Request-milliseconds in flight inside the window (warm-up included): its mean concurrency times its length. */
  inFlightMs?: number;
  /** Open model: arrivals due in the window (by intended time), sent or dropped. */
  offered?: number;
  /** Open model: requests sent in the window later than the tolerance after their intended time. */
  late?: number;
  /** Open model: arrivals dropped in the window (held past the timeout, or cut off by a stop). */
  dropped?: number;
  /** Encoded latency histogram of the window (µs). */
  hdr: string;
}

/** The counts a whole run and each of its groups keep alike: summed as they are when merged. */
export interface ExchangeCounts {
  requests: number;
  responses: number;
  transportErrors: number;
  timeouts: number;
  errors: number;
  status: Record<string, number>;
  transportByKind: Record<string, number>;
  checked: number;
  violating: number;
  byRule: Partial<Record<RuleName, number>>;
}

/**
 * Everything a recorder measured, serialisable and mergeable: histograms are encoded HDR (µs),
 * everything else is counts. Workers and shards send this; the report is built from it.
 */
export interface RecorderState extends ExchangeCounts {
  windowMs: number;
  latency: string;
  /** Service time (send → end), kept beside the corrected latency in the open model. */
  service: string;
  byStatusClass: Record<string, string>;
  /** Latency of 2xx answers that met the contract (goodput); absent in states from older versions. */
  good?: string;
  samples: Partial<Record<RuleName, ViolationSample[]>>;
  timeline: WindowState[];
  /** The warm-up's tally, kept apart from every figure above (present when the run had one). */
  warmup?: WarmupState;
  /** The same figures per agent and per turn (the measured part only, like the figures above). */
  breakdown?: BreakdownState;
}

/** The warm-up, counted and checked like the rest; its windows are in the run's timeline (`WindowState.warmup`). */
export interface WarmupState extends Omit<RecorderState, 'warmup'> {
  /** Milliseconds after the start when the warm-up ended: its duration, or the end of its last exchange. */
  endedAtMs: number;
}

/** What one group (an agent, a turn) keeps: the whole run's counts and histograms, without samples, classes or timeline. */
export interface GroupState extends ExchangeCounts {
  latency: string;
  service: string;
  good: string;
}

/** Per-agent and per-turn groups, keyed by agent id (or `other`) and by turn number ("1", "2", … or `other`). */
export interface BreakdownState {
  /** `checks.maxGroups`: agents (and turns) past it fold into `other`. */
  maxGroups: number;
  /** Entries of the scenario's agent list, and turns, folded into `other`. */
  folded: { agents: number; turns: number };
  agent: Record<string, GroupState>;
  turn: Record<string, GroupState>;
}
