import { formatDuration } from '../units.js';
import type { ReportProblem } from './check-invariants.js';
import { timelineWindowMs } from './check-invariants.js';
import { displayTarget } from './html/header.js';
import { describeLoad } from './summary.js';
import type { LoadReport, RunReport } from '../run-report.js';

/** A report read back, with where it came from: `label` is how the command line names it (REPORT 2, BASELINE). */
export interface ReadBack {
  file: string;
  label: string;
  report: RunReport;
}

const MERGE_FIX = 'merge the shard reports of one run: same scenario, seed, target, profile and load, each shard once';
const SPREAD_FACTOR = 1.5;
const SPREAD_SLACK_MS = 10_000;
/** Shards whose starts differ by more than this are warned about (as late as `run --start-at` lets a run begin). */
const START_SKEW_MS = 1000;
const where = (r: ReadBack) => `${r.label} (${r.file})`;
const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
/** "is 5" / "is not set", and "has 5" / "does not set it": a missing field read as a sentence. */
const is = (v: unknown) => (v === undefined ? 'is not set' : `is ${JSON.stringify(v)}`);
const has = (v: unknown) => (v === undefined ? 'does not set it' : `has ${JSON.stringify(v)}`);

/** The load settings every shard of one run shares (the sizes — rate, users, connections, request caps — are split). */
function loadShape(load: LoadReport): [string, unknown][] {
  return [
    ['model', load.model],
    ['durationMs', load.durationMs],
    ['timeoutMs', load.timeoutMs],
    ['arrival', load.arrival],
    ['stages', load.stages?.map((s) => s.durationMs)],
    ['thinkTimeMs', load.thinkTimeMs],
    ['pipelining', load.pipelining],
    ['turns', load.turns],
    ['requests', load.requests === undefined ? undefined : 'a request count'],
  ];
}

/** The same run read twice (by two paths, or copied): same start, end and histogram. */
const sameRun = (a: RunReport, b: RunReport) => a.startedAt === b.startedAt && a.endedAt === b.endedAt && a.latency.hdr === b.latency.hdr;

/**
 * Whether reports can be merged as the shards of one run. Refused (exit 2 unless `--force`): the same
 * run or shard twice, shards mixed with whole runs or split different ways, different scenarios,
 * seeds (of shards), targets, profiles or load settings, `conform` reports. Never mergeable, even
 * forced: timelines of different window sizes. Warned: runs that did not overlap in time. Pure.
 */
export function checkMergeInputs(inputs: ReadBack[]): { refused: ReportProblem[]; warnings: string[] } {
  const refused: ReportProblem[] = [];
  const warnings: string[] = [];
  const [first, ...rest] = inputs;
  if (!first) return { refused, warnings };
  const refuse = (r: ReadBack, field: string, message: string, forceable = true) =>
    refused.push({ file: r.file, field: field ? `${r.label}: ${field}` : r.label, message, fix: forceable ? MERGE_FIX : 'merge reports written by the same chatload version, with one timeline window size', forceable });
  for (const r of inputs) if (r.report.conform) refuse(r, 'conform', 'is a `chatload conform` report: its cases are not a load whose figures add up with others');
  for (const r of inputs) if (r.report.sweep) refuse(r, 'sweep', 'is a `chatload sweep` report: its levels ran one after another, not side by side as shards');
  const windowMs = timelineWindowMs(first.report);
  const sharded = first.report.shard !== undefined;
  for (const [i, r] of rest.entries()) {
    const twin = inputs.slice(0, i + 1).find((o) => sameRun(o.report, r.report));
    if (twin) {
      refuse(r, '', `is the same run as ${where(twin)} (same start, end and histograms): it would be counted twice`);
      continue;
    }
    if (timelineWindowMs(r.report) !== windowMs) refuse(r, 'timeline', `has windows of ${timelineWindowMs(r.report) / 1000} s, ${where(first)} of ${windowMs / 1000} s: timelines of different window sizes cannot be merged exactly`, false);
    const a = first.report;
    const b = r.report;
    if (b.scenario.name !== a.scenario.name) refuse(r, 'scenario.name', `is ${show(b.scenario.name)}, ${where(first)} ran ${show(a.scenario.name)}`);
    if (b.target.url !== a.target.url) refuse(r, 'target.url', `is ${show(displayTarget(b.target))}, ${where(first)} ran against ${show(displayTarget(a.target))}`);
    if (b.conformance.profile !== a.conformance.profile) refuse(r, 'conformance.profile', `is ${show(b.conformance.profile)}, ${where(first)} was checked with ${show(a.conformance.profile)}: violations counted by different rules do not add up`);
    const shapeA = new Map(loadShape(a.load));
    for (const [key, value] of loadShape(b.load)) {
      if (JSON.stringify(value) !== JSON.stringify(shapeA.get(key))) refuse(r, `load.${key}`, `${is(value)}, ${where(first)} ${has(shapeA.get(key))}: shards of one run share their load settings (${describeLoad(b.load)} against ${describeLoad(a.load)})`);
    }
    if ((b.shard !== undefined) !== sharded) {
      const [shard, whole] = sharded ? [first, r] : [r, first];
      refuse(r, 'shard', `${where(shard)} is shard ${shard.report.shard!.index}/${shard.report.shard!.count}, ${where(whole)} a whole run: a shard merges with the other shards of its run only`);
      continue;
    }
    if (!b.shard || !a.shard) continue;
    if (b.seed !== a.seed) refuse(r, 'seed', `is ${b.seed}, ${where(first)}'s is ${a.seed}: the shards of one run share the seed (only then are their slices of the request stream disjoint)`);
    if (b.shard.count !== a.shard.count) refuse(r, 'shard.count', `is ${b.shard.count}, ${where(first)} is one of ${a.shard.count}: the shards were split different ways`);
    const same = inputs.slice(0, i + 1).find((o) => o.report.shard?.index === b.shard!.index && o.report.shard?.count === b.shard!.count);
    if (same) refuse(r, 'shard.index', `is ${b.shard.index}/${b.shard.count}, as ${where(same)}: the same shard twice`);
  }
  // Shards started by a CI matrix are seconds apart; runs spread far wider than the longest one did not run side by side.
  const span = Math.max(...inputs.map((r) => Date.parse(r.report.endedAt))) - Math.min(...inputs.map((r) => Date.parse(r.report.startedAt)));
  const longest = Math.max(...inputs.map((r) => r.report.durationMs));
  if (span > longest * SPREAD_FACTOR + SPREAD_SLACK_MS) {
    warnings.push(`the runs are spread over ${formatDuration(span)}, the longest ran ${formatDuration(longest)}: they did not all run side by side, and the merged rps counts them as if they had`);
  }
  // Shards whose loads began at different instants did not add up at the same instants (`--start-at` starts them together).
  const starts = inputs.map((r) => Date.parse(r.report.startedAt));
  const [earliest, latest] = [starts.indexOf(Math.min(...starts)), starts.indexOf(Math.max(...starts))];
  if (starts[latest]! - starts[earliest]! > START_SKEW_MS) {
    warnings.push(`the runs started ${formatDuration(starts[latest]! - starts[earliest]!)} apart (${where(inputs[earliest]!)} at ${inputs[earliest]!.report.startedAt}, ${where(inputs[latest]!)} at ${inputs[latest]!.report.startedAt}): their loads did not add up at the same instants; the timelines are aligned on wall-clock time (start shards together with run --start-at)`);
  }
  return { refused, warnings };
}

