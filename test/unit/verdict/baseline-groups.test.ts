import { describe, expect, it } from 'vitest';
import { compareReports } from '../../../src/verdict/baseline.js';
import { samplesNeeded } from '../../../src/verdict/baseline-groups.js';
import type { RunReport } from '../../../src/run-report.js';
import { breakdownReport } from '../../helpers/breakdown-fixtures.js';

const slowBilling = (ms: number) => (agentId: string, turn: number, seq: number) => (agentId === 'agent_billing_02' ? ms : 20) + turn * 10 + (seq % 7);

describe('baseline comparison per group', () => {
  it('finds the agent that regressed, with the bootstrap test, and passes the others', () => {
    const before = breakdownReport({ requests: 9000, latencyMs: slowBilling(200) });
    const after = breakdownReport({ requests: 9000, latencyMs: slowBilling(320) });
    const comparison = compareReports(before, after, 'old.json');
    const byName = new Map(comparison.metrics.map((m) => [m.metric, m]));
    expect(byName.get('p99{agent=agent_billing_02}')).toMatchObject({ verdict: 'fail', group: { key: 'agent', value: 'agent_billing_02' }, ci: expect.any(Array) });
    expect(byName.get('p50{agent=agent_billing_02}')!.verdict).toBe('fail');
    for (const agent of ['agent_support_01', 'agent_returns_03']) for (const metric of ['p50', 'p99', 'errorRate', 'violationRate']) expect(byName.get(`${metric}{agent=${agent}}`)!.verdict).toBe('pass');
    expect([...byName.keys()].filter((k) => k.includes('{turn='))).toHaveLength(12);
    expect(comparison.verdict).toBe('fail');
    expect(comparison.metrics.some((m) => m.tooSmall)).toBe(false);
  });

  it('names groups too small to judge, never passes them', () => {
    const before = breakdownReport({ requests: 300 });
    const after = breakdownReport({ requests: 300, latencyMs: slowBilling(900) });
    const groups = compareReports(before, after, 'old.json').metrics.filter((m) => m.group);
    const p99 = groups.find((m) => m.metric === 'p99{agent=agent_billing_02}')!;
    expect(p99).toMatchObject({ verdict: 'info', tooSmall: true, old: null, new: null });
    expect(p99.note).toMatch(/^too small to judge: \d+ and \d+ timed answers \(p99 needs 1,000 in each\)$/);
    // p50 needs 20 per group: 100 answers are enough to see the slow agent.
    expect(groups.find((m) => m.metric === 'p50{agent=agent_billing_02}')!.verdict).toBe('fail');
    expect(groups.filter((m) => m.verdict === 'pass' && m.tooSmall)).toEqual([]);
    expect(samplesNeeded(99)).toBe(1000);
    expect(samplesNeeded(50)).toBe(20);
  });

  it('names a group only one run has, skips a dimension with one group, and warns when one run has no breakdown', () => {
    const before = breakdownReport({ requests: 3000, agents: ['agent_support_01', 'agent_billing_02'] });
    const after = breakdownReport({ requests: 3000 });
    const metrics = compareReports(before, after, 'old.json').metrics;
    expect(metrics.find((m) => m.metric === 'p50{agent=agent_returns_03}')).toMatchObject({ verdict: 'info', tooSmall: true, note: 'too small to judge: not in the baseline (p50 needs 20 in each)' });

    const single = breakdownReport({ requests: 600, agents: ['agent_support_01'], turns: 1 });
    expect(compareReports(single, single, 'old.json').metrics.filter((m) => m.group)).toEqual([]);

    const { breakdown: _, ...old } = after;
    const comparison = compareReports(old, after, 'old.json');
    expect(comparison.metrics.filter((m) => m.group)).toEqual([]);
    expect(comparison.warnings).toEqual(['the baseline has no breakdown by agent and turn (written by an older chatload): only the whole run is compared']);
  });
});

