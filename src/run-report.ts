/**
 * The report.json document's types: what the recorder's figures become, what the verdict judges
 * and what every report (terminal, HTML, JUnit, merge, compare, history) reads. Its own module so
 * that report/ (which calls the verdict) and verdict/ (which reads reports) both depend on it and
 * not on each other.
 */
import type { CheckerStats } from './contract/checker.js';
import type { Profile, RuleName } from './contract/types.js';
import type { ConformReport } from './conform/types.js';
import type { LatencySummary } from './record/histogram.js';
import type { ViolationSample } from './record/state.js';
import type { SweepReport } from './sweep/types.js';

/** 2: `timeline[].violations` became `violating` (older reports are read through report/upgrade.ts). */
export const REPORT_SCHEMA_VERSION = 2;

export interface LatencyReport extends LatencySummary {
  unit: 'ms';
  /** Base64 compressed HDR histogram of the values in µs: merge these, never the percentiles. */
  hdr: string;
}

export interface TimelinePoint {
  /** Seconds since the start, at the window's start. */
  t: number;
  requests: number;
  rps: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  errors: number;
  /** Exchanges of the window that broke at least one rule (not the rule violations: one exchange may break several). */
  violating: number;
  /** Warm-up exchanges that ended in this window, kept out of every other figure of it. */
  warmup?: number;
  /** `requests` by status class: `1xx` … `5xx`, `transport` (no answer), `generator`, `other`; only those seen. */
  classes?: Record<string, number>;
  /** Mean requests in flight over the window (warm-up included); absent when none was. */
  inFlight?: number;
  /** Open model: arrivals due in the window by their intended time, sent or dropped; absent when 0. */
  offered?: number;
  /** Open model: requests sent in the window later than the tolerance; absent when 0. */
  late?: number;
  /** Open model: arrivals dropped in the window; absent when 0. */
  dropped?: number;
  hdr: string;
}

export interface ThresholdResult {
  expression: string;
  actual: number | null;
  ok: boolean;
  message?: string;
}

export interface LoadReport {
  model: 'open' | 'closed' | 'max';
  rate?: number;
  concurrency?: number;
  durationMs?: number;
  requests?: number;
  maxInFlight?: number;
  timeoutMs: number;
  /** Open model: arrival stages (linear ramps between them) and the arrival process. */
  stages?: { rate: number; durationMs: number }[];
  arrival?: 'constant' | 'poisson';
  thinkTimeMs?: number;
  /** Max model (autocannon). */
  connections?: number;
  pipelining?: number;
  /** Requests per conversation, when above 1. */
  turns?: number;
  /** Worker threads, when above 1. */
  workers?: number;
  /** The start of the run kept apart from the figures (`warmup` holds its own): a count of requests or a duration. */
  warmup?: { requests: number } | { durationMs: number };
}

/** report.json: the contract other tools read (validated by report.schema.json). */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** `expect: 'errors'`: the scenario tests refusals, so a run where nothing succeeded may pass. */
  scenario: { name: string; file: string; expect?: 'errors' };
  target: { url: string; kind: 'mock' | 'remote' };
  load: LoadReport;
  seed: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** True when the run was interrupted or failed after it started: the figures cover what ran. */
  partial: boolean;
  /** Why a run stopped early after it started (a fatal error), if it did; the API key is redacted. */
  stoppedBy?: string;
  totals: {
    requests: number;
    responses: number;
    transportErrors: number;
    timeouts: number;
    /**
     * Requests with no latency: refused, reset or cut off before an answer (transport errors other
     * than timeouts). `latency.count` + `untimed` = `requests`. Absent in reports of older versions.
     */
    untimed?: number;
    dropped: number;
    late: number;
    /** Conversations ended early because a turn failed (only with conversation.turns > 1). */
    conversationsAborted?: number;
    /** Conversations whose later turns the end of the run (its duration or request count) left unsent (only with turns > 1). */
    conversationsCut?: number;
    /**
     * Requests that failed on this machine before reaching the target (`transportErrors.generator`:
     * out of descriptors or local ports); present when there were any. Counted in `requests` and
     * `transportErrors`, not in `errors`, `errorRate` or the contract checks.
     */
    generatorErrors?: number;
    /** The target's failures: transport errors (other than the generator's) and statuses ≥ 400. */
    errors: number;
    /** errors / (requests − generatorErrors). */
    errorRate: number;
    rps: number;
  };
  status: Record<string, number>;
  transportErrors: Record<string, number>;
  /** Corrected latency: from each request's intended start (open model) or its send (closed). */
  latency: LatencyReport;
  /** Service time, send to end; differs from `latency` only in the open model. */
  serviceTime: LatencyReport;
  latencyByStatusClass: Record<string, LatencyReport>;
  timeline: TimelinePoint[];
  /** The warm-up (`load.warmup`), checked and counted like the rest and kept out of every other figure. */
  warmup?: WarmupReport;
  conformance: {
    profile: Profile;
    checked: number;
    /** Violating exchanges: exchanges that broke at least one rule, each counted once. */
    violating: number;
    /** Rule violations: one per rule broken by one exchange, the sum of `byRule` (absent in reports of older versions). */
    ruleViolations?: number;
    byRule: Partial<Record<RuleName, number>>;
    samples: ViolationSample[];
    /** The checker's settings and the cost and false-duplicate probability of its chatId set. */
    checks?: CheckerStats;
  };
  /** Present in reports written by `chatload conform`: one result per spec-derived case. */
  conform?: ConformReport;
  /** Present in reports written by `chatload sweep`: the levels, the capacity under the SLOs, the knee. */
  sweep?: SweepReport;
  /** Latency of the 2xx responses that met the contract: goodput(SLO) thresholds count from it. */
  goodLatency?: LatencyReport;
  /** The measured figures per agent and per turn (absent in reports of older versions and of `conform`). */
  breakdown?: BreakdownReport;
  /** Set when this run was one shard of a larger one (`--shard index/count`, 1-based). */
  shard?: { index: number; count: number };
  /** The instant `--start-at` asked for (ISO 8601, UTC); `startedAt` is when the schedule began. */
  startAt?: string;
  thresholds: ThresholdResult[];
  baseline: null | BaselineReport;
  verdict: 'pass' | 'fail';
  verdictReasons: string[];
  /** Checks on the reports read back that `--force` overrode to make this one (merge, compare). */
  forced?: ForcedCheck[];
}

