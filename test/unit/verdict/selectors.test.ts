import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../../src/errors.js';
import { checkSelectors, reportGroups, scenarioGroups } from '../../../src/verdict/selectors.js';
import { evaluateThresholds, parseThreshold, parseThresholds, type Threshold } from '../../../src/verdict/thresholds.js';
import { breakdownReport } from '../../helpers/breakdown-fixtures.js';

const where = { file: 'scenario.yaml', field: 'thresholds[0]' };
const parse = (e: string) => parseThreshold(e, where);
const isProblem = (x: Threshold | InputProblem): x is InputProblem => !('metric' in x);
const thresholds = (...e: string[]) => parseThresholds(e.map((expression, i) => ({ expression, file: 'scenario.yaml', field: `thresholds[${i}]` })));

describe('threshold selectors', () => {
  it.each([
    ['p99{agent=agent_billing_02}<2s', { kind: 'latency' }, { key: 'agent', value: 'agent_billing_02' }, 2000],
    ['errorRate{turn=3}<1%', { kind: 'errorRate' }, { key: 'turn', value: '3' }, 0.01],
    ['violations{agent=agent_returns_03}==0', { kind: 'ruleViolations' }, { key: 'agent', value: 'agent_returns_03' }, 0],
    ['violatingExchanges{ agent = "agent a" }==0', { kind: 'violatingExchanges' }, { key: 'agent', value: 'agent a' }, 0],
    ['goodput(500ms){turn=1}>95%', { kind: 'goodput', sloMs: 500 }, { key: 'turn', value: '1' }, 0.95],
  ] as const)('parses %s', (expression, metric, selector, limit) => {
    const t = parse(expression);
    expect(isProblem(t)).toBe(false);
    expect(t).toMatchObject({ metric, selector, limit });
  });

  it.each([
    ['p99{agent=a,turn=2}<1s', 'has 2 selectors'],
    ['p99{}<1s', 'has an empty selector'],
    ['p99{agentId=a}<1s', 'did you mean agent?'],
    ['p99{region=eu}<1s', 'the keys are agent and turn'],
    ['p99{agent}<1s', 'without "="'],
    ['p99{agent=}<1s', 'without a value'],
    ['errorRate{turn=third}<1%', 'turns are numbered from 1'],
    ['dropped{agent=a}==0', 'counted for the whole run only'],
    ['2xx.p99{agent=a}<1s', 'does not keep'],
    ['capacity{agent=a}>=10', 'whole sweep'],
  ])('rejects %j with a clear message', (expression, message) => {
    const p = parse(expression);
    expect(isProblem(p)).toBe(true);
    expect(`${(p as InputProblem).message} (fix: ${(p as InputProblem).fix})`).toContain(message);
    expect(p).toMatchObject(where);
  });

  it('evaluates on one group: the slow agent fails, the others pass, turns are their own', () => {
    const report = breakdownReport();
    const results = evaluateThresholds(thresholds('p99{agent=agent_billing_02}<100ms', 'p99{agent=agent_support_01}<100ms', 'p99{agent=agent_returns_03}<100ms', 'p99<100ms', 'errorRate{turn=1}<50%', 'requests{turn=2}==1000', 'violations{agent=agent_billing_02}>=1'), report);
    expect(results.map((r) => r.ok)).toEqual([false, true, true, false, true, true, true]);
    expect(results[0]!.actual).toBeGreaterThan(200);
    expect(results[0]!.message).toMatch(/^agent=agent_billing_02: actual \d+/);
    expect(results[5]!.actual).toBe(1000);
  });

  it('a group that measured nothing holds an upper bound; a report without a breakdown says so', () => {
    const report = breakdownReport({ requests: 2, turns: 3 });
    const [unsent] = evaluateThresholds(thresholds('p99{turn=3}<1s'), report);
    expect(unsent).toMatchObject({ ok: true, actual: null, message: 'no request of turn=3 was measured' });
    const { breakdown: _, ...old } = report;
    const [none] = evaluateThresholds(thresholds('p99{agent=agent_support_01}<1s'), old);
    expect(none!.message).toContain('no breakdown');
  });

  it('a value the run never saw is an input error naming the values it did see', () => {
    const groups = reportGroups(breakdownReport().breakdown);
    const problems = checkSelectors(thresholds('p99{agent=agent_biling_02}<2s', 'p99{turn=4}<1s', 'p99{agent=agent_billing_02}<2s', 'p99<1s'), groups, 'the run');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: 'scenario.yaml', field: 'thresholds[0]', message: '"p99{agent=agent_biling_02}<2s" selects agent=agent_biling_02, but the run has no such agent' });
    expect(problems[0]!.fix).toBe("did you mean agent=agent_billing_02? the run's agents: agent_support_01, agent_billing_02, agent_returns_03");
    expect(problems[1]!.fix).toBe("the run's turns: 1, 2, 3");
    expect(checkSelectors(thresholds('p99{agent=x}<2s'), undefined, 'REPORT 1')[0]!.message).toContain('has no breakdown');
  });

  it('a scenario knows its groups before the run: agents bounded, with other, and its turns', () => {
    const agents = Array.from({ length: 60 }, (_, i) => `a${i}`);
    const groups = scenarioGroups(agents, 3, 50);
    expect(groups.agent).toHaveLength(51);
    expect(groups.agent.at(-1)).toBe('other');
    expect(groups.turn).toEqual(['1', '2', '3']);
    expect(scenarioGroups(['a', 'b', 'a'], 1, 50)).toEqual({ agent: ['a', 'b'], turn: ['1'] });
    expect(scenarioGroups(['a'], 4, 2).turn).toEqual(['1', '2', 'other']);
  });
});

