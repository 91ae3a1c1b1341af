import type { CheckerStats } from '../contract/checker.js';
import type { Profile, RuleName } from '../contract/types.js';
import type { ConformReport } from '../conform/types.js';
import type { LatencySummary } from '../record/histogram.js';
import type { ViolationSample } from '../record/state.js';

export const REPORT_SCHEMA_VERSION = 1;

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
  violations: number;
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
}

/** report.json: the contract other tools read (validated by report.schema.json). */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  scenario: { name: string; file: string };
  target: { url: string; kind: 'mock' | 'remote' };
  load: LoadReport;
  seed: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** True when the run was interrupted or failed after it started: the figures cover what ran. */
  partial: boolean;
  totals: {
    requests: number;
    responses: number;
    transportErrors: number;
    timeouts: number;
    dropped: number;
    late: number;
    errors: number;
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
  conformance: {
    profile: Profile;
    checked: number;
    violating: number;
    byRule: Partial<Record<RuleName, number>>;
    samples: ViolationSample[];
    /** The checker's settings and the cost and false-duplicate probability of its chatId set. */
    checks?: CheckerStats;
  };
  /** Present in reports written by `chatload conform`: one result per spec-derived case. */
  conform?: ConformReport;
  thresholds: ThresholdResult[];
  baseline: null | Record<string, unknown>;
  verdict: 'pass' | 'fail';
  verdictReasons: string[];
}