/** One refused input a `--force` let through: which command, which file and field, and why it was refused. */
export interface ForcedCheck {
  command: 'merge' | 'compare' | 'report';
  file: string;
  field: string;
  message: string;
}

/** The warm-up's own figures, in the shape of the run's (histograms included, so a merge stays exact). */
export interface WarmupReport {
  /** Milliseconds after the start when the warm-up ended: its duration, or the end of its last exchange. */
  durationMs: number;
  totals: Pick<RunReport['totals'], 'requests' | 'responses' | 'transportErrors' | 'timeouts' | 'untimed' | 'errors' | 'errorRate'>;
  status: Record<string, number>;
  transportErrors: Record<string, number>;
  latency: LatencyReport;
  serviceTime: LatencyReport;
  latencyByStatusClass: Record<string, LatencyReport>;
  goodLatency?: LatencyReport;
  conformance: Omit<RunReport['conformance'], 'profile' | 'checks'>;
}

/** One group's figures (an agent, a turn), in the shape of the whole run's: they add up to the whole run's. */
export interface GroupReport {
  totals: Pick<RunReport['totals'], 'requests' | 'responses' | 'transportErrors' | 'timeouts' | 'untimed' | 'generatorErrors' | 'errors' | 'errorRate' | 'rps'>;
  status: Record<string, number>;
  transportErrors: Record<string, number>;
  latency: LatencyReport;
  serviceTime: LatencyReport;
  goodLatency: LatencyReport;
  conformance: { checked: number; violating: number; ruleViolations: number; byRule: Partial<Record<RuleName, number>> };
}

/** `report.breakdown`: the run by agent (`agent`, keyed by agent id) and by conversation turn (`turn`, keyed "1", "2", …). */
export interface BreakdownReport {
  /** `checks.maxGroups`: agent number maxGroups and later (and such turns) are counted together as `other`. */
  maxGroups: number;
  /** How many entries of the scenario's agent list, and how many turns, were folded into `other`. */
  folded: { agents: number; turns: number };
  agent: Record<string, GroupReport>;
  turn: Record<string, GroupReport>;
}

/** One metric compared against a baseline run. */
export interface BaselineMetric {
  /** e.g. "p99", "errorRate", "rps". */
  metric: string;
  unit: 'ms' | 'ratio' | 'rps';
  old: number | null;
  new: number | null;
  /** new − old, in `unit`. */
  change: number | null;
  /** (new − old) / old; null when old is 0 or missing. */
  changeRatio: number | null;
  /** Bootstrap confidence interval of the change (latency percentiles), in `unit`. */
  ci?: [number, number];
  /** `info` metrics are shown and never fail the run. */
  verdict: 'pass' | 'fail' | 'info';
  note?: string;
  /** The group of the breakdown this metric compares (`p99{agent=…}`); absent for the whole run's. */
  group?: { key: 'agent' | 'turn'; value: string };
  /** The group had too few samples in one run or both to be judged: shown as `info`, named, never passed. */
  tooSmall?: boolean;
}

/** The comparison of this run with a baseline report (`--baseline`, `chatload compare`). */
export interface BaselineReport {
  file: string;
  scenario: string;
  startedAt: string;
  tolerance: { relative: number; absoluteMs: number; rateAbsolute: number; confidence: number; iterations: number };
  metrics: BaselineMetric[];
  verdict: 'pass' | 'fail';
  /** How the runs differ where comparing them is still meaningful (scenario, profile, target, load, timeout, partial). */
  warnings?: string[];
  /** The baseline run's latency (its histogram included), drawn beside this run's on the percentile chart. */
  latency?: LatencyReport;
  /** The baseline run's p50 and p99 over time (at most 720 points, windows grouped as the page groups them), drawn faint. */
  timeline?: BaselineWindow[];
}

/** One point of the baseline run's latency over time: seconds since its start, and the worst p50 and p99 of its windows there. */
export interface BaselineWindow {
  t: number;
  p50: number | null;
  p99: number | null;
}