describe('baseline comparison per group: how small is too small', () => {
  const byName = (before: RunReport, after: RunReport) => new Map(compareReports(before, after, 'old.json').metrics.map((m) => [m.metric, m]));

  it('judges a percentile at exactly the samples it needs, and a rate at exactly 30 requests, in each run', () => {
    // 90 requests over 3 turns: turn 2 has 30 requests and 30 timed answers in each run.
    const atLimit = byName(breakdownReport({ requests: 90 }), breakdownReport({ requests: 90 }));
    for (const metric of ['p50{turn=2}', 'errorRate{turn=2}', 'violationRate{turn=2}']) expect(atLimit.get(metric)).toMatchObject({ verdict: 'pass' });
    for (const metric of ['p50{turn=2}', 'errorRate{turn=2}', 'violationRate{turn=2}']) expect(atLimit.get(metric)).not.toHaveProperty('tooSmall');
    // 60 requests: turn 2 has 20 timed answers (p50 needs 20) but 20 requests (a rate needs 30).
    const p50Only = byName(breakdownReport({ requests: 60 }), breakdownReport({ requests: 60 }));
    expect(p50Only.get('p50{turn=2}')).not.toHaveProperty('tooSmall');
    expect(p50Only.get('errorRate{turn=2}')).toMatchObject({ verdict: 'info', tooSmall: true, note: 'too small to judge: 20 and 20 requests (needs 30 in each)' });
  });

  it('a group large in one run and small in the other is too small to judge', () => {
    const metrics = byName(breakdownReport({ requests: 9000 }), breakdownReport({ requests: 60 }));
    expect(metrics.get('p99{turn=2}')).toMatchObject({ verdict: 'info', tooSmall: true, note: 'too small to judge: 2,986 and 20 timed answers (p99 needs 1,000 in each)' });
    expect(metrics.get('errorRate{turn=2}')).toMatchObject({ verdict: 'info', tooSmall: true, note: 'too small to judge: 3,000 and 20 requests (needs 30 in each)' });
    expect(metrics.get('violationRate{turn=2}')).toMatchObject({ verdict: 'info', tooSmall: true });
  });

  it('counts only the requests that reached the target: generator failures do not make a group large enough', () => {
    // Turn 2 sends 30 requests, 5 of which fail on this machine: 25 reached the target.
    const failing = breakdownReport({ requests: 90, generatorError: (seq) => seq % 3 === 1 && seq < 15 });
    expect(byName(failing, failing).get('errorRate{turn=2}')).toMatchObject({ tooSmall: true, note: 'too small to judge: 25 and 25 requests (needs 30 in each)' });
  });

  it('names which run lacks the group, for percentiles and rates alike', () => {
    const two = breakdownReport({ requests: 3000, agents: ['agent_support_01', 'agent_billing_02'] });
    const three = breakdownReport({ requests: 3000 });
    const added = byName(two, three);
    expect(added.get('errorRate{agent=agent_returns_03}')).toMatchObject({ tooSmall: true, note: 'too small to judge: not in the baseline (needs 30 in each)' });
    const gone = byName(three, two);
    expect(gone.get('p50{agent=agent_returns_03}')).toMatchObject({ tooSmall: true, note: 'too small to judge: not in this run (p50 needs 20 in each)' });
    expect(gone.get('errorRate{agent=agent_returns_03}')).toMatchObject({ tooSmall: true, note: 'too small to judge: not in this run (needs 30 in each)' });
  });

  it('warns only when exactly one of the two reports has no breakdown, naming which', () => {
    const report = breakdownReport({ requests: 300 });
    expect(compareReports(report, report, 'old.json')).not.toHaveProperty('warnings');
    const { breakdown: _, ...older } = report;
    expect(compareReports(older, older, 'old.json')).not.toHaveProperty('warnings');
    expect(compareReports(report, older, 'old.json').warnings).toEqual(['this run has no breakdown by agent and turn (written by an older chatload): only the whole run is compared']);
  });
});
