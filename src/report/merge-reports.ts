import { mergeCheckerStats } from '../contract/checker.js';
import type { RuleName } from '../contract/types.js';
import { emptyWindows } from '../record/empty-window.js';
import { mergeStates } from '../record/merge.js';
import type { BreakdownState, GroupState, RecorderState, ViolationSample, WarmupState } from '../record/state.js';
import { buildReport } from './build.js';
import { timelineWindowMs } from './check-invariants.js';
import type { BreakdownReport, GroupReport, LoadReport, RunReport, WarmupReport } from '../run-report.js';

function samplesByRule(list: ViolationSample[]): Partial<Record<RuleName, ViolationSample[]>> {
  const samples: Partial<Record<RuleName, ViolationSample[]>> = {};
  for (const s of list) (samples[s.rule] ??= []).push(s);
  return samples;
}

function warmupState(w: WarmupReport, windowMs: number): WarmupState {
  return {
    windowMs,
    latency: w.latency.hdr,
    service: w.serviceTime.hdr,
    byStatusClass: Object.fromEntries(Object.entries(w.latencyByStatusClass).map(([cls, l]) => [cls, l.hdr])),
    ...(w.goodLatency ? { good: w.goodLatency.hdr } : {}),
    requests: w.totals.requests,
    responses: w.totals.responses,
    transportErrors: w.totals.transportErrors,
    timeouts: w.totals.timeouts,
    errors: w.totals.errors,
    status: w.status,
    transportByKind: w.transportErrors,
    checked: w.conformance.checked,
    violating: w.conformance.violating,
    byRule: w.conformance.byRule,
    samples: samplesByRule(w.conformance.samples),
    timeline: [],
    endedAtMs: w.durationMs,
  };
}

function groupState(g: GroupReport): GroupState {
  return {
    latency: g.latency.hdr,
    service: g.serviceTime.hdr,
    good: g.goodLatency.hdr,
    requests: g.totals.requests,
    responses: g.totals.responses,
    transportErrors: g.totals.transportErrors,
    timeouts: g.totals.timeouts,
    errors: g.totals.errors,
    status: g.status,
    transportByKind: g.transportErrors,
    checked: g.conformance.checked,
    violating: g.conformance.violating,
    byRule: g.conformance.byRule,
  };
}

function breakdownState(b: BreakdownReport): BreakdownState {
  const groups = (from: Record<string, GroupReport>) => Object.fromEntries(Object.entries(from).map(([name, g]) => [name, groupState(g)]));
  return { maxGroups: b.maxGroups, folded: b.folded, agent: groups(b.agent), turn: groups(b.turn) };
}

/** The recorder state a report was built from (histograms and counts; samples as kept). Pure. */
export function stateFromReport(report: RunReport): RecorderState {
  const tl = report.timeline;
  const windowMs = timelineWindowMs(report);
  const samples = samplesByRule(report.conformance.samples);
  return {
    windowMs,
    latency: report.latency.hdr,
    service: report.serviceTime.hdr,
    byStatusClass: Object.fromEntries(Object.entries(report.latencyByStatusClass).map(([cls, l]) => [cls, l.hdr])),
    ...(report.goodLatency ? { good: report.goodLatency.hdr } : {}),
    requests: report.totals.requests,
    responses: report.totals.responses,
    transportErrors: report.totals.transportErrors,
    timeouts: report.totals.timeouts,
    errors: report.totals.errors,
    status: report.status,
    transportByKind: report.transportErrors,
    checked: report.conformance.checked,
    violating: report.conformance.violating,
    byRule: report.conformance.byRule,
    samples,
    timeline: tl.map((p) => ({
      index: Math.round((p.t * 1000) / windowMs),
      requests: p.requests,
      errors: p.errors,
      violating: p.violating,
      ...(p.warmup ? { warmup: p.warmup } : {}),
      ...(p.classes ? { classes: p.classes } : {}),
      ...(p.inFlight ? { inFlightMs: p.inFlight * windowMs } : {}),
      ...(p.offered ? { offered: p.offered } : {}),
      ...(p.late ? { late: p.late } : {}),
      ...(p.dropped ? { dropped: p.dropped } : {}),
      hdr: p.hdr,
    })),
    ...(report.warmup ? { warmup: warmupState(report.warmup, windowMs) } : {}),
    ...(report.breakdown ? { breakdown: breakdownState(report.breakdown) } : {}),
  };
}

