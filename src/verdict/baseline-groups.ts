import type { BaselineMetric, GroupReport, RunReport } from '../run-report.js';
import type { BaselineTolerance, PercentileKey } from './baseline.js';
import { comparePercentile, compareRate } from './baseline.js';
import type { GroupKey } from './selectors.js';

/** A percentile is judged when at least this many samples lie beyond it in each run (p50: 20 answers, p99: 1,000). */
export const MIN_TAIL_SAMPLES = 10;
/** A rate is judged when each run sent the group at least this many requests. */
export const MIN_GROUP_REQUESTS = 30;

const GROUP_PERCENTILES: [PercentileKey, number][] = [
  ['p50', 50],
  ['p99', 99],
];

const int = (n: number) => n.toLocaleString('en-US');

/** Samples a percentile needs in each run to be judged. */
export function samplesNeeded(percentile: number): number {
  return Math.ceil(MIN_TAIL_SAMPLES / (1 - percentile / 100));
}

function tooSmall(metric: string, unit: BaselineMetric['unit'], group: BaselineMetric['group'], note: string): BaselineMetric {
  return { metric, unit, old: null, new: null, change: null, changeRatio: null, verdict: 'info', note, group, tooSmall: true };
}

function compareGroup(key: GroupKey, value: string, before: GroupReport | undefined, after: GroupReport | undefined, tol: BaselineTolerance): BaselineMetric[] {
  const group = { key, value };
  const named = (metric: string) => `${metric}{${key}=${value}}`;
  const metrics: BaselineMetric[] = [];
  for (const [name, percentile] of GROUP_PERCENTILES) {
    const needed = samplesNeeded(percentile);
    const counts = [before?.latency.count ?? 0, after?.latency.count ?? 0];
    if (!before || !after || counts.some((n) => n < needed)) {
      const why = !before ? 'not in the baseline' : !after ? 'not in this run' : `${int(counts[0]!)} and ${int(counts[1]!)} timed answers`;
      metrics.push(tooSmall(named(name), 'ms', group, `too small to judge: ${why} (${name} needs ${int(needed)} in each)`));
      continue;
    }
    metrics.push({ ...comparePercentile(name, percentile, before.latency, after.latency, tol), metric: named(name), group });
  }
  const rates: [string, (g: GroupReport) => [number, number]][] = [
    ['errorRate', (g) => [g.totals.errors, g.totals.requests - (g.totals.generatorErrors ?? 0)]],
    ['violationRate', (g) => [g.conformance.violating, g.conformance.checked]],
  ];
  for (const [name, pick] of rates) {
    const totals = [before ? pick(before)[1] : 0, after ? pick(after)[1] : 0];
    if (!before || !after || totals.some((n) => n < MIN_GROUP_REQUESTS)) {
      const why = !before ? 'not in the baseline' : !after ? 'not in this run' : `${int(totals[0]!)} and ${int(totals[1]!)} requests`;
      metrics.push(tooSmall(named(name), 'ratio', group, `too small to judge: ${why} (needs ${MIN_GROUP_REQUESTS} in each)`));
      continue;
    }
    const [oldCount, oldTotal] = pick(before);
    const [newCount, newTotal] = pick(after);
    metrics.push({ ...compareRate(named(name), oldCount, oldTotal, newCount, newTotal, tol), group });
  }
  return metrics;
}

/**
 * The baseline comparison per agent and per turn: the same tests as the whole run's (bootstrap of
 * p50 and p99, two-proportion test of the error and violation rates) on each group both runs have
 * enough samples of. A group too small in either run, or in one run only, is named as such
 * (`tooSmall`, verdict info), never passed. Pure (the bootstrap is seeded).
 */
export function compareGroups(before: RunReport, after: RunReport, tol: BaselineTolerance): BaselineMetric[] {
  if (!before.breakdown || !after.breakdown) return [];
  const metrics: BaselineMetric[] = [];
  for (const key of ['agent', 'turn'] as const) {
    const old = before.breakdown[key];
    const current = after.breakdown[key];
    const names = [...new Set([...Object.keys(current), ...Object.keys(old)])];
    // One group in both runs (one agent, or one turn) is the whole run again: compared above already.
    if (names.length === 1 && old[names[0]!] && current[names[0]!]) continue;
    for (const name of names) metrics.push(...compareGroup(key, name, old[name], current[name], tol));
  }
  return metrics;
}

/** Why groups were not compared, when one report has a breakdown and the other none. */
export function groupsWarning(before: RunReport, after: RunReport): string | undefined {
  if (!before.breakdown === !after.breakdown) return undefined;
  return `${before.breakdown ? 'this run' : 'the baseline'} has no breakdown by agent and turn (written by an older chatload): only the whole run is compared`;
}
