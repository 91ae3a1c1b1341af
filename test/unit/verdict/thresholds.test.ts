import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../../src/errors.js';
import { evaluateThresholds, parseThreshold, parseThresholds, percentileOf, type Threshold } from '../../../src/verdict/thresholds.js';
import { RULES } from '../../../src/contract/types.js';
import { reportOf } from '../../helpers/reports.js';
import { breakdownReport } from '../../helpers/breakdown-fixtures.js';
import { sweepReportOf } from '../../helpers/sweep-fixtures.js';

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

describe('threshold grammar: edges', () => {
  const fixOf = (expression: string) => {
    const p = parse(expression);
    expect(isProblem(p)).toBe(true);
    return p as InputProblem;
  };

  it.each([
    ['min>1ms', { kind: 'latency', stat: { kind: 'min' } }, '>', 1],
    ['errorRate<1.25%', { kind: 'errorRate' }, '<', 0.0125],
    ['errorRate<=100%', { kind: 'errorRate' }, '<=', 1],
    ['goodput(500ms)<=1', { kind: 'goodput', sloMs: 500 }, '<=', 1],
    ['rps>=50.25', { kind: 'rps' }, '>=', 50.25],
    ['p99{turn=12}<1s', { kind: 'latency' }, '<', 1000],
  ] as const)('parses %s', (expression, metric, op, limit) => {
    expect(parse(expression)).toMatchObject({ expression, metric, op, limit });
  });

  it('keeps the expression without the spaces around it', () => {
    expect(parse('  p99<1s ')).toMatchObject({ expression: 'p99<1s' });
  });

  it('reads p995 as 99.5 and refuses percentiles of 100 or more, however written', () => {
    expect([percentileOf('p995'), percentileOf('p109'), percentileOf('p100.0'), percentileOf('p150.5'), percentileOf('p99.95')]).toEqual([99.5, undefined, undefined, undefined, 99.95]);
  });

  it.each([
    ['xgoodput(500ms)>95%', 'unknown metric "xgoodput(500ms)"'],
    ['goodput(500ms)s>95%', 'unknown metric "goodput(500ms)s"'],
    ['errorRate<x5%', '"x5%" is not a rate'],
    ['errorRate<5%x', '"5%x" is not a rate'],
    ['errorRate<+0.5', '"+0.5" is not a rate'],
    ['errorRate<1e-2', '"1e-2" is not a rate'],
    ['requests>=x100', '"x100" is not a number'],
    ['rps>50x', '"50x" is not a number'],
    ['late{agent=a}<10', 'late arrivals are counted for the whole run only'],
  ])('rejects %j', (expression, message) => {
    expect(fixOf(expression).message).toContain(message);
  });

  it('suggests the known name a wrongly capitalised one meant', () => {
    expect(['Min<1s', 'MEAN<1s', 'Max<1s', 'Goodput>95%'].map((e) => fixOf(e).fix!.replace(/\?.*/s, ''))).toEqual(['did you mean min', 'did you mean mean', 'did you mean max', 'did you mean goodput']);
  });

  it('each fix shows the form the value should take, for that metric', () => {
    expect(fixOf('errorRate<150%').fix).toBe('write a percentage or a fraction between 0 and 1, e.g. errorRate<1%');
    expect(fixOf('goodput(500ms)>150%').fix).toBe('write a percentage or a fraction between 0 and 1, e.g. goodput(500ms)>95%');
    expect(fixOf('rps>many').fix).toBe('write a plain number, e.g. rps>50');
    expect(fixOf('capacity>=lots').fix).toBe('write a plain number, e.g. capacity>=150 (requests per second)');
    expect(fixOf('requests>lots').fix).toBe('write a plain number, e.g. requests==0');
    expect(fixOf('ruleViolations.schema==0').fix).toBe(`use one of: ${RULES.join(', ')}`);
    expect(fixOf('ruleViolations.schema==0').fix).toMatch(/^use one of: [a-z-]+(, [a-z-]+)+$/);
  });

  it('a selector the metric cannot have is refused with the expression to write instead', () => {
    expect(fixOf('dropped{agent=a}==0').fix).toBe('drop the selector: dropped<10');
    expect(fixOf('late{turn=2}<5').fix).toBe('drop the selector: late<10');
    expect(fixOf('capacity{agent=a}>=10').fix).toBe('drop the selector: capacity>=150');
    expect(fixOf('2xx.p99{agent=a}<1s').fix).toBe("take the group's latency of all answers, e.g. p99{agent=a}<2s");
  });
});

