import { describe, expect, it } from 'vitest';
import { mergeStates } from '../../../src/record/merge.js';
import { buildReport } from '../../../src/report/build.js';
import { checkReportInvariants } from '../../../src/report/check-invariants.js';
import { checkReportShape } from '../../../src/report/check-report.js';
import { mergeReports } from '../../../src/report/merge-reports.js';
import type { RunReport } from '../../../src/run-report.js';
import { breakdownReport, breakdownStates } from '../../helpers/breakdown-fixtures.js';
import { meta } from '../../helpers/report-fixtures.js';

const clone = (r: RunReport): RunReport => structuredClone(r);

describe('report.json breakdown', () => {
  it('has the whole run\'s shape per agent and per turn, passes the schema and the read-back checks', () => {
    const report = breakdownReport();
    const b = report.breakdown!;
    expect(Object.keys(b.agent)).toEqual(['agent_support_01', 'agent_billing_02', 'agent_returns_03']);
    expect(Object.keys(b.turn)).toEqual(['1', '2', '3']);
    const billing = b.agent.agent_billing_02!;
    expect(billing.latency).toMatchObject({ unit: 'ms', count: expect.any(Number), hdr: expect.any(String) });
    expect(billing.latency.p50!).toBeGreaterThan(200);
    expect(b.agent.agent_support_01!.latency.p99!).toBeLessThan(80);
    expect(billing.totals.errorRate).toBeCloseTo(billing.totals.errors / billing.totals.requests, 12);
    expect(billing.conformance).toMatchObject({ checked: billing.totals.requests, ruleViolations: expect.any(Number) });
    expect(b.turn['1']!.latency.p50!).toBeLessThan(b.turn['3']!.latency.p50!);
    expect(checkReportShape(JSON.parse(JSON.stringify(report)), 'r.json')).toEqual([]);
    expect(checkReportInvariants(report, 'r.json')).toEqual([]);
  });

  it('catches groups that do not add up to the run, or a histogram from another group', () => {
    const edited = clone(breakdownReport());
    edited.breakdown!.agent.agent_billing_02!.totals.requests += 5;
    expect(checkReportInvariants(edited, 'r.json').map((p) => p.field)).toEqual(expect.arrayContaining(['breakdown.agent.agent_billing_02.totals.requests', 'breakdown.agent']));

    const swapped = clone(breakdownReport());
    const agents = swapped.breakdown!.agent;
    [agents.agent_billing_02!.serviceTime, agents.agent_support_01!.serviceTime] = [agents.agent_support_01!.serviceTime, agents.agent_billing_02!.serviceTime];
    const problems = checkReportInvariants(swapped, 'r.json');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.forceable && p.field.startsWith('breakdown.agent'))).toBe(true);

    const foreign = clone(breakdownReport());
    foreign.breakdown!.turn['2']!.latency = breakdownReport({ latencyMs: () => 999 }).breakdown!.turn['2']!.latency;
    expect(checkReportInvariants(foreign, 'r.json').map((p) => p.message).join('\n')).toMatch(/breakdown|latency/);

    const badKey = JSON.parse(JSON.stringify(breakdownReport()));
    badKey.breakdown.turn.third = badKey.breakdown.turn['3'];
    expect(checkReportShape(badKey, 'r.json').map((p) => p.field).join()).toMatch(/breakdown\.turn/);
  });

  it('merges shards exactly: three shard reports equal the single run, group by group', () => {
    const single = breakdownReport();
    const states = breakdownStates({ parts: 3 });
    const durationMs = single.durationMs;
    const shards = states.map((state, i) => ({ ...buildReport(state, meta({ durationMs, endedAtEpochMs: Date.parse(single.endedAt), load: single.load })), shard: { index: i + 1, count: 3 } }));
    const { report } = mergeReports(shards);
    expect(report.breakdown).toEqual(single.breakdown);
    expect(checkReportInvariants(report, 'merged.json')).toEqual([]);
    // Shards bound differently still add up, with a warning that their other groups differ.
    const unlike = [shards[0]!, { ...shards[1]!, breakdown: { ...shards[1]!.breakdown!, maxGroups: 2 } }];
    expect(mergeReports(unlike).warnings).toEqual(expect.arrayContaining([expect.stringContaining('checks.maxGroups 50, 2')]));
    // Workers merge through the same states.
    expect(buildReport(mergeStates(states), meta({ durationMs, endedAtEpochMs: Date.parse(single.endedAt), load: single.load })).breakdown).toEqual(single.breakdown);
  });
});
