import { describe, expect, it } from 'vitest';
import { conformReport } from '../../../src/conform/render.js';
import { RULES, STRICT_RULES } from '../../../src/contract/types.js';
import { reportToJunit, reportToJunitSuites } from '../../../src/report/junit-report.js';
import { buildReport } from '../../../src/report/build.js';
import { meta, mixedReport, onlyErrorsReport, recorderWith } from '../../helpers/report-fixtures.js';

describe('reportToJunit', () => {
  it('has one testcase per threshold and per contract rule; a rule nobody broke passes', () => {
    const report = mixedReport([{ expression: 'p99<500ms', actual: 640, ok: false }, { expression: 'errorRate<1%', actual: 0.004, ok: true }]);
    const [run, thresholds, contract] = reportToJunitSuites(report);
    expect(run!.cases).toHaveLength(1);
    expect(run!.cases[0]!.failure?.message).toMatch(/broke the contract/);
    expect(thresholds!.cases.map((c) => [c.name, c.failure?.message])).toEqual([
      ['p99<500ms', 'p99<500ms failed: actual 640'],
      ['errorRate<1%', undefined],
    ]);
    expect(contract!.cases.map((c) => c.name)).toEqual([...RULES]);
    const failed = Object.fromEntries(contract!.cases.map((c) => [c.name, c.failure?.message]));
    expect(failed['body-schema']).toBe('54 of 3000 exchanges broke body-schema');
    expect(failed['content-type']).toBe('8 of 3000 exchanges broke content-type');
    expect(failed.transport).toBe('33 of 3000 exchanges broke transport');
    expect(failed['json-parse']).toBeUndefined();
    expect(contract!.cases.find((c) => c.name === 'body-schema')!.failure!.body).toMatch(/request #\d+ at [\d.]+s \(status 201\): 201 body does not match its schema: \/status must be equal/);
  });

  it('skips the strict rules in a spec-profile run', () => {
    const report = mixedReport();
    report.conformance.profile = 'spec';
    const contract = reportToJunitSuites(report)[2]!;
    expect(contract.cases.filter((c) => c.skipped).map((c) => c.name)).toEqual([...STRICT_RULES]);
    expect(contract.cases.find((c) => c.name === 'body-schema')!.failure).toBeDefined();
  });

  it('keeps the cases of a conform report', () => {
    const report = onlyErrorsReport();
    report.conform = conformReport('strict', [{ id: 'auth-missing', group: 'auth', title: 'no X-API-Key', expected: '401', actual: '200', ok: false, failures: ['expected 401, got 200'], ms: 2 }]);
    const suites = reportToJunitSuites(report);
    expect(suites.map((s) => s.name)).toEqual(['chatload run', 'thresholds', 'contract', 'conform.auth']);
    expect(suites[3]!.cases[0]!.failure?.message).toBe('expected 401, got 200');
  });

  it('keeps rules the report names beyond the known list', () => {
    const report = mixedReport();
    report.conformance.byRule = { ...report.conformance.byRule, ['rule-from-the-future' as 'transport']: 2 };
    const contract = reportToJunitSuites(report)[2]!;
    expect(contract.cases.at(-1)?.failure?.message).toBe('2 of 3000 exchanges broke rule-from-the-future');
  });

  it('renders XML the CI reporters read, escaped', () => {
    const xml = reportToJunit(mixedReport([{ expression: 'p99<500ms', actual: 640, ok: false }]));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="chatload" tests="15" failures="5"')).toBe(true);
    expect(xml).toContain('<testcase name="p99&lt;500ms" classname="chatload.synthetic.thresholds"');
    expect(xml).toContain('<testcase name="json-parse" classname="chatload.synthetic.contract" time="0.000"/>');
  });

  it('passes every case of a passing run', () => {
    const xml = reportToJunit(buildReport(recorderWith(Array.from({ length: 40 }, (_, i) => ({ at: i * 5, serviceMs: 10 }))).state(), meta()));
    expect(xml).toMatch(/<testsuites name="chatload" tests="14" failures="0"/);
  });

  it('fails the verdict case of a run where nothing succeeded, and the transport case of its connections that got no answer', () => {
    const xml = reportToJunit(onlyErrorsReport());
    expect(xml).toMatch(/<testsuites name="chatload" tests="14" failures="2"/);
    expect(xml).toContain('<failure message="no request succeeded (500 200, refused 100, reset 100)"');
    expect(xml).toContain('<failure message="200 of 400 exchanges broke transport"');
  });
});
