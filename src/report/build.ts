import { decodeHistogram, summarize } from '../record/histogram.js';
import type { BreakdownState, GroupState, RecorderState, WarmupState } from '../record/state.js';
import { decideVerdict, ruleViolationsOf } from '../verdict/verdict.js';
import { REPORT_SCHEMA_VERSION, type BreakdownReport, type GroupReport, type LatencyReport, type LoadReport, type RunReport, type ThresholdResult, type TimelinePoint, type WarmupReport } from '../run-report.js';

export interface RunMeta {
  tool: { name: string; version: string };
  scenario: RunReport['scenario'];
  target: { url: string; kind: 'mock' | 'remote' };
  load: LoadReport;
  profile: RunReport['conformance']['profile'];
  seed: number;
  /** Wall-clock start and end (ms since epoch). */
  startedAtEpochMs: number;
  endedAtEpochMs: number;
  durationMs: number;
  dropped: number;
  late: number;
  conversationsAborted?: number;
  conversationsCut?: number;
  partial: boolean;
}

export function latencyReport(encoded: string): LatencyReport {
  return { unit: 'ms', ...summarize(decodeHistogram(encoded)), hdr: encoded };
}

function timelinePoint(window: RecorderState['timeline'][number], windowMs: number): TimelinePoint {
  const s = summarize(decodeHistogram(window.hdr));
  return {
    t: (window.index * windowMs) / 1000,
    requests: window.requests,
    rps: Math.round((window.requests / windowMs) * 1000 * 100) / 100,
    p50: s.p50,
    p90: s.p90,
    p99: s.p99,
    max: s.max,
    errors: window.errors,
    violating: window.violating,
    ...(window.warmup ? { warmup: window.warmup } : {}),
    ...(window.classes ? { classes: window.classes } : {}),
    ...(window.inFlightMs ? { inFlight: Math.round((window.inFlightMs / windowMs) * 1000) / 1000 } : {}),
    ...(window.offered ? { offered: window.offered } : {}),
    ...(window.late ? { late: window.late } : {}),
    ...(window.dropped ? { dropped: window.dropped } : {}),
    hdr: window.hdr,
  };
}

/** Requests with no latency (refused, reset, cut off): all + untimed = requests. */
function untimedOf(state: Pick<RecorderState, 'requests'>, latency: LatencyReport): number {
  return state.requests - latency.count;
}

function warmupReport(w: WarmupState): WarmupReport {
  const latency = latencyReport(w.latency);
  return {
    durationMs: w.endedAtMs,
    totals: { requests: w.requests, responses: w.responses, transportErrors: w.transportErrors, timeouts: w.timeouts, untimed: untimedOf(w, latency), errors: w.errors, errorRate: w.requests ? w.errors / w.requests : 0 },
    status: w.status,
    transportErrors: w.transportByKind,
    latency,
    serviceTime: latencyReport(w.service),
    latencyByStatusClass: Object.fromEntries(Object.entries(w.byStatusClass).map(([cls, hdr]) => [cls, latencyReport(hdr)])),
    ...(w.good ? { goodLatency: latencyReport(w.good) } : {}),
    conformance: { checked: w.checked, violating: w.violating, ruleViolations: ruleViolationsOf(w.byRule), byRule: w.byRule, samples: Object.values(w.samples).flat() },
  };
}

function groupReport(g: GroupState, seconds: number): GroupReport {
  const latency = latencyReport(g.latency);
  const generatorErrors = g.transportByKind.generator ?? 0;
  return {
    totals: {
      requests: g.requests,
      responses: g.responses,
      transportErrors: g.transportErrors,
      timeouts: g.timeouts,
      untimed: untimedOf(g, latency),
      ...(generatorErrors > 0 ? { generatorErrors } : {}),
      errors: g.errors,
      errorRate: g.requests > generatorErrors ? g.errors / (g.requests - generatorErrors) : 0,
      rps: seconds > 0 ? Math.round((g.requests / seconds) * 100) / 100 : 0,
    },
    status: g.status,
    transportErrors: g.transportByKind,
    latency,
    serviceTime: latencyReport(g.service),
    goodLatency: latencyReport(g.good),
    conformance: { checked: g.checked, violating: g.violating, ruleViolations: ruleViolationsOf(g.byRule), byRule: g.byRule },
  };
}

function breakdownReport(b: BreakdownState, seconds: number): BreakdownReport {
  const groups = (from: Record<string, GroupState>) => Object.fromEntries(Object.entries(from).map(([name, g]) => [name, groupReport(g, seconds)]));
  return { maxGroups: b.maxGroups, folded: b.folded, agent: groups(b.agent), turn: groups(b.turn) };
}

/** Builds report.json from a recorder state and the run's facts. Pure. */
export function buildReport(state: RecorderState, meta: RunMeta, thresholds: ThresholdResult[] = []): RunReport {
  // The measured requests are rated over the time after the warm-up.
  const seconds = (meta.durationMs - (state.warmup?.endedAtMs ?? 0)) / 1000;
  const requests = state.requests;
  const generatorErrors = state.transportByKind.generator ?? 0;
  const latency = latencyReport(state.latency);
  const base: Omit<RunReport, 'verdict' | 'verdictReasons'> = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: meta.tool,
    scenario: meta.scenario,
    target: meta.target,
    load: meta.load,
    seed: meta.seed,
    startedAt: new Date(meta.startedAtEpochMs).toISOString(),
    endedAt: new Date(meta.endedAtEpochMs).toISOString(),
    durationMs: Math.round(meta.durationMs),
    partial: meta.partial,
    totals: {
      requests,
      responses: state.responses,
      transportErrors: state.transportErrors,
      timeouts: state.timeouts,
      untimed: untimedOf(state, latency),
      dropped: meta.dropped,
      late: meta.late,
      ...(meta.conversationsAborted !== undefined && meta.load.turns !== undefined ? { conversationsAborted: meta.conversationsAborted } : {}),
      ...(meta.conversationsCut !== undefined && meta.load.turns !== undefined ? { conversationsCut: meta.conversationsCut } : {}),
      ...(generatorErrors > 0 ? { generatorErrors } : {}),
      errors: state.errors,
      // The target's error rate: over the requests that reached it.
      errorRate: requests > generatorErrors ? state.errors / (requests - generatorErrors) : 0,
      rps: seconds > 0 ? Math.round((requests / seconds) * 100) / 100 : 0,
    },
    status: state.status,
    transportErrors: state.transportByKind,
    latency,
    serviceTime: latencyReport(state.service),
    latencyByStatusClass: Object.fromEntries(Object.entries(state.byStatusClass).map(([cls, hdr]) => [cls, latencyReport(hdr)])),
    timeline: state.timeline.map((w) => timelinePoint(w, state.windowMs)),
    ...(state.warmup ? { warmup: warmupReport(state.warmup) } : {}),
    conformance: {
      profile: meta.profile,
      checked: state.checked,
      violating: state.violating,
      ruleViolations: ruleViolationsOf(state.byRule),
      byRule: state.byRule,
      samples: Object.values(state.samples).flat(),
    },
    ...(state.good ? { goodLatency: latencyReport(state.good) } : {}),
    ...(state.breakdown ? { breakdown: breakdownReport(state.breakdown, seconds) } : {}),
    thresholds,
    baseline: null,
  };
  const verdict = decideVerdict(base, thresholds);
  return { ...base, verdict: verdict.verdict, verdictReasons: verdict.reasons };
}
