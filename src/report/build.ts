import { decodeHistogram, summarize } from '../record/histogram.js';
import type { RecorderState } from '../record/state.js';
import { decideVerdict } from '../verdict/verdict.js';
import { REPORT_SCHEMA_VERSION, type LatencyReport, type LoadReport, type RunReport, type ThresholdResult, type TimelinePoint } from './types.js';

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
    violations: window.violations,
    hdr: window.hdr,
  };
}

/** Builds report.json from a recorder state and the run's facts. Pure. */
export function buildReport(state: RecorderState, meta: RunMeta, thresholds: ThresholdResult[] = []): RunReport {
  const seconds = meta.durationMs / 1000;
  const requests = state.requests;
  const generatorErrors = state.transportByKind.generator ?? 0;
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
    latency: latencyReport(state.latency),
    serviceTime: latencyReport(state.service),
    latencyByStatusClass: Object.fromEntries(Object.entries(state.byStatusClass).map(([cls, hdr]) => [cls, latencyReport(hdr)])),
    timeline: state.timeline.map((w) => timelinePoint(w, state.windowMs)),
    conformance: {
      profile: meta.profile,
      checked: state.checked,
      violating: state.violating,
      byRule: state.byRule,
      samples: Object.values(state.samples).flat(),
    },
    ...(state.good ? { goodLatency: latencyReport(state.good) } : {}),
    thresholds,
    baseline: null,
  };
  const verdict = decideVerdict(base, thresholds);
  return { ...base, verdict: verdict.verdict, verdictReasons: verdict.reasons };
}
