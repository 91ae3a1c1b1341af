import { relative, sep } from 'node:path';
import { decodeHistogram } from '../record/histogram.js';
import type { RunReport } from '../run-report.js';
import { compareReports, DEFAULT_TOLERANCE } from '../verdict/baseline.js';
import { percentileInterval } from '../verdict/bootstrap.js';
import { bucketsOf } from '../verdict/buckets.js';
import type { HistoryRun, SeriesKey } from './record.js';
import { TREND_METRICS, type TrendMetric } from './trend-metrics.js';

export { TREND_METRICS, type TrendMetric };

const PERCENTILE_OF: Record<TrendMetric, number> = { p50: 50, p90: 90, p99: 99, p999: 99.9 };

/** A latency percentile of one run and its bootstrap confidence interval (its noise), in ms. */
export interface TrendEstimate {
  ms: number | null;
  low: number | null;
  high: number | null;
}

export interface TrendPoint {
  run: number;
  startedAt: string;
  command: string;
  commit: string | null;
  branch: string | null;
  tags: Record<string, string>;
  verdict: 'pass' | 'fail';
  partial: boolean;
  requests: number;
  p50: TrendEstimate;
  /** The percentile asked for with --metric (default p99). */
  metric: TrendEstimate;
  /** Share of requests that failed, with its 95 % Wilson interval. */
  errorRate: { value: number; low: number; high: number };
  rps: number;
  capacity: number | null;
  /** The run this one is compared with: the previous passing, complete run of the series (null for the first). */
  comparedWith: number | null;
  /** What regressed against it, by the baseline comparison `run --baseline history:last-pass` makes. */
  regressions: { metric: string; note: string }[];
  /** The run's report.html, relative to the trend page; null when its folder is not known. */
  report: string | null;
}

export interface TrendSeries extends SeriesKey {
  points: TrendPoint[];
}

export interface TrendReport {
  metric: TrendMetric;
  confidence: number;
  runs: number;
  series: TrendSeries[];
}

export interface TrendOptions {
  metric: TrendMetric;
  /** The folder the trend page goes to, absolute: links to the reports are relative to it. */
  outDir: string;
  /** Bootstrap replicates per interval (default: the baseline comparison's). */
  iterations?: number;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** 95 % Wilson score interval of k failures in n. */
export function wilsonInterval(k: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const z = 1.959964;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function estimate(report: RunReport, metric: TrendMetric, iterations: number): TrendEstimate {
  const latency = report.latency;
  const ms = latency.count ? latency[metric] : null;
  if (ms === null || !latency.hdr) return { ms, low: null, high: null };
  const [low, high] = percentileInterval(bucketsOf(decodeHistogram(latency.hdr)), PERCENTILE_OF[metric], { iterations, confidence: DEFAULT_TOLERANCE.confidence, seed: DEFAULT_TOLERANCE.seed });
  return { ms, low: round3(low / 1000), high: round3(high / 1000) };
}

function reportHref(run: HistoryRun, outDir: string): string | null {
  if (!run.reportDir) return null;
  const path = relative(outDir, `${run.reportDir}${sep}report.html`).split(sep).join('/');
  return path.split('/').map(encodeURIComponent).join('/');
}

const seriesId = (s: SeriesKey) => JSON.stringify([s.scenario, s.target, s.kind, s.shard]);

/**
 * The trend of stored runs, one series per scenario, target, kind and shard, oldest run first:
 * p50 and the chosen percentile with their bootstrap intervals, the error rate with its interval,
 * throughput and capacity, and each run compared with the previous passing run of its series.
 * Pure: the same runs give the same trend.
 */
export function computeTrend(runs: readonly { run: HistoryRun; report: RunReport }[], options: TrendOptions): TrendReport {
  const iterations = options.iterations ?? DEFAULT_TOLERANCE.iterations;
  const ordered = [...runs].sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt) || a.run.id - b.run.id);
  const series = new Map<string, TrendSeries>();
  const lastPass = new Map<string, { run: HistoryRun; report: RunReport }>();
  for (const stored of ordered) {
    const { run, report } = stored;
    const id = seriesId(run);
    let entry = series.get(id);
    if (!entry) series.set(id, (entry = { scenario: run.scenario, target: run.target, kind: run.kind, shard: run.shard, points: [] }));
    const before = lastPass.get(id);
    const comparison = before ? compareReports(before.report, report, `run ${before.run.id}`) : null;
    const [low, high] = wilsonInterval(run.errors, run.requests);
    entry.points.push({
      run: run.id,
      startedAt: run.startedAt,
      command: run.command,
      commit: run.commit,
      branch: run.branch,
      tags: run.tags,
      verdict: run.verdict,
      partial: run.partial,
      requests: run.requests,
      p50: estimate(report, 'p50', iterations),
      metric: estimate(report, options.metric, iterations),
      errorRate: { value: run.errorRate, low: round3(low * 1e6) / 1e6, high: round3(high * 1e6) / 1e6 },
      rps: run.rps,
      capacity: run.capacity,
      comparedWith: before?.run.id ?? null,
      regressions: (comparison?.metrics ?? []).filter((m) => m.verdict === 'fail').map((m) => ({ metric: m.metric, note: m.note ?? '' })),
      report: reportHref(run, options.outDir),
    });
    if (run.verdict === 'pass' && !run.partial) lastPass.set(id, stored);
  }
  return { metric: options.metric, confidence: DEFAULT_TOLERANCE.confidence, runs: ordered.length, series: [...series.values()] };
}
