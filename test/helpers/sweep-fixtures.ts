import { createLatencyHistogram, encodeHistogram } from '../../src/record/histogram.js';
import { latencyReport } from '../../src/report/build.js';
import type { RunReport } from '../../src/run-report.js';
import type { SweepLevel, SweepReport } from '../../src/sweep/types.js';
import { reportOf } from './reports.js';

/** A latency report of `n` values spread from `ms` to three times its tail (µs histogram, as recorded). */
function latencyOf(ms: number, n = 100) {
  const h = createLatencyHistogram();
  for (let i = 0; i < n; i++) h.recordValue(Math.round(ms * 1000 * (1 + (i >= 98 ? 1 : i / 200))));
  return latencyReport(encodeHistogram(h));
}

/** A level as a sweep records it: offered, achieved, its p50 about `ms`, and whether it passed. */
export function levelOf(index: number, offered: number, achieved: number, ms: number, pass: boolean, extra: Partial<SweepLevel> = {}): SweepLevel {
  const latency = latencyOf(ms);
  return {
    index,
    phase: 'step',
    offered,
    achieved,
    startedAtMs: index * 4000,
    durationMs: 4000,
    complete: true,
    saturated: !pass && achieved < offered * 0.9,
    pass,
    slos: [{ expression: 'p99<350ms', actual: latency.p99, ok: pass, message: `actual ${latency.p99}ms` }],
    totals: { requests: latency.count, responses: latency.count, transportErrors: 0, timeouts: 0, errors: 0, errorRate: 0, dropped: 0, late: 0 },
    status: { '201': latency.count },
    transportErrors: {},
    violating: 0,
    latency,
    serviceTime: latency,
    ...extra,
  };
}

/** A bracketed sweep of a 160/s target: 60, 120, 240 planned, then 180, 150, 165 bisected. */
export function sweepOf(overrides: Partial<SweepReport> = {}): SweepReport {
  const levels = [levelOf(0, 60, 60, 50, true), levelOf(1, 120, 120, 51, true), levelOf(2, 240, 160, 900, false), levelOf(3, 180, 160, 300, false, { phase: 'refine' }), levelOf(4, 150, 150, 55, true, { phase: 'refine' }), levelOf(5, 165, 160, 120, true, { phase: 'refine' })];
  return {
    slos: ['p99<350ms'],
    settings: { steps: 3, spacing: 'geometric', levelDurationMs: 3000, warmupMs: 1000, resolution: 0.05, minRate: 60, arrival: 'constant' },
    ceiling: { rate: 240, source: 'given' },
    levels,
    capacity: 165,
    bracket: { low: 165, high: 180 },
    knee: { offered: 150, achieved: 150, p99: 110 },
    ended: 'bracketed',
    conclusion: 'capacity 165/s under p99<350ms: the highest offered rate that met every SLO; 180/s did not (bracket 165/s … 180/s, 9.1 % wide)',
    ...overrides,
  };
}

/** A whole report carrying a sweep section. */
export function sweepReportOf(overrides: Partial<SweepReport> = {}): RunReport & { sweep: SweepReport } {
  return { ...reportOf([{ ms: 50 }, { ms: 60 }]), sweep: sweepOf(overrides) };
}
