import { InputError } from '../errors.js';
import { mergeStates } from '../record/merge.js';
import { buildReport } from '../report/build.js';
import { stateFromReport } from '../report/merge-reports.js';
import type { RunReport } from '../run-report.js';

export const HISTORY_BASELINE_PREFIX = 'history:';

/** `history:last-pass`: the newest passing run; `history:median:N`: the HDR sum of the newest N passing runs. */
export type HistoryBaselineSpec = { kind: 'last-pass' } | { kind: 'median'; runs: number };

const MAX_RUNS = 100;

export function isHistoryBaseline(text: string): boolean {
  return text.startsWith(HISTORY_BASELINE_PREFIX);
}

/**
 * Parses `history:…` given as `argument` (`--baseline` on `run`, `BASELINE` on `compare`); anything
 * else after the prefix is bad input naming the forms. Pure.
 */
export function parseHistoryBaseline(text: string, argument = '--baseline'): HistoryBaselineSpec {
  const rest = text.slice(HISTORY_BASELINE_PREFIX.length);
  if (rest === 'last-pass') return { kind: 'last-pass' };
  const median = /^median:(\d+)$/.exec(rest);
  if (median && Number(median[1]) >= 1 && Number(median[1]) <= MAX_RUNS) return { kind: 'median', runs: Number(median[1]) };
  throw InputError.single('(command line)', argument, `"${text}" is not a history baseline`, `write history:last-pass or history:median:N with N from 1 to ${MAX_RUNS}, e.g. history:median:5`);
}

/**
 * One baseline from several runs of the same test: their HDR histograms added bucket by bucket
 * and their counts summed (the shards' merge, applied to runs one after another), so a percentile
 * is the percentile of every response of those runs together and no single noisy run decides it.
 * Durations add up, so rps is their mean throughput. Pure.
 */
export function sumOfRuns(reports: readonly RunReport[]): RunReport {
  if (reports.length === 0) throw new Error('no runs to sum');
  if (reports.length === 1) return reports[0]!;
  const first = reports[0]!;
  // Windows of different runs do not line up in time: the sum keeps no timeline.
  const states = reports.map((r) => ({ ...stateFromReport(r), windowMs: 1000, timeline: [] }));
  return buildReport(mergeStates(states, 5, first.seed), {
    tool: first.tool,
    scenario: first.scenario,
    target: first.target,
    load: first.load,
    profile: first.conformance.profile,
    seed: first.seed,
    startedAtEpochMs: Math.min(...reports.map((r) => Date.parse(r.startedAt))),
    endedAtEpochMs: Math.max(...reports.map((r) => Date.parse(r.endedAt))),
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    dropped: reports.reduce((sum, r) => sum + r.totals.dropped, 0),
    late: reports.reduce((sum, r) => sum + r.totals.late, 0),
    partial: false,
  });
}
