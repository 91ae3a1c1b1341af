import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../../src/errors.js';
import { evaluateThresholds, parseThreshold, parseThresholds, percentileOf, type Threshold } from '../../../src/verdict/thresholds.js';
import { reportOf } from '../../helpers/reports.js';

const where = { file: 'scenario.yaml', field: 'thresholds[0]' };
const parse = (e: string) => parseThreshold(e, where);
const isProblem = (x: Threshold | InputProblem): x is InputProblem => !('metric' in x);

describe('threshold grammar', () => {
  it.each([
    ['p99<800ms', { kind: 'latency', stat: { kind: 'percentile', percentile: 99 } }, '<', 800],
    ['p50 <= 2s', { kind: 'latency', stat: { kind: 'percentile', percentile: 50 } }, '<=', 2000],
    ['p999<1s', { kind: 'latency', stat: { kind: 'percentile', percentile: 99.9 } }, '<', 1000],
    ['p99.9<1s', { kind: 'latency', stat: { kind: 'percentile', percentile: 99.9 } }, '<', 1000],
    ['p9999<1m', { kind: 'latency', stat: { kind: 'percentile', percentile: 99.99 } }, '<', 60_000],
    ['max<1500ms', { kind: 'latency', stat: { kind: 'max' } }, '<', 1500],
    ['mean<100ms', { kind: 'latency', stat: { kind: 'mean' } }, '<', 100],
    ['2xx.p99<500ms', { kind: 'latency', statusClass: '2xx', stat: { kind: 'percentile', percentile: 99 } }, '<', 500],
    ['4xx.max<=50ms', { kind: 'latency', statusClass: '4xx', stat: { kind: 'max' } }, '<=', 50],
    ['errorRate<1%', { kind: 'errorRate' }, '<', 0.01],
    ['errorRate<=0.02', { kind: 'errorRate' }, '<=', 0.02],
    ['violatingExchanges==0', { kind: 'violatingExchanges' }, '==', 0],
    ['ruleViolations<5', { kind: 'ruleViolations' }, '<', 5],
    ['ruleViolations.body-schema==0', { kind: 'ruleViolations', rule: 'body-schema' }, '==', 0],
    // The old name is an alias of ruleViolations: it always counted rule hits.
    ['violations==0', { kind: 'ruleViolations' }, '==', 0],
    ['violations.body-schema==0', { kind: 'ruleViolations', rule: 'body-schema' }, '==', 0],
    ['rps>50', { kind: 'rps' }, '>', 50],
    ['requests>=100', { kind: 'requests' }, '>=', 100],
    ['dropped==0', { kind: 'dropped' }, '==', 0],
    ['late<10', { kind: 'late' }, '<', 10],
    ['goodput(500ms)>95%', { kind: 'goodput', sloMs: 500 }, '>', 0.95],
    ['goodput(1s)>=0.9', { kind: 'goodput', sloMs: 1000 }, '>=', 0.9],
    ['violations != 3', { kind: 'ruleViolations' }, '!=', 3],
  ] as const)('parses %s', (expression, metric, op, limit) => {
    const t = parse(expression);
    expect(isProblem(t)).toBe(false);
    expect(t).toMatchObject({ expression, metric, op, limit });
  });

  it.each([
    ['p98x<800ms', 'unknown metric "p98x"'],
    ['latency<800ms', 'unknown metric "latency"'],
    ['errorrate<1%', 'did you mean errorRate?'],
    ['p99<800', '"800" is not a duration'],
    ['p100<1s', 'unknown metric "p100"'],
    ['p99 800ms', 'is not a threshold expression'],
    ['', 'is not a threshold expression'],
    ['errorRate<150%', 'is not a rate'],
    ['errorRate<2', 'is not a rate'],
    ['violations.schema==0', 'unknown contract rule "schema"'],
    ['ruleViolations.schema==0', 'unknown contract rule "schema"'],
    ['violatingexchanges==0', 'did you mean violatingExchanges?'],
    ['ruleViolations>lots', '"lots" is not a number'],
    ['goodput>95%', 'goodput needs a latency objective'],
    ['goodput(fast)>95%', 'goodput needs a latency objective'],
    ['rps>many', '"many" is not a number'],
    ['6xx.p99<1s', 'unknown metric "6xx.p99"'],
    ['p99=800ms', 'is not a threshold expression'],
  ])('rejects %j with a clear message', (expression, message) => {
    const problem = parse(expression);
    expect(isProblem(problem)).toBe(true);
    const p = problem as InputProblem;
    expect(p.file).toBe('scenario.yaml');
    expect(p.field).toBe('thresholds[0]');
    expect(`${p.message} (fix: ${p.fix})`).toContain(message);
    expect(p.fix).toBeTruthy();
  });

  it('reports every bad expression of a list at once, naming file and field', () => {
    const attempt = () =>
      parseThresholds([
        { expression: 'p99<1s', file: 'a.yaml', field: 'thresholds[0]' },
        { expression: 'p98x<1s', file: 'a.yaml', field: 'thresholds[1]' },
        { expression: 'nope>1', file: '(command line)', field: '--threshold' },
      ]);
    expect(attempt).toThrow(InputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InputError).problems.map((p) => `${p.file}: ${p.field}`)).toEqual(['a.yaml: thresholds[1]', '(command line): --threshold']);
      expect((error as InputError).message).toContain('fix: known metrics');
    }
  });

  it('reads percentile names', () => {
    expect([percentileOf('p50'), percentileOf('p90'), percentileOf('p999'), percentileOf('p99.99'), percentileOf('p0'), percentileOf('px')]).toEqual([50, 90, 99.9, 99.99, undefined, undefined]);
  });
});

