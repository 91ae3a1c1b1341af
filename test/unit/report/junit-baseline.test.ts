import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/contract/types.js';
import { baselineJunitCases } from '../../../src/report/junit-baseline.js';
import { reportToJunit } from '../../../src/report/junit-report.js';
import { compareReports } from '../../../src/verdict/baseline.js';
import { applyGate } from '../../../src/verdict/gate.js';
import { parseThresholds } from '../../../src/verdict/thresholds.js';
import { latencies, reportOf } from '../../helpers/reports.js';

const thresholds = (...e: string[]) => parseThresholds(e.map((expression) => ({ expression, file: 'f', field: 'x' })));

describe('gate and junit.xml', () => {
  const before = reportOf(latencies(5000, 20, 0.1, 1).map((ms) => ({ ms })));
  const after = reportOf(latencies(5000, 20, 0.1, 1).map((ms, i) => ({ ms: ms * 1.5, ...(i === 7 ? { fault: 'not-json' as const } : {}) })));

  it('evaluates thresholds, attaches the baseline and decides the verdict with reasons', () => {
    const gated = applyGate(after, thresholds('p99<1s', 'rps>1000'), compareReports(before, after, 'old.json'));
    expect(gated.thresholds.map((t) => t.ok)).toEqual([true, false]);
    expect(gated.baseline!.verdict).toBe('fail');
    expect(gated.verdict).toBe('fail');
    expect(gated.verdictReasons.join('\n')).toMatch(/threshold rps>1000 failed \(actual [\d.]+\/s\)/);
    expect(gated.verdictReasons.join('\n')).toMatch(/p99 regressed against the baseline/);
    expect(applyGate(before, thresholds('p99<1s'), null).verdict).toBe('pass');
  });

  it('writes one testcase per threshold, per contract rule and per baseline metric', () => {
    const gated = applyGate(after, thresholds('p99<1s', 'rps>1000'), compareReports(before, after, 'old.json'));
    const xml = reportToJunit(gated);
    const cases = xml.match(/<testcase /g)!.length;
    expect(cases).toBe(1 + 2 + RULES.length + gated.baseline!.metrics.length);
    expect(xml).toContain('<testcase name="rps&gt;1000" classname="chatload.synthetic.thresholds"');
    expect(xml).toMatch(/<testcase name="json-parse" classname="chatload.synthetic.contract" time="0.000">\n\s+<failure message="1 of 5000 exchanges broke json-parse">[^<]*request #7/);
    expect(xml).toMatch(/<testcase name="p99" classname="chatload.synthetic.baseline" time="0.000">\n\s+<failure message="p99 regressed/);
    expect(xml).toMatch(/<testsuites name="chatload" tests="\d+" failures="\d+"/);
  });

  it('leaves out the baseline suite when there is no baseline', () => {
    expect(baselineJunitCases(null)).toEqual([]);
    expect(reportToJunit(applyGate(before, [], null))).not.toContain('baseline');
  });
});
