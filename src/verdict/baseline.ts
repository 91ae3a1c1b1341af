import { decodeHistogram } from '../record/histogram.js';
import type { BaselineMetric, BaselineReport, LatencyReport, RunReport } from '../run-report.js';
import { formatMs } from '../units.js';
import { percentileChangeInterval } from './bootstrap.js';
import { bucketsOf } from './buckets.js';
import { compareGroups, groupsWarning } from './baseline-groups.js';

export interface BaselineTolerance {
  /** A latency percentile may grow by this share of its old value … */
  relative: number;
  /** … and by this many ms, before it can fail. */
  absoluteMs: number;
  /** An error or violation rate may grow by this much (a fraction: 0.005 = 0.5 points). */
  rateAbsolute: number;
  confidence: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_TOLERANCE: BaselineTolerance = { relative: 0.1, absoluteMs: 5, rateAbsolute: 0.005, confidence: 0.95, iterations: 2000, seed: 1 };

export type PercentileKey = 'p50' | 'p90' | 'p99' | 'p999';
const PERCENTILES: [PercentileKey, number][] = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p999', 99.9],
];

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const signedMs = (ms: number) => `${ms >= 0 ? '+' : '−'}${formatMs(Math.abs(ms))}`;

function ratio(oldValue: number | null, newValue: number | null): number | null {
  return oldValue === null || newValue === null || oldValue === 0 ? null : round3((newValue - oldValue) / oldValue);
}

/**
 * A latency percentile fails only when its growth is beyond the tolerance (relative AND
 * absolute) and beyond the noise: the bootstrap interval of the change lies wholly above 0.
 */
export function comparePercentile(metric: PercentileKey, percentile: number, before: LatencyReport, after: LatencyReport, tol: BaselineTolerance): BaselineMetric {
  const oldMs = before.count ? before[metric] : null;
  const newMs = after.count ? after[metric] : null;
  const base = { metric, unit: 'ms' as const, old: oldMs, new: newMs, change: oldMs === null || newMs === null ? null : round3(newMs - oldMs), changeRatio: ratio(oldMs, newMs) };
  if (oldMs === null || newMs === null) return { ...base, verdict: 'info', note: 'no responses to compare' };
  const change = newMs - oldMs;
  const allowed = Math.max(oldMs * tol.relative, tol.absoluteMs);
  const beforeBuckets = bucketsOf(decodeHistogram(before.hdr));
  const afterBuckets = bucketsOf(decodeHistogram(after.hdr));
  const [lowUs, highUs] = percentileChangeInterval(beforeBuckets, afterBuckets, percentile, { iterations: tol.iterations, confidence: tol.confidence, seed: tol.seed });
  const ci: [number, number] = [round3(lowUs / 1000), round3(highUs / 1000)];
  const level = `${Math.round(tol.confidence * 100)}%`;
  if (change <= 0) return { ...base, ci, verdict: 'pass', ...(change < 0 ? { note: 'faster' } : {}) };
  if (change <= allowed) return { ...base, ci, verdict: 'pass', note: `within tolerance (${signedMs(allowed)} allowed)` };
  if (ci[0] <= 0) return { ...base, ci, verdict: 'pass', note: `within noise: the ${level} interval of the change (${signedMs(ci[0])} … ${signedMs(ci[1])}) includes 0` };
  return { ...base, ci, verdict: 'fail', note: `slower by ${signedMs(change)} (${signedMs(allowed)} allowed; ${level} interval ${signedMs(ci[0])} … ${signedMs(ci[1])})` };
}

/** A rate fails when it grew beyond the tolerance and beyond noise (two-proportion z-test). */
export function compareRate(metric: string, oldCount: number, oldTotal: number, newCount: number, newTotal: number, tol: BaselineTolerance): BaselineMetric {
  const oldRate = oldTotal ? oldCount / oldTotal : null;
  const newRate = newTotal ? newCount / newTotal : null;
  const base = { metric, unit: 'ratio' as const, old: oldRate, new: newRate, change: oldRate === null || newRate === null ? null : newRate - oldRate, changeRatio: ratio(oldRate, newRate) };
  if (oldRate === null || newRate === null) return { ...base, verdict: 'info', note: 'no requests to compare' };
  const change = newRate - oldRate;
  const pooled = (oldCount + newCount) / (oldTotal + newTotal);
  const z = 1.959964; // two-sided 95 %
  const noise = z * Math.sqrt(pooled * (1 - pooled) * (1 / oldTotal + 1 / newTotal));
  const points = (r: number) => `${+(r * 100).toFixed(3)} points`;
  if (change <= tol.rateAbsolute) return { ...base, verdict: 'pass', ...(change > 0 ? { note: `within tolerance (+${points(tol.rateAbsolute)} allowed)` } : {}) };
  if (change <= noise) return { ...base, verdict: 'pass', note: `within noise (±${points(noise)})` };
  return { ...base, verdict: 'fail', note: `up by ${points(change)} (+${points(tol.rateAbsolute)} allowed, noise ±${points(noise)})` };
}