describe('threshold evaluation', () => {
  // 90 fast 201s (10 ms), 5 slow 201s (300 ms), 3 fast 201s with a schema violation, 2 500s.
  const report = reportOf([
    ...Array.from({ length: 90 }, () => ({ ms: 10 })),
    ...Array.from({ length: 5 }, () => ({ ms: 300 })),
    ...Array.from({ length: 3 }, () => ({ ms: 10, fault: 'bad-enum' as const })),
    ...Array.from({ length: 2 }, () => ({ ms: 50, status: 500 })),
  ]);
  const evaluate = (...expressions: string[]) => evaluateThresholds(parseThresholds(expressions.map((expression) => ({ expression, file: 'f', field: 'x' }))), report);

  it.each([
    ['p50<20ms', true, 10],
    ['p99<100ms', false, 300.031],
    ['max<=300.1ms', true, 300.031],
    ['2xx.p99<100ms', false, 300.031],
    ['5xx.max<60ms', true, 50.015],
    ['errorRate<1%', false, 0.02],
    ['errorRate<=2%', true, 0.02],
    ['violations==0', false, 3],
    ['violations.body-schema==3', true, 3],
    ['ruleViolations==3', true, 3],
    ['violatingExchanges<=3', true, 3],
    ['violations.json-parse==0', true, 0],
    ['requests==100', true, 100],
    ['rps>=10', true, 10],
    ['dropped==0', true, 0],
    ['goodput(100ms)>=90%', true, 0.9],
    ['goodput(100ms)>90%', false, 0.9],
    ['goodput(500ms)>=95%', true, 0.95],
  ])('%s → ok %s (actual %s)', (expression, ok, actual) => {
    const [result] = evaluate(expression);
    expect(result!.ok).toBe(ok);
    expect(result!.actual).toBeCloseTo(actual, 1);
    expect(result!.message).toMatch(/^actual /);
  });

  it('tells violating exchanges (each counted once) from rule violations (one per rule broken)', () => {
    const twoRules = reportOf([
      { ms: 10, fault: ['bad-enum' as const, 'missing-field' as const] },
      { ms: 10, fault: 'bad-enum' as const },
      { ms: 10 },
    ]);
    const results = evaluateThresholds(parseThresholds(['violatingExchanges<=2', 'ruleViolations<=2', 'violations<=2', 'ruleViolations.fields-present==1'].map((expression) => ({ expression, file: 'f', field: 'x' }))), twoRules);
    expect(results.map((r) => [r.expression, r.ok, r.actual])).toEqual([
      ['violatingExchanges<=2', true, 2],
      ['ruleViolations<=2', false, 3],
      ['violations<=2', false, 3],
      ['ruleViolations.fields-present==1', true, 1],
    ]);
    expect(results[0]!.message).toBe('actual 2 of 3 exchanges');
  });

  it('a class that saw no responses holds an upper bound and fails a lower one', () => {
    const [upper, lower] = evaluate('4xx.p99<100ms', '4xx.p50>1ms');
    expect(upper).toMatchObject({ ok: true, actual: null, message: 'no 4xx responses were measured' });
    expect(lower).toMatchObject({ ok: false, actual: null });
  });
});