describe('threshold selectors: edges', () => {
  const problemOf = (expression: string) => {
    const p = parse(expression);
    expect(isProblem(p)).toBe(true);
    return p as InputProblem;
  };
  const selectorOf = (expression: string) => (parse(expression) as Threshold).selector;

  it('reads turn numbers of any length and the "other" group of turns', () => {
    expect(selectorOf('p99{turn=12}<1s')).toEqual({ key: 'turn', value: '12' });
    expect(selectorOf('p99{turn=other}<1s')).toEqual({ key: 'turn', value: 'other' });
  });

  it('removes quotes only around the whole value', () => {
    expect(selectorOf('p99{agent=x"y"}<1s')).toEqual({ key: 'agent', value: 'x"y"' });
    expect(selectorOf(`p99{agent='x'y}<1s`)).toEqual({ key: 'agent', value: `'x'y` });
  });

  it.each([
    ['p99{turn=x3}<1s', 'selects turn=x3, not a turn number'],
    ['p99{turn=3x}<1s', 'selects turn=3x, not a turn number'],
    ['p99{=agent=x}<1s', 'has a selector "=agent=x" without "="'],
    ['p99{agent=a\nb}<1s', 'without "="'],
    ['p99{region=eu}<1s', 'selects by "region", which chatload does not group by'],
  ])('rejects %j', (expression, message) => {
    expect(problemOf(expression).message).toContain(message);
  });

  it('each problem says what to write instead', () => {
    expect(problemOf('p99{agent=a,turn=2}<1s').fix).toBe('give one group, agent=… or turn=…: the breakdown keeps agents and turns apart, not their combinations; e.g. p99{agent=agent_billing_02}<2s or errorRate{turn=3}<1%');
    expect(problemOf('p99{agent}<1s').fix).toBe('write key=value, e.g. p99{agent=agent_billing_02}<2s or errorRate{turn=3}<1%');
    expect(problemOf('p99{agent=}<1s').fix).toBe('name the group, e.g. p99{agent=agent_billing_02}<2s or errorRate{turn=3}<1%');
    expect(problemOf('p99{region=eu}<1s').fix).toBe('the keys are agent and turn, e.g. p99{agent=agent_billing_02}<2s or errorRate{turn=3}<1%');
    expect(problemOf('p99{Agent_Id=a}<1s').fix).toMatch(/^did you mean agent\? /);
  });

  it('a scenario of exactly as many turns as groups has no "other" turn', () => {
    expect(scenarioGroups(['a'], 2, 2).turn).toEqual(['1', '2']);
  });
});

describe('checkSelectors: edges', () => {
  const agents = (ids: string[]) => ({ agent: ids, turn: ['1'] });
  const check = (value: string, groups: ReturnType<typeof agents>) => checkSelectors(thresholds(`p99{agent=${value}}<2s`), groups, 'the run')[0];

  it('suggests a typo within a quarter of the id (at least 2 edits), not further', () => {
    const run = agents(['agent_support_01', 'agent_billing_02']);
    expect(check('agent_bill_02', run)!.fix).toMatch(/^did you mean agent=agent_billing_02\? /); // 3 edits in 13 characters
    expect(check('agent_bi_02', run)!.fix).toMatch(/^the run's agents: /); // 5 edits in 11 characters
    expect(check('zzzzzz', run)!.fix).toBe("the run's agents: agent_support_01, agent_billing_02");
  });

  it('of two equally near agents, suggests the first', () => {
    expect(check('agent_03', agents(['agent_01', 'agent_02']))!.fix).toMatch(/^did you mean agent=agent_01\? /);
  });

  it('lists at most 12 of the run\'s groups, and says when it has none', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
    expect(check('zzzzzz', agents(ids(12)))!.fix).toBe(`the run's agents: ${ids(12).join(', ')}`);
    expect(check('zzzzzz', agents(ids(14)))!.fix).toBe(`the run's agents: ${ids(12).join(', ')} … and 2 more`);
    expect(check('zzzzzz', agents([]))!.fix).toBe("the run's agents: none");
  });

  it('a threshold from the command line is named as such; a report without a breakdown says what to do', () => {
    const [fromFlag] = checkSelectors([{ expression: 'p99{agent=x}<2s', selector: { key: 'agent', value: 'x' } }], undefined, 'REPORT');
    expect(fromFlag).toMatchObject({ file: '(command line)', field: '--threshold', fix: 'drop the selector, or gate a report this chatload wrote' });
  });
});