/**
 * Two sweeps compare by capacity: a drop fails only beyond the two brackets — when the new
 * sweep's first failing rate lies below the old one's last passing rate, no noise within the
 * brackets can explain it. A sweep that found no capacity has dropped below any found one.
 */
export function compareCapacity(before: NonNullable<RunReport['sweep']>, after: NonNullable<RunReport['sweep']>): BaselineMetric {
  const oldCap = before.capacity;
  const newCap = after.capacity;
  const base = { metric: 'capacity', unit: 'rps' as const, old: oldCap, new: newCap, change: oldCap === null || newCap === null ? null : round3(newCap - oldCap), changeRatio: ratio(oldCap, newCap) };
  const range = (s: NonNullable<RunReport['sweep']>) => `${s.bracket.low ?? '-'} … ${s.bracket.high ?? '∞'}/s`;
  if (oldCap === null) return { ...base, verdict: 'info', note: 'the baseline sweep found no capacity: nothing to regress from' };
  if (newCap === null) return { ...base, verdict: 'fail', note: `no level met every SLO (${after.slos.join(', ')}), where the baseline held ${oldCap}/s` };
  if (after.bracket.high !== null && after.bracket.high <= oldCap) return { ...base, verdict: 'fail', note: `dropped beyond both brackets: ${after.bracket.high}/s failed, where the baseline met the SLOs at ${oldCap}/s (old ${range(before)}, new ${range(after)})` };
  if (newCap < oldCap) return { ...base, verdict: 'pass', note: `lower, but within the brackets (old ${range(before)}, new ${range(after)})` };
  return { ...base, verdict: 'pass', ...(newCap > oldCap ? { note: 'higher' } : {}) };
}

/** Compares a run with a baseline run. Pure (the bootstrap is seeded). */
export function compareReports(before: RunReport, after: RunReport, file: string, tolerance: Partial<BaselineTolerance> = {}): BaselineReport {
  const tol = { ...DEFAULT_TOLERANCE, ...tolerance };
  // A sweep's whole-run figures mix every level's load: two sweeps are compared by what they found.
  if (before.sweep && after.sweep) {
    const metrics = [compareCapacity(before.sweep, after.sweep)];
    if (before.sweep.slos.join(', ') !== after.sweep.slos.join(', ')) metrics[0] = { ...metrics[0]!, note: `${metrics[0]!.note ? `${metrics[0]!.note}; ` : ''}the SLOs differ (${before.sweep.slos.join(', ')} → ${after.sweep.slos.join(', ')})` };
    metrics.push(compareRate('violationRate', before.conformance.violating, before.conformance.checked, after.conformance.violating, after.conformance.checked, tol));
    return baselineReport(before, file, tol, metrics);
  }
  const metrics: BaselineMetric[] = PERCENTILES.map(([metric, percentile]) => comparePercentile(metric, percentile, before.latency, after.latency, tol));
  metrics.push(compareRate('errorRate', before.totals.errors, before.totals.requests, after.totals.errors, after.totals.requests, tol));
  metrics.push(compareRate('violationRate', before.conformance.violating, before.conformance.checked, after.conformance.violating, after.conformance.checked, tol));
  const rps = { old: before.totals.rps, new: after.totals.rps };
  metrics.push({ metric: 'rps', unit: 'rps', ...rps, change: round3(rps.new - rps.old), changeRatio: ratio(rps.old, rps.new), verdict: 'info', note: 'throughput follows the load settings; shown, not gated' });
  metrics.push(...compareGroups(before, after, tol));
  const warning = groupsWarning(before, after);
  return baselineReport(before, file, tol, metrics, warning ? [warning] : []);
}

/** The comparison as report.json keeps it: failed when any metric failed. */
function baselineReport(before: RunReport, file: string, tol: BaselineTolerance, metrics: BaselineMetric[], warnings: string[] = []): BaselineReport {
  return {
    file,
    scenario: before.scenario.name,
    startedAt: before.startedAt,
    tolerance: { relative: tol.relative, absoluteMs: tol.absoluteMs, rateAbsolute: tol.rateAbsolute, confidence: tol.confidence, iterations: tol.iterations },
    metrics,
    verdict: metrics.some((m) => m.verdict === 'fail') ? 'fail' : 'pass',
    ...(warnings.length ? { warnings } : {}),
  };
}
