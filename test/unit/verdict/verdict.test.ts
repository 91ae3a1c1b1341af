import { describe, expect, it } from 'vitest';
import type { BaselineReport } from '../../../src/run-report.js';
import { decideVerdict, ruleViolationsOf } from '../../../src/verdict/verdict.js';
import { applyGate } from '../../../src/verdict/gate.js';
import { parseThresholds } from '../../../src/verdict/thresholds.js';
import { warmupReport } from '../../helpers/report-fixtures.js';
import { reportOf } from '../../helpers/reports.js';

const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);
const clean = () => reportOf(times(20, { ms: 10 }));

function baseline(metrics: BaselineReport['metrics']): BaselineReport {
  return { file: 'old/report.json', scenario: 's', startedAt: '2025-01-01T00:00:00Z', tolerance: { relative: 0.1, absoluteMs: 5, rateAbsolute: 0.01, confidence: 0.95, iterations: 2000 }, metrics, verdict: metrics.some((m) => m.verdict === 'fail') ? 'fail' : 'pass' };
}

describe('decideVerdict', () => {
  it('passes a run where every exchange met the contract and nothing else was said, with no reason', () => {
    expect(decideVerdict(clean(), [])).toEqual({ verdict: 'pass', reasons: [] });
    expect(decideVerdict(clean(), [{ expression: 'p99<1s', actual: 10, ok: true }], baseline([{ metric: 'p99', unit: 'ms', old: 10, new: 10, change: 0, changeRatio: 0, verdict: 'pass' }, { metric: 'rps', unit: 'rps', old: 1, new: 9, change: 8, changeRatio: 8, verdict: 'info' }]))).toEqual({ verdict: 'pass', reasons: [] });
  });

  it('counts one rule violation in the singular and several in the plural', () => {
    expect(decideVerdict(reportOf([...times(9, { ms: 10 }), { ms: 10, fault: 'bad-enum' as const }]), []).reasons).toEqual(['1 of 10 exchanges broke the contract: 1 rule violation (body-schema 1)']);
    expect(decideVerdict(reportOf([{ ms: 10 }, { ms: 10, fault: ['bad-enum' as const, 'missing-field' as const] }]), []).reasons).toEqual(['1 of 2 exchanges broke the contract: 2 rule violations (body-schema 1, fields-present 1)']);
  });

  it('fails on a warm-up violation even when the measured part is clean, in the singular too', () => {
    const report = warmupReport([], { resets: 0 });
    expect(decideVerdict(report, []).reasons).toEqual(['2 of 100 warm-up exchanges broke the contract: 2 rule violations (transport 1, status-declared 1)']);
    const one = { ...report, warmup: { ...report.warmup!, conformance: { ...report.warmup!.conformance, violating: 1, byRule: { 'status-declared': 1 } } } };
    expect(decideVerdict(one, []).reasons).toEqual(['1 of 100 warm-up exchanges broke the contract: 1 rule violation (status-declared 1)']);
  });

  it('names each failed threshold with its message, its actual value, or nothing when there is none', () => {
    const { reasons } = decideVerdict(clean(), [
      { expression: 'p99<5ms', actual: 10, ok: false, message: 'actual 10 ms' },
      { expression: 'p50<5ms', actual: 10, ok: false },
      { expression: '5xx.p99<1ms', actual: null, ok: false },
      { expression: 'max<1s', actual: 10, ok: true },
    ]);
    expect(reasons).toEqual(['threshold p99<5ms failed (actual 10 ms)', 'threshold p50<5ms failed (actual 10)', 'threshold 5xx.p99<1ms failed']);
  });

  it('names each regressed baseline metric with its note, or old → new', () => {
    const { verdict, reasons } = decideVerdict(clean(), [], baseline([
      { metric: 'p99', unit: 'ms', old: 10, new: 20, change: 10, changeRatio: 1, verdict: 'fail', note: '+10 ms, past the tolerance' },
      { metric: 'errorRate', unit: 'ratio', old: 0, new: 0.5, change: 0.5, changeRatio: null, verdict: 'fail' },
      { metric: 'p50', unit: 'ms', old: 10, new: 11, change: 1, changeRatio: 0.1, verdict: 'pass' },
    ]));
    expect(verdict).toBe('fail');
    expect(reasons).toEqual(['p99 regressed against the baseline: +10 ms, past the tolerance', 'errorRate regressed against the baseline: 0 → 0.5']);
  });

  it('says the generator was the bottleneck when requests failed on this machine', () => {
    const report = clean();
    const { reasons } = decideVerdict({ ...report, totals: { ...report.totals, generatorErrors: 3, requests: 23 } }, []);
    expect(reasons).toEqual(['the load generator was the bottleneck: 3 of 23 requests failed on this machine before reaching the target (out of file descriptors or local ports; raise ulimit -n or lower the load)']);
  });

  it('fails a run that sent nothing, or measured nothing after its warm-up', () => {
    const empty = reportOf([]);
    expect(decideVerdict(empty, [])).toEqual({ verdict: 'fail', reasons: ['no request was sent'] });
    const warm = warmupReport([], { resets: 0 });
    const allWarm = { ...empty, warmup: { ...warm.warmup!, conformance: { ...warm.warmup!.conformance, violating: 0, byRule: {} } } };
    expect(decideVerdict(allWarm, []).reasons).toEqual(['every request fell in the warm-up: nothing was measured']);
  });

  it('says why the figures are partial: an error that stopped the run, or an interrupt', () => {
    expect(decideVerdict({ ...clean(), partial: true, stoppedBy: 'checker blew up' }, []).reasons).toEqual(['the run stopped early after an error: checker blew up']);
    expect(decideVerdict({ ...clean(), partial: true }, []).reasons).toEqual(['the run was interrupted: the figures are partial']);
  });

  it('puts the whole-run failure first', () => {
    const refused = reportOf(times(5, { ms: 5, status: 401 }));
    expect(decideVerdict(refused, [{ expression: 'p99<1ms', actual: 5, ok: false }]).reasons).toEqual(['every request was refused with 401', 'threshold p99<1ms failed (actual 5)']);
  });
});

describe('ruleViolationsOf', () => {
  it('adds every rule’s count, a missing count as none', () => {
    expect(ruleViolationsOf({})).toBe(0);
    expect(ruleViolationsOf({ transport: 2, 'body-schema': 3, 'json-parse': undefined })).toBe(5);
  });
});

describe('applyGate', () => {
  it('evaluates the thresholds on the report, attaches the baseline and decides the verdict again', () => {
    const report = clean();
    const thresholds = parseThresholds(['p99<1ms', 'requests==20'].map((expression) => ({ expression, file: 'f', field: 'x' })));
    const base = baseline([{ metric: 'p99', unit: 'ms', old: 10, new: 10, change: 0, changeRatio: 0, verdict: 'pass' }]);
    const gated = applyGate(report, thresholds, base);
    expect(gated.thresholds.map((t) => [t.expression, t.ok])).toEqual([['p99<1ms', false], ['requests==20', true]]);
    expect(gated.baseline).toBe(base);
    expect(gated.verdict).toBe('fail');
    expect(gated.verdictReasons).toEqual(['threshold p99<1ms failed (actual 10.0ms)']);
    expect(applyGate(report, [], null)).toMatchObject({ thresholds: [], baseline: null, verdict: 'pass', verdictReasons: [] });
  });
});
