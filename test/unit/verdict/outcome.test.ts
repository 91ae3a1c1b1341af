import { describe, expect, it } from 'vitest';
import { evaluateThresholds, parseThresholds } from '../../../src/verdict/thresholds.js';
import { decideVerdict } from '../../../src/verdict/verdict.js';
import { judgeOutcome, unboundedErrorsWarning, wholeRunFailure } from '../../../src/verdict/outcome.js';
import type { RunReport } from '../../../src/run-report.js';
import { reportOf, type FakeExchange } from '../../helpers/reports.js';

const HINTS = { apiKeyEnv: 'SIGMAMIND_API_KEY', agents: ['agent_support_01'], target: 'https://api.example.test' };
const times = (n: number, e: FakeExchange): FakeExchange[] => Array.from({ length: n }, () => e);
const refusals = (expect?: 'errors') => reportOf(times(40, { ms: 5, status: 401 }), expect ? { scenario: { name: 's', file: 's.yaml', expect } } : {});

function gated(report: RunReport, expressions: string[]): RunReport {
  const thresholds = evaluateThresholds(parseThresholds(expressions.map((expression) => ({ expression, file: 't', field: 'thresholds' }))), report);
  return { ...report, thresholds };
}

describe('a run where nothing succeeded', () => {
  it('401 on 40 of 40: verdict FAIL and exit 3, naming the key variable', () => {
    const report = refusals();
    expect(report.conformance.violating).toBe(0);
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons).toEqual(['every request was refused with 401']);
    const outcome = judgeOutcome(report, HINTS);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.message).toContain('every request was refused with 401: check SIGMAMIND_API_KEY (https://api.example.test does not accept the key)');
    expect(outcome.message).toContain('`expect: errors`');
    expect(judgeOutcome(report, { ...HINTS, apiKeyEnv: 'MY_KEY' }).message).toContain('check MY_KEY');
  });

  it('404 on every request: asks whether the agent exists', () => {
    const report = reportOf(times(10, { ms: 5, status: 404 }));
    expect(judgeOutcome(report, { ...HINTS, agents: ['agent_x', 'agent_y'] }).message).toMatch(/^every request was refused with 404: does agent agent_x or agent_y exist/);
    const many = judgeOutcome(report, { ...HINTS, agents: ['a', 'b', 'c', 'd', 'e'] }).message;
    expect(many).toContain('does agent a, b or c (or one of 2 more) exist');
  });

  it('a mix of refusals and transport errors: every status named, with its advice', () => {
    const report = reportOf([...times(5, { ms: 5, status: 401 }), ...times(3, { ms: 5, status: 500 }), ...times(2, { ms: 5, transport: true })]);
    expect(report.verdictReasons[0]).toBe('no request succeeded (401 5, 500 3, refused 2)');
    const outcome = judgeOutcome(report, HINTS);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.message).toContain('401: check SIGMAMIND_API_KEY');
    expect(outcome.message).toContain('500: https://api.example.test is failing');
  });

  it('no answer at all: exit 3, "no request got an answer"', () => {
    const report = reportOf(times(4, { ms: 5, transport: true }));
    expect(report.verdictReasons).toContain('no request got an answer (refused 4)');
    expect(judgeOutcome(report, HINTS)).toEqual({ exitCode: 3, message: 'no request got an answer from https://api.example.test (refused 4)' });
  });

  it('`expect: errors`: refusals are what the scenario tests; the verdict and thresholds decide', () => {
    const report = refusals('errors');
    expect(report.verdict).toBe('pass');
    expect(judgeOutcome(report, HINTS)).toEqual({ exitCode: 0 });
    // ...and a success is then the failure.
    const leaky = reportOf([...times(3, { ms: 5, status: 401 }), { ms: 5, status: 201 }], { scenario: { name: 's', file: 's.yaml', expect: 'errors' } });
    expect(leaky.verdictReasons).toEqual(['the scenario expects errors, but 1 of 4 requests succeeded']);
    expect(judgeOutcome(leaky, HINTS).exitCode).toBe(1);
  });

  it('one success is enough: the verdict and thresholds decide the exit code', () => {
    const report = reportOf([...times(39, { ms: 5, status: 401 }), { ms: 5, status: 201 }]);
    expect(wholeRunFailure(report)).toBeUndefined();
    expect(judgeOutcome(report, HINTS)).toEqual({ exitCode: 0 });
    const failing = { ...report, verdict: 'fail' as const };
    expect(judgeOutcome(failing, HINTS)).toEqual({ exitCode: 1 });
    expect(decideVerdict(report, []).verdict).toBe('pass');
  });
});

describe('errors no threshold bounds', () => {
  it('warns loudly when some requests failed and no errorRate threshold bounds them', () => {
    const report = reportOf([...times(97, { ms: 5 }), ...times(3, { ms: 5, status: 500 })]);
    expect(unboundedErrorsWarning(report)).toBe(`WARNING: 3 of 100 requests failed (3%) and no threshold bounds errors: add "errorRate<1%" to the scenario's thresholds, or --threshold 'errorRate<1%'`);
    expect(unboundedErrorsWarning(gated(report, ['p99<1s']))).toBeDefined();
    expect(unboundedErrorsWarning(gated(report, ['errorRate<5%']))).toBeUndefined();
    expect(unboundedErrorsWarning(gated(report, ['errorRate==0']))).toBeUndefined();
    expect(unboundedErrorsWarning(reportOf(times(10, { ms: 5 })))).toBeUndefined();
    expect(unboundedErrorsWarning(refusals('errors'))).toBeUndefined();
  });
});
