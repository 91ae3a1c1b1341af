import { emptyWindows } from '../record/empty-window.js';
import { mergeStates } from '../record/merge.js';
import type { RecorderState, WindowState } from '../record/state.js';
import type { RunReport } from '../run-report.js';
import { evaluateThresholds, type Threshold } from '../verdict/thresholds.js';
import { achievedRate, isSaturated, roundRate } from './levels.js';
import type { SweepLevel } from './types.js';

/** What one level ran: its plan's rate and timing, and where it sits in the sweep. */
export interface LevelRun {
  index: number;
  phase: SweepLevel['phase'];
  offered: number;
  warmupMs: number;
  levelMs: number;
  startedAtMs: number;
  complete: boolean;
}

/**
 * One level's entry in the sweep section, from the report built of its recorder state: the
 * SLOs are evaluated as thresholds on it, the achieved rate counted over its measured whole
 * seconds. Pure.
 */
export function sweepLevel(run: LevelRun, state: RecorderState, report: RunReport, slos: readonly Threshold[]): SweepLevel {
  const achieved = achievedRate(state.timeline, state.windowMs, run.warmupMs, run.warmupMs + run.levelMs) ?? report.totals.rps;
  const results = evaluateThresholds(slos, report);
  const saturated = run.complete && isSaturated(run.offered, achieved, Math.floor(run.levelMs / 1000));
  const t = report.totals;
  const w = report.warmup;
  return {
    index: run.index,
    phase: run.phase,
    offered: roundRate(run.offered),
    achieved,
    startedAtMs: Math.round(run.startedAtMs),
    durationMs: report.durationMs,
    complete: run.complete,
    saturated,
    pass: run.complete && !saturated && results.every((r) => r.ok),
    slos: results,
    totals: { requests: t.requests, responses: t.responses, transportErrors: t.transportErrors, timeouts: t.timeouts, errors: t.errors, errorRate: t.errorRate, dropped: t.dropped, late: t.late },
    status: report.status,
    transportErrors: report.transportErrors,
    violating: report.conformance.violating,
    latency: report.latency,
    serviceTime: report.serviceTime,
    ...(w ? { warmup: { requests: w.totals.requests, errors: w.totals.errors, violating: w.conformance.violating } } : {}),
  };
}

/** A state's timeline moved `windows` windows later: a phase's place in the whole sweep. */
function shifted(state: RecorderState, windows: number): RecorderState {
  return { ...state, timeline: state.timeline.map((w) => ({ ...w, index: w.index + windows })) };
}

/**
 * The whole sweep as one recorder state: every phase's state merged exactly (histograms added,
 * counts summed), each timeline placed at its phase's start, the gaps between phases filled with
 * empty windows (so the timeline runs from 0 without holes), and the warm-ups merged with their
 * durations summed (the measured time is the sweep's less its warm-ups). Pure.
 */
export function sweepState(phases: readonly { state: RecorderState; startedAtMs: number; warmupMs: number }[], samplesPerRule: number, seed: number): RecorderState {
  const windowMs = phases[0]!.state.windowMs;
  const merged = mergeStates(phases.map((p) => shifted(p.state, Math.round(p.startedAtMs / windowMs))), samplesPerRule, seed);
  const byIndex = new Map(merged.timeline.map((w) => [w.index, w]));
  const last = merged.timeline.at(-1)?.index ?? 0;
  const empty = emptyWindows();
  const timeline: WindowState[] = [];
  for (let index = 0; index <= last; index++) timeline.push(byIndex.get(index) ?? empty(index));
  const warmupMs = phases.filter((p) => p.state.warmup).reduce((sum, p) => sum + p.warmupMs, 0);
  return { ...merged, timeline, ...(merged.warmup ? { warmup: { ...merged.warmup, endedAtMs: warmupMs } } : {}) };
}
