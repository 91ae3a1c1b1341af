import type { CommandIo } from '../../src/commands/io.js';
import { parseExposition, sampleKey, sumOf, type Exposition } from './exposition.js';
import type { RunReport } from '../../src/run-report.js';

/** An io that keeps what was written, and can wait for a line. */
export function captureIo(): CommandIo & { text: () => string; waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray> } {
  let text = '';
  return {
    out: (t) => (text += t),
    err: (t) => (text += t),
    isTty: false,
    text: () => text,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export const METRICS_URL = /live metrics at (http:\/\/\S+\/metrics)/;
export const LINGERING = /metrics stay up at/;

export async function scrape(url: string): Promise<Exposition> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return parseExposition(await response.text());
}

/** The exposition's counters as report.json puts them, to compare the two whole. */
export function countsOf(e: Exposition) {
  const byStatus: Record<string, number> = {};
  for (const [key, value] of e.samples) {
    const m = /^chatload_requests_total\{agent="[^"]*",status="([^"]*)"\}$/.exec(key);
    if (m && value > 0) byStatus[m[1]!] = (byStatus[m[1]!] ?? 0) + value;
  }
  const byRule: Record<string, number> = {};
  for (const [key, value] of e.samples) {
    const m = /^chatload_violations_total\{rule="([^"]*)"\}$/.exec(key);
    if (m && value > 0) byRule[m[1]!] = value;
  }
  return {
    requests: sumOf(e, 'chatload_requests_total'),
    byStatus,
    byRule,
    timed: e.samples.get('chatload_latency_seconds_count'),
    timedInf: e.samples.get(sampleKey('chatload_latency_seconds_bucket', { le: '+Inf' })),
    serviceTimed: e.samples.get('chatload_service_seconds_count'),
    late: e.samples.get('chatload_late_total'),
    dropped: e.samples.get('chatload_dropped_total'),
    warmup: e.samples.get('chatload_warmup_requests_total'),
    inFlight: e.samples.get('chatload_in_flight'),
  };
}

/** The same figures from report.json. */
export function reportCounts(report: RunReport) {
  const byRule = Object.fromEntries(Object.entries(report.conformance.byRule).filter(([, n]) => (n ?? 0) > 0));
  return {
    requests: report.totals.requests,
    byStatus: { ...report.status, ...report.transportErrors },
    byRule,
    timed: report.latency.count,
    timedInf: report.latency.count,
    serviceTimed: report.serviceTime.count,
    late: report.totals.late,
    dropped: report.totals.dropped,
    warmup: report.warmup?.totals.requests ?? 0,
    inFlight: 0,
  };
}
