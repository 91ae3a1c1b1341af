import { describe, expect, it } from 'vitest';
import { parseMockConfig } from '../../../src/mock/config-file.js';
import { checkComparable, checkMergeInputs } from '../../../src/report/check-alike.js';
import { checkReportInvariants } from '../../../src/report/check-invariants.js';
import { describeSweepPlan, levelsBudget } from '../../../src/sweep/plan-text.js';
import { parseSweepFlags } from '../../../src/sweep/settings.js';
import { compareReports } from '../../../src/verdict/baseline.js';
import { applyGate } from '../../../src/verdict/gate.js';
import { evaluateThresholds, parseThreshold, type Threshold } from '../../../src/verdict/thresholds.js';
import { reportOf } from '../../helpers/reports.js';
import { sweepReportOf } from '../../helpers/sweep-fixtures.js';

const threshold = (expression: string) => parseThreshold(expression, { file: 'f', field: 'x' }) as Threshold;

describe('the capacity threshold', () => {
  it("gates on a sweep's capacity; no capacity fails a lower bound; a single run has none", () => {
    expect(threshold('capacity>=150').metric).toEqual({ kind: 'capacity' });
    expect(evaluateThresholds([threshold('capacity>=150')], sweepReportOf())).toEqual([{ expression: 'capacity>=150', actual: 165, ok: true, message: 'actual 165/s' }]);
    expect(evaluateThresholds([threshold('capacity>=200')], sweepReportOf())[0]!.ok).toBe(false);
    expect(evaluateThresholds([threshold('capacity>=1')], sweepReportOf({ capacity: null }))[0]).toMatchObject({ ok: false, message: 'no level met every SLO (p99<350ms)' });
    expect(evaluateThresholds([threshold('capacity>=1')], reportOf([{ ms: 5 }]))[0]).toMatchObject({ ok: false, message: 'not a sweep: capacity is measured by chatload sweep' });
    expect(parseThreshold('capacity>=fast', { file: 'f', field: 'x' })).toMatchObject({ fix: 'write a plain number, e.g. capacity>=150 (requests per second)' });
  });
  it('a sweep that found no capacity fails its verdict, saying so', () => {
    const gated = applyGate(sweepReportOf({ capacity: null, ended: 'none-met', conclusion: 'no level met every SLO (p99<350ms), down to 60/s' }), [], null);
    expect(gated.verdict).toBe('fail');
    expect(gated.verdictReasons).toEqual(['no level met every SLO (p99<350ms), down to 60/s']);
    expect(applyGate(sweepReportOf(), [], null).verdict).toBe('pass');
  });
});

describe('compare on two sweeps: capacities and their brackets', () => {
  const capacityOf = (before: ReturnType<typeof sweepReportOf>, after: ReturnType<typeof sweepReportOf>) => compareReports(before, after, 'old.json').metrics.find((m) => m.metric === 'capacity')!;
  it('a drop beyond both brackets is a regression; within them it is not', () => {
    const old = sweepReportOf();
    expect(capacityOf(old, sweepReportOf({ capacity: 120, bracket: { low: 120, high: 150 } }))).toMatchObject({ verdict: 'fail', old: 165, new: 120 });
    expect(capacityOf(old, sweepReportOf({ capacity: 160, bracket: { low: 160, high: 170 } }))).toMatchObject({ verdict: 'pass', note: 'lower, but within the brackets (old 165 … 180/s, new 160 … 170/s)' });
    expect(capacityOf(old, sweepReportOf({ capacity: null, bracket: { low: null, high: 60 } })).verdict).toBe('fail');
    expect(compareReports(old, sweepReportOf({ capacity: 120, bracket: { low: 120, high: 150 } }), 'old.json').metrics.map((m) => m.metric)).toEqual(['capacity', 'violationRate']);
  });
  it('refuses to merge sweeps: their levels ran one after another, not side by side', () => {
    const read = (label: string) => ({ file: `${label}.json`, label, report: sweepReportOf() });
    expect(checkMergeInputs([read('A'), read('B')]).refused.map((p) => p.field)).toContain('A: sweep');
  });
  it('refuses to compare a sweep with a single run', () => {
    const shape = (r: ReturnType<typeof reportOf>) => ({ ...r, conformance: { profile: r.conformance.profile } });
    expect(checkComparable(shape(sweepReportOf()), shape(reportOf([{ ms: 5 }]))).refused.map((r) => r.field)).toEqual(['sweep']);
  });
});

describe("a sweep report read back: its levels' histograms are checked", () => {
  it('a corrupted level hdr, or a figure that is not its histogram', () => {
    const report = JSON.parse(JSON.stringify(sweepReportOf())) as ReturnType<typeof sweepReportOf>;
    expect(checkReportInvariants(report, 'r.json').filter((p) => p.field.startsWith('sweep'))).toEqual([]);
    report.sweep.levels[1]!.latency.hdr = 'not-an-hdr';
    report.sweep.levels[2]!.serviceTime = { ...report.sweep.levels[2]!.serviceTime, p99: 1 };
    expect(checkReportInvariants(report, 'r.json').filter((p) => p.field.startsWith('sweep')).map((p) => p.field)).toEqual(['sweep.levels[1].latency.hdr', 'sweep.levels[2].serviceTime.p99']);
  });
});

describe('the sweep plan before anything is sent', () => {
  it('with a ceiling given, the request budget is known: the levels and the bisection at most', () => {
    const settings = parseSweepFlags({ slos: ['p99<2s'], ceiling: 100, steps: 2, minRate: 50, levelDuration: '10s', warmup: '0s' });
    // 50/s and 100/s for 10 s; the bisection of a 100 % gap to 5 %: at most 6 levels at up to 100/s.
    expect(levelsBudget(settings, 100)).toEqual({ steps: 1500, refine: 6000, total: 7500, rates: [50, 100] });
    const text = describeSweepPlan({ target: 'https://api.example.com', settings, concurrency: 64, timeoutMs: 10_000, cap: 10_000 });
    expect(text).toContain('  requests   at most 7,500: 1,500 in the levels, up to 6,000 in the bisection (cap 10,000 across every level; raise it with --max-requests)');
    expect(text).toContain('  target     https://api.example.com/v1/chats');
  });
  it('without one, the ceiling run comes first and the budget is bounded by the cap', () => {
    const text = describeSweepPlan({ target: 'mock', settings: parseSweepFlags({ slos: ['p99<2s'] }), concurrency: 64, timeoutMs: 10_000, cap: undefined });
    expect(text).toContain('  ceiling    measured first: a closed-model run of 64 virtual users, 5s warm-up + 10s (or give --ceiling N)');
    expect(text).toContain('  levels     8 geometric levels up to the ceiling, 5s warm-up + 30s each; then bisection to 5 %');
  });
});

describe('mock.capacity in a mock config', () => {
  it('takes { slots: N }; refuses 0 and unknown fields', () => {
    const ok = parseMockConfig('capacity: { slots: 32 }\nlatency: 100ms\n', 'mock.yaml');
    expect(ok).toMatchObject({ ok: true, value: { capacity: { slots: 32 }, latency: { kind: 'fixed', ms: 100 } } });
    const bad = parseMockConfig('capacity: { slots: 0, queue: 5 }\n', 'mock.yaml');
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('capacity');
  });
});