describe('threshold evaluation: edges', () => {
  const report = reportOf([...Array.from({ length: 98 }, () => ({ ms: 10 })), ...Array.from({ length: 2 }, () => ({ ms: 50, status: 500 }))]);
  const evaluateOn = (on: Parameters<typeof evaluateThresholds>[1], ...expressions: string[]) => evaluateThresholds(parseThresholds(expressions.map((expression) => ({ expression, file: 'f', field: 'x' }))), on);

  it('each operator at its boundary: an actual equal to the limit is not below or above it', () => {
    const results = evaluateOn(report, 'requests<100', 'requests<=100', 'requests>99', 'requests>100', 'requests>=100', 'requests==100', 'requests!=100', 'requests!=99');
    expect(results.map((r) => r.ok)).toEqual([false, true, true, false, true, true, false, true]);
  });

  it('min, mean and max are each their own figure', () => {
    const [min, mean, max] = evaluateOn(report, 'min>=1ms', 'mean<100ms', 'max<100ms');
    expect(min!.actual).toBeCloseTo(10, 1);
    expect(mean!.actual).toBeCloseTo(10.8, 1);
    expect(max!.actual).toBeCloseTo(50, 1);
  });

  it('shows rates as percentages', () => {
    expect(evaluateOn(report, 'errorRate<1%')[0]).toMatchObject({ ok: false, actual: 0.02, message: 'actual 2%' });
  });

  it('a run with no answer at all measures no latency: an upper bound holds, "<=" included', () => {
    const refused = reportOf([{ ms: 5, transport: true }, { ms: 5, transport: true }]);
    expect(evaluateOn(refused, 'p99<=1s', 'p50>1ms')).toMatchObject([
      { ok: true, actual: null, message: 'no responses were measured' },
      { ok: false, actual: null, message: 'no responses were measured' },
    ]);
  });

  it('goodput counts dropped arrivals as offered, and says when it has nothing to measure', () => {
    const dropped = reportOf(Array.from({ length: 90 }, () => ({ ms: 10 })), { dropped: 10 });
    expect(evaluateOn(dropped, 'goodput(100ms)>=90%')[0]).toMatchObject({ ok: true, actual: 0.9, message: 'actual 90%: 90 of 100 were 2xx, conformant and within 100.0ms' });
    expect(evaluateOn(reportOf([]), 'goodput(100ms)>=90%')[0]).toMatchObject({ ok: false, actual: null, message: 'no request was sent' });
    const { goodLatency: _, ...older } = dropped;
    expect(evaluateOn(older, 'goodput(100ms)>=90%')[0]).toMatchObject({ ok: false, actual: null, message: 'this report has no goodput data (written by an older chatload)' });
  });

  it('capacity: a sweep that found none names its SLOs', () => {
    const none = sweepReportOf({ capacity: null, bracket: { low: null, high: 60 }, slos: ['p99<350ms', 'errorRate<1%'] });
    expect(evaluateOn(none, 'capacity>=100')[0]).toMatchObject({ ok: false, actual: null, message: 'no level met every SLO (p99<350ms, errorRate<1%)' });
    expect(evaluateOn(sweepReportOf(), 'capacity>=100')[0]).toMatchObject({ ok: true, actual: 165, message: 'actual 165/s' });
    expect(evaluateOn(report, 'capacity>=100')[0]).toMatchObject({ ok: false, actual: null, message: 'not a sweep: capacity is measured by chatload sweep' });
  });

  it("a group's figure that cannot be measured says so, prefixed with the group", () => {
    // Turn 1 of two requests is one request, refused (reset): no answer to time.
    const [result] = evaluateOn(breakdownReport({ requests: 2, turns: 3 }), 'p99{turn=1}<1s');
    expect(result).toMatchObject({ ok: true, actual: null, message: 'turn=1: no responses were measured' });
  });
});
