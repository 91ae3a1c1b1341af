import { describe, expect, it } from 'vitest';
import { renderBaselineLines } from '../../../src/report/baseline-summary.js';
import { renderBreakdownLines } from '../../../src/report/breakdown-summary.js';
import { renderSummary } from '../../../src/report/summary.js';
import { compareReports } from '../../../src/verdict/baseline.js';
import { breakdownReport } from '../../helpers/breakdown-fixtures.js';

describe('terminal breakdown', () => {
  it('shows a per-agent and a per-turn table (requests, errors, violating, p50, p99) within 80 columns', () => {
    const lines = renderBreakdownLines(breakdownReport());
    expect(lines.join('\n')).toMatch(/by agent\s+requests\s+errors\s+violating\s+p50\s+p99/);
    expect(lines.find((l) => l.includes('agent_billing_02'))).toMatch(/agent_billing_02\s+1,002\s+\d\.\d\d%\s+\d+\s+2\d\d\.\dms\s+2\d\d\.\dms/);
    expect(lines.join('\n')).toMatch(/by turn\s+requests/);
    expect(lines.filter((l) => /^ {2}turn \d/.test(l))).toHaveLength(3);
    const summary = renderSummary(breakdownReport());
    expect(summary).toContain('by agent');
    expect(summary.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('cuts long agent ids to the width, and names what other holds', () => {
    const long = ['a'.repeat(64), `b${'x'.repeat(63)}`, 'agent_c'];
    const lines = renderBreakdownLines(breakdownReport({ agents: long, requests: 600 }), 60);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.join('\n')).toContain('…');
    const agents = Array.from({ length: 60 }, (_, i) => `agent_${i}`);
    const folded = renderBreakdownLines(breakdownReport({ agents, requests: 1200, turns: 1, maxGroups: 50 }));
    expect(folded.filter((l) => /^ {2}agent_\d/.test(l))).toHaveLength(50);
    expect(folded.join('\n')).toMatch(/other \(10 agents\)\s+200\s/);
    expect(folded.join('\n')).not.toContain('by turn');
  });

  it('shows nothing for one agent and one turn: the whole run says it all', () => {
    expect(renderBreakdownLines(breakdownReport({ agents: ['only'], turns: 1, requests: 100 }))).toEqual([]);
    const { breakdown: _, ...old } = breakdownReport();
    expect(renderBreakdownLines(old)).toEqual([]);
  });

  it('baseline: regressed groups in the table, the passed counted, the too small named', () => {
    const slow = (ms: number) => (agentId: string, turn: number, seq: number) => (agentId === 'agent_billing_02' ? ms : 20) + turn * 10 + (seq % 7);
    const lines = renderBaselineLines(compareReports(breakdownReport({ requests: 300, latencyMs: slow(200) }), breakdownReport({ requests: 300, latencyMs: slow(600) }), 'old.json'));
    const text = lines.join('\n');
    expect(text).toMatch(/p50\{agent=agent_billing_02\}\s+2\d\d\.\dms\s+6\d\d\.\dms.*FAIL/);
    expect(text).not.toMatch(/p50\{agent=agent_support_01\}/);
    expect(text).toMatch(/per group {2}24 metrics of 6 groups: \d+ regressed \(in the table\), \d+ passed, 6 too small to judge/);
    expect(text).toMatch(/too small: agent=agent_billing_02 \(p99: \d+ and \d+ timed answers\)/);
  });
});
