import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/run-report.js';
import { judgeOutcome, successes, unboundedErrorsWarning, wholeRunFailure } from '../../../src/verdict/outcome.js';
import { reportOf, type FakeExchange } from '../../helpers/reports.js';

const HINTS = { apiKeyEnv: 'SIGMAMIND_API_KEY', agents: ['agent_support_01'], target: 'the embedded mock' };
const times = (n: number, e: FakeExchange): FakeExchange[] => Array.from({ length: n }, () => e);
const every = (status: number) => reportOf(times(6, { ms: 5, status }));

describe('what a status every request got suggests', () => {
  it.each([
    [403, 'every request was refused with 403: the key may not use agent agent_support_01, or the agent is disabled'],
    [400, "every request was refused with 400: the bodies were refused: check the scenario's inputs and variables against what the agent requires"],
    [429, 'every request was refused with 429: the target is rate-limiting: lower the load'],
    [404, 'every request was refused with 404: does agent agent_support_01 exist (and is the embedded mock the API\'s base URL)?'],
    [500, 'every request was answered 500: the embedded mock is failing'],
    [503, 'every request was answered 503: the embedded mock is failing'],
    [302, "every request was answered 302: the embedded mock redirects: is it the API's base URL?"],
    [418, 'every request was refused with 418: the embedded mock answered 418'],
  ])('%i', (status, message) => {
    expect(judgeOutcome(every(status), HINTS)).toEqual({ exitCode: 3, message: `${message}; a scenario meant to test refusals says \`expect: errors\`` });
  });

  it('one code per advice when the answers differ, each with its own', () => {
    const report = reportOf([...times(2, { ms: 5, status: 403 }), ...times(2, { ms: 5, status: 429 })]);
    expect(judgeOutcome(report, HINTS).message).toBe('no request succeeded (403 2, 429 2): 403: the key may not use agent agent_support_01, or the agent is disabled; 429: the target is rate-limiting: lower the load; a scenario meant to test refusals says `expect: errors`');
  });

  it('names two agents with "or", three and more with commas', () => {
    const report = every(403);
    expect(judgeOutcome(report, { ...HINTS, agents: ['a', 'b', 'c'] }).message).toContain('may not use agent a, b or c, or');
    expect(judgeOutcome(report, { ...HINTS, agents: ['a', 'b', 'c', 'd'] }).message).toContain('may not use agent a, b or c (or one of 1 more), or');
  });
});

describe('requests that never reached the target', () => {
  // What a run whose every request failed on this machine (out of descriptors) reports.
  const generatorOnly = (verdict: 'pass' | 'fail'): RunReport => {
    const report = reportOf([]);
    return { ...report, verdict, totals: { ...report.totals, requests: 5, generatorErrors: 5, transportErrors: 5 }, transportErrors: { generator: 5 } };
  };

  it('say nothing of it: no whole-run failure, and the verdict decides the exit code', () => {
    expect(wholeRunFailure(generatorOnly('fail'))).toBeUndefined();
    expect(judgeOutcome(generatorOnly('fail'), HINTS)).toEqual({ exitCode: 1 });
    expect(judgeOutcome(generatorOnly('pass'), HINTS)).toEqual({ exitCode: 0 });
  });
});

describe('successes', () => {
  it('counts every 2xx status and nothing else', () => {
    expect(successes({ status: { '200': 2, '201': 3, '204': 1, '301': 4, '401': 5, '500': 6 } })).toBe(6);
    expect(successes({ status: {} })).toBe(0);
  });
});

describe('unboundedErrorsWarning', () => {
  it('is quiet only for a threshold that bounds the error rate from above', () => {
    const report = reportOf([...times(9, { ms: 5 }), { ms: 5, status: 500 }]);
    const withThreshold = (expression: string): RunReport => ({ ...report, thresholds: [{ expression, actual: 0.1, ok: false }] });
    expect(unboundedErrorsWarning(withThreshold('errorRate<=10%'))).toBeUndefined();
    expect(unboundedErrorsWarning(withThreshold('  errorRate < 1%'))).toBeUndefined();
    expect(unboundedErrorsWarning(withThreshold('errorRate>1%'))).toBe(`WARNING: 1 of 10 requests failed (10%) and no threshold bounds errors: add "errorRate<1%" to the scenario's thresholds, or --threshold 'errorRate<1%'`);
    expect(unboundedErrorsWarning(withThreshold('5xx.errorRate<1%'))).toBeDefined();
  });

  it('rounds the share to two decimals', () => {
    const report = reportOf([...times(2999, { ms: 5 }), { ms: 5, status: 500 }]);
    expect(unboundedErrorsWarning(report)).toContain('1 of 3,000 requests failed (0.03%)');
  });
});
