import { describe, expect, it } from 'vitest';
import { compareReports } from '../../../src/verdict/baseline.js';
import { samplesNeeded } from '../../../src/verdict/baseline-groups.js';
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
