import { bucketTimeline } from './charts/timeline-data.js';
import type { BaselineReport, RunReport } from '../run-report.js';

/**
 * What report.html draws of a baseline run, carried in report.json's `baseline`: its latency
 * (histogram included) for the percentile chart, and its p50/p99 over time, grouped to at most
 * as many points as the page draws (the worst window of each group). Pure.
 */
export function baselineDrawing(before: RunReport): Pick<BaselineReport, 'latency' | 'timeline'> {
  const { buckets } = bucketTimeline(Array.isArray(before.timeline) ? before.timeline : []);
  return {
    ...(before.latency?.count ? { latency: before.latency } : {}),
    timeline: buckets.map((b) => ({ t: b.t, p50: b.p50, p99: b.p99 })),
  };
}
