import { InputError } from '../errors.js';
import type { LatencyReport, RunReport } from '../run-report.js';

/** What a run measured, so only like is compared with like: load runs (`run`, `merge`), conformance cases, sweeps. */
export type HistoryKind = 'load' | 'conform' | 'sweep';

/** Runs of one series are comparable: the same scenario, against the same target, of the same kind and shard. */
export interface SeriesKey {
  scenario: string;
  /** The target URL without credentials, query or fragment ("mock" for the embedded mock). */
  target: string;
  kind: HistoryKind;
  /** "i/n" for one shard of a sharded run; null for a whole run (or a merge of shards). */
  shard: string | null;
}

export interface LatencyFigures {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  mean: number | null;
}

/** One run as the history lists it: its summary, without the histograms and the full report. */
export interface HistoryRun extends SeriesKey {
  id: number;
  recordedAt: string;
  /** The command that wrote it: run, merge, conform, sweep. */
  command: string;
  scenarioFile: string;
  targetKind: 'mock' | 'remote';
  profile: string;
  commit: string | null;
  branch: string | null;
  tags: Record<string, string>;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  partial: boolean;
  requests: number;
  responses: number;
  errors: number;
  errorRate: number;
  transportErrors: number;
  timeouts: number;
  dropped: number;
  late: number;
  rps: number;
  checked: number;
  violating: number;
  latency: LatencyFigures;
  /** A sweep's capacity (highest rate that met every SLO), when the report has one. */
  capacity: number | null;
  verdict: 'pass' | 'fail';
  /** The folder the run's report files were written to. */
  reportDir: string | null;
  statuses: Record<string, number>;
  rules: Record<string, number>;
}

/** What is inserted for one run: its summary, its HDR histograms by name, and the rest of report.json. */
export interface HistoryEntry extends Omit<HistoryRun, 'id'> {
  histograms: Record<string, string>;
  /** report.json with the histograms above taken out (they are stored once, in their own table). */
  report: string;
}

export interface EntryContext {
  command: string;
  recordedAt: string;
  commit: string | null;
  branch: string | null;
  tags: Record<string, string>;
  reportDir: string | null;
}

/** The password a URL carries, as typed and decoded, so it can be redacted wherever else it appears. */
export function urlSecrets(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password ? [...new Set([password, decodeURIComponent(password)])] : [];
  } catch {
    return [];
  }
}

/** The target as the history keeps it: never the credentials a URL may carry, nor a query that may hold a key. */
export function targetForHistory(url: string): string {
  if (url === 'mock') return url;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

export function kindOf(report: RunReport): HistoryKind {
  if (report.conform !== undefined) return 'conform';
  return 'sweep' in report ? 'sweep' : 'load';
}

/** A sweep report's capacity. The sweep section is not part of this report type yet, hence the narrow look. */
function capacityOf(report: RunReport): number | null {
  const sweep = (report as { sweep?: { capacity?: unknown } }).sweep;
  return typeof sweep?.capacity === 'number' && Number.isFinite(sweep.capacity) ? sweep.capacity : null;
}

export function seriesOf(report: RunReport): SeriesKey {
  return {
    scenario: report.scenario.name,
    target: targetForHistory(report.target.url),
    kind: kindOf(report),
    shard: report.shard ? `${report.shard.index}/${report.shard.count}` : null,
  };
}

const HISTOGRAM_CLASS_PREFIX = 'latencyByStatusClass.';

/** Takes the top-level HDR histograms out of a report (by name), leaving the rest, its target without credentials. Pure. */
export function splitHistograms(report: RunReport): { rest: RunReport; histograms: Record<string, string> } {
  const histograms: Record<string, string> = {};
  const strip = (name: string, latency: LatencyReport): LatencyReport => {
    histograms[name] = latency.hdr;
    const { hdr: _hdr, ...figures } = latency;
    return figures as LatencyReport;
  };
  const rest: RunReport = {
    ...report,
    target: { ...report.target, url: targetForHistory(report.target.url) },
    latency: strip('latency', report.latency),
    serviceTime: strip('serviceTime', report.serviceTime),
    latencyByStatusClass: Object.fromEntries(Object.entries(report.latencyByStatusClass).map(([cls, l]) => [cls, strip(`${HISTOGRAM_CLASS_PREFIX}${cls}`, l)])),
    ...(report.goodLatency ? { goodLatency: strip('goodLatency', report.goodLatency) } : {}),
  };
  return { rest, histograms };
}

/** Puts the histograms back: the report.json as it was written. Pure. */
export function joinHistograms(rest: RunReport, histograms: Record<string, string>): RunReport {
  const put = (name: string, latency: LatencyReport): LatencyReport => (histograms[name] === undefined ? latency : { ...latency, hdr: histograms[name] });
  return {
    ...rest,
    latency: put('latency', rest.latency),
    serviceTime: put('serviceTime', rest.serviceTime),
    latencyByStatusClass: Object.fromEntries(Object.entries(rest.latencyByStatusClass).map(([cls, l]) => [cls, put(`${HISTOGRAM_CLASS_PREFIX}${cls}`, l)])),
    ...(rest.goodLatency ? { goodLatency: put('goodLatency', rest.goodLatency) } : {}),
  };
}

/**
 * The history entry of a written report. `reportJson` is the report as written (secrets already
 * redacted); the summary columns are read from it, so nothing reaches the database that the
 * report file does not hold. Pure.
 */
export function historyEntry(reportJson: string, context: EntryContext): HistoryEntry {
  const report = JSON.parse(reportJson) as RunReport;
  const { rest, histograms } = splitHistograms(report);
  const l = report.latency;
  return {
    ...seriesOf(report),
    recordedAt: context.recordedAt,
    command: context.command,
    scenarioFile: report.scenario.file,
    targetKind: report.target.kind,
    profile: report.conformance.profile,
    commit: context.commit,
    branch: context.branch,
    tags: context.tags,
    startedAt: report.startedAt,
    endedAt: report.endedAt,
    durationMs: report.durationMs,
    partial: report.partial,
    requests: report.totals.requests,
    responses: report.totals.responses,
    errors: report.totals.errors,
    errorRate: report.totals.errorRate,
    transportErrors: report.totals.transportErrors,
    timeouts: report.totals.timeouts,
    dropped: report.totals.dropped,
    late: report.totals.late,
    rps: report.totals.rps,
    checked: report.conformance.checked,
    violating: report.conformance.violating,
    latency: { p50: l.p50, p90: l.p90, p95: l.p95, p99: l.p99, p999: l.p999, max: l.max, mean: l.mean },
    capacity: capacityOf(report),
    verdict: report.verdict,
    reportDir: context.reportDir,
    statuses: report.status,
    rules: Object.fromEntries(Object.entries(report.conformance.byRule).filter((e): e is [string, number] => typeof e[1] === 'number')),
    histograms,
    report: JSON.stringify(rest),
  };
}

const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

/** `--tag key=value` (repeatable) as a map; a malformed or repeated key is bad input. Pure. */
export function parseTags(tags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const at = tag.indexOf('=');
    const key = at < 0 ? tag : tag.slice(0, at).trim();
    if (at < 0 || !TAG_KEY.test(key)) {
      throw InputError.single('(command line)', '--tag', `"${tag}" is not key=value`, 'write --tag key=value with a key of letters, digits and . _ - : /, e.g. --tag release=1.4.2');
    }
    if (key in out) throw InputError.single('(command line)', '--tag', `"${key}" is given twice`, 'give each tag key once');
    out[key] = tag.slice(at + 1).trim();
  }
  return out;
}