/** What two runs must share to be compared; a run about to start has no report yet, only this. */
export type RunShape = Pick<RunReport, 'scenario' | 'target' | 'load' | 'partial' | 'conform' | 'sweep'> & { conformance: Pick<RunReport['conformance'], 'profile'> };

/**
 * Whether a run can be compared with a baseline. Refused (exit 2 unless `--force`): a different
 * load model (an open run's latency counts the wait for the schedule, a closed run's does not), a
 * `conform` report against a load run. Warned, in the comparison: a different scenario, profile,
 * target, load, timeout, or an interrupted run. Pure.
 */
export function checkComparable(before: RunShape, after: RunShape): { refused: { field: string; message: string }[]; warnings: string[] } {
  const refused: { field: string; message: string }[] = [];
  const warnings: string[] = [];
  if (before.load.model !== after.load.model) {
    refused.push({ field: 'load.model', message: `the baseline ran the ${before.load.model} model, the run compared with it the ${after.load.model} model: an open-model latency counts the wait for the schedule, a closed or max one does not, so their percentiles are not comparable` });
  }
  if ((before.conform === undefined) !== (after.conform === undefined)) {
    const which = after.conform ? 'the run compared is a `chatload conform` report, the baseline a load run' : 'the baseline is a `chatload conform` report, the run compared a load run';
    refused.push({ field: 'conform', message: `${which}: conformance cases are not a load whose latencies or error rates compare` });
  }
  if ((before.sweep === undefined) !== (after.sweep === undefined)) {
    const which = after.sweep ? 'the run compared is a `chatload sweep` report, the baseline a single run' : 'the baseline is a `chatload sweep` report, the run compared a single run';
    refused.push({ field: 'sweep', message: `${which}: a sweep is compared with a sweep, by capacity` });
  }
  if (after.scenario.name !== before.scenario.name) warnings.push(`the runs come from different scenarios (${before.scenario.name} → ${after.scenario.name})`);
  if (after.conformance.profile !== before.conformance.profile) warnings.push(`the runs were checked with different profiles (${before.conformance.profile} → ${after.conformance.profile}): violation rates are not comparable`);
  if (after.target.url !== before.target.url) warnings.push(`the runs hit different targets (${displayTarget(before.target)} → ${displayTarget(after.target)})`);
  if (before.load.model === after.load.model && describeLoad(before.load) !== describeLoad(after.load)) warnings.push(`the runs were driven differently (${describeLoad(before.load)} → ${describeLoad(after.load)}): latency depends on the load`);
  if (before.load.timeoutMs !== after.load.timeoutMs) warnings.push(`the runs had different timeouts (${formatDuration(before.load.timeoutMs)} → ${formatDuration(after.load.timeoutMs)}): a timeout is timed at its limit`);
  if (before.partial) warnings.push('the baseline run was interrupted (partial): its figures cover what ran');
  if (after.partial) warnings.push('this run was interrupted (partial): its figures cover what ran');
  return { refused, warnings };
}