const sum = (values: (number | undefined)[]): number | undefined => (values.every((v) => v === undefined) ? undefined : values.reduce<number>((s, v) => s + (v ?? 0), 0));

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The load of shards run side by side: rates (each stage's too), users, connections, request counts and caps add up. */
export function mergedLoad(loads: LoadReport[]): LoadReport {
  const first = loads[0]!;
  const load: LoadReport = { ...first };
  for (const key of ['rate', 'concurrency', 'connections', 'requests', 'maxInFlight'] as const) {
    const total = sum(loads.map((l) => l[key]));
    if (total !== undefined) load[key] = round3(total);
  }
  // Each shard warmed up on its share of a count; a duration is the same for all.
  const warmups = loads.map((l) => l.warmup);
  if (first.warmup && 'requests' in first.warmup) load.warmup = { requests: warmups.reduce((n, w) => n + (w && 'requests' in w ? w.requests : 0), 0) };
  if (first.stages) load.stages = first.stages.map((stage, i) => ({ ...stage, rate: round3(loads.reduce((n, l) => n + (l.stages?.[i]?.rate ?? 0), 0)) }));
  return load;
}

/**
 * A shard's timeline placed on the merged one by wall-clock time: its windows move by its start's
 * distance from the earliest shard's, to the nearest whole window (windows cannot be split), and the
 * windows before its start are empty. Pure.
 */
export function alignTimeline(state: RecorderState, lateByMs: number): RecorderState {
  const shift = Math.round(lateByMs / state.windowMs);
  if (shift <= 0 || state.timeline.length === 0) return state;
  const empty = emptyWindows();
  const before = Array.from({ length: shift }, (_, index) => empty(index));
  return { ...state, timeline: [...before, ...state.timeline.map((w) => ({ ...w, index: w.index + shift }))] };
}

/** Samples kept per rule by the shards (the most any kept), so the merge keeps as many. */
function samplesPerRule(reports: RunReport[]): number {
  const perRule = reports.flatMap((r) => {
    const counts = new Map<string, number>();
    for (const s of r.conformance.samples) counts.set(s.rule, (counts.get(s.rule) ?? 0) + 1);
    return [...counts.values()];
  });
  return Math.max(5, ...perRule);
}

/**
 * Combines reports of shards that ran side by side, exactly: HDR histograms added, counts
 * summed, timelines aligned on wall-clock time; the duration is the longest shard's, so rps is
 * the combined rate. Thresholds and
 * baseline are left for the caller to evaluate on the result. Pure.
 */
export function mergeReports(reports: RunReport[]): { report: RunReport; warnings: string[] } {
  if (reports.length === 0) throw new Error('nothing to merge');
  const warnings: string[] = [];
  const first = reports[0]!;
  // Unlike or repeated inputs are refused before this (checkMergeInputs); a missing shard is only warned about.
  const shards = reports.flatMap((r) => (r.shard ? [r.shard] : []));
  if (shards.length === reports.length) {
    const count = shards[0]!.count;
    const seen = new Set(shards.map((s) => s.index));
    if (seen.size < count) warnings.push(`only ${seen.size} of ${count} shards are merged (missing ${[...Array(count).keys()].map((i) => i + 1).filter((i) => !seen.has(i)).join(', ')})`);
  }
  const bounds = new Set(reports.flatMap((r) => (r.breakdown ? [r.breakdown.maxGroups] : [])));
  if (bounds.size > 1) warnings.push(`the reports bound their groups differently (checks.maxGroups ${[...bounds].join(', ')}): an agent one folded into other may be a group of its own in another`);
  const startedAt = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const endedAt = Math.max(...reports.map((r) => Date.parse(r.endedAt)));
  const aborted = sum(reports.map((r) => r.totals.conversationsAborted));
  const cut = sum(reports.map((r) => r.totals.conversationsCut));
  const states = reports.map((r) => alignTimeline(stateFromReport(r), Date.parse(r.startedAt) - startedAt));
  const report = buildReport(mergeStates(states, samplesPerRule(reports), first.seed), {
    tool: first.tool,
    scenario: first.scenario,
    target: first.target,
    load: mergedLoad(reports.map((r) => r.load)),
    profile: first.conformance.profile,
    seed: first.seed,
    startedAtEpochMs: startedAt,
    endedAtEpochMs: endedAt,
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    dropped: reports.reduce((n, r) => n + r.totals.dropped, 0),
    late: reports.reduce((n, r) => n + r.totals.late, 0),
    ...(aborted !== undefined ? { conversationsAborted: aborted } : {}),
    ...(cut !== undefined ? { conversationsCut: cut } : {}),
    partial: reports.some((r) => r.partial),
  });
  // Each shard kept its own chatId set: the merged figures are the union's, as with workers.
  const checks = reports.flatMap((r) => (r.conformance.checks ? [r.conformance.checks] : []));
  if (checks.length === reports.length) report.conformance.checks = mergeCheckerStats(checks);
  // Shards started together by `--start-at` keep the instant they shared.
  const startAts = new Set(reports.map((r) => r.startAt));
  if (startAts.size === 1 && first.startAt !== undefined) report.startAt = first.startAt;
  return { report, warnings };
}
