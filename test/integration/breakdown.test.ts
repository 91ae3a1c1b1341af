import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/commands/io.js';
import { mergeCommand } from '../../src/commands/merge.js';
import { runScenario } from '../../src/commands/run.js';
import { runSweep } from '../../src/commands/sweep.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../src/record/histogram.js';
import { checkReportInvariants } from '../../src/report/check-invariants.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';

function captureIo(): CommandIo & { text: () => string } {
  let text = '';
  return { out: (t) => (text += t), err: (t) => (text += t), isTty: false, text: () => text };
}

async function scenarioFile(dir: string, body: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, body);
  return file;
}

const AGENTS = ['agent_support_01', 'agent_billing_02', 'agent_returns_03'];
/** The mock with agent_billing_02 slow on purpose and the others fast. */
const slowBilling = (billingMs: number, othersMs: number) =>
  `mock:\n  agents:\n${AGENTS.map((id) => `    - { id: ${id}, latency: ${id === 'agent_billing_02' ? billingMs : othersMs}ms }`).join('\n')}\n`;

describe('breakdown by agent and turn, against the embedded mock', () => {
  it('shows the slow agent; a threshold on its p99 fails while one on another agent passes', async () => {
    const dir = await tempDir();
    // A lower bound is certain (the mock waits 1.5 s), an upper one gets a generous margin on a loaded machine.
    const file = await scenarioFile(dir, `name: slow-agent\nagents: ${JSON.stringify(AGENTS)}\ninputs: [hello]\nload: { concurrency: 6, requests: 30 }\nthresholds: ["p99{agent=agent_billing_02}<1s", "p99{agent=agent_support_01}<1s", "errorRate{turn=1}<1%"]\n${slowBilling(1500, 10)}`);
    const io = captureIo();
    const { exitCode, report } = await runScenario({ scenario: file, out: dir, seed: 1, workers: 2 }, io);
    expect(exitCode).toBe(1);
    const b = report.breakdown!;
    expect(Object.keys(b.agent)).toEqual(AGENTS);
    expect(Object.values(b.agent).map((g) => g.totals.requests)).toEqual([10, 10, 10]);
    expect(b.agent.agent_billing_02!.latency.p50!).toBeGreaterThanOrEqual(1500);
    expect(b.agent.agent_support_01!.latency.p50!).toBeLessThan(b.agent.agent_billing_02!.latency.p50! / 3);
    expect(report.thresholds.map((t) => [t.expression, t.ok])).toEqual([
      ['p99{agent=agent_billing_02}<1s', false],
      ['p99{agent=agent_support_01}<1s', true],
      ['errorRate{turn=1}<1%', true],
    ]);
    expect(report.verdictReasons.join('\n')).toContain('threshold p99{agent=agent_billing_02}<1s failed (agent=agent_billing_02: actual');
    expect(io.text()).toMatch(/by agent\s+requests\s+errors\s+violating\s+p50\s+p99\n\s+agent_support_01\s+10\s/);
    // Two workers' groups merged exactly: the report reads back clean.
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(checkReportInvariants(json, 'report.json')).toEqual([]);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('id="chart-breakdown-agents"');
  });

  it('merges 3 shards group by group, exactly: histograms added, counts summed', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, `name: shards\nagents: ${JSON.stringify(AGENTS)}\ninputs: [hello, refund]\nconversation: { turns: 2 }\nmix: { seed: 3 }\nload: { concurrency: 3, requests: 72 }\n${slowBilling(60, 2)}`);
    const shards: RunReport[] = [];
    for (const i of [1, 2, 3]) shards.push((await runScenario({ scenario: file, out: join(dir, `shard-${i}`), shard: `${i}/3` }, captureIo())).report);
    const io = captureIo();
    const code = await mergeCommand({ files: [1, 2, 3].map((i) => join(dir, `shard-${i}`, 'report.json')), out: join(dir, 'merged'), thresholds: ['p50{agent=agent_billing_02}>=60ms'] }, io);
    expect(code).toBe(0);
    const merged = JSON.parse(await readFile(join(dir, 'merged', 'report.json'), 'utf8')) as RunReport;
    expect(checkReportInvariants(merged, 'merged.json')).toEqual([]);
    for (const dimension of ['agent', 'turn'] as const) {
      const names = Object.keys(merged.breakdown![dimension]);
      expect(names).toEqual(dimension === 'agent' ? AGENTS : ['1', '2']);
      for (const name of names) {
        // A shard takes every third conversation: it may never have sent to some agent.
        const parts = shards.flatMap((s) => s.breakdown![dimension][name] ?? []);
        const group = merged.breakdown![dimension][name]!;
        expect(group.totals.requests).toBe(parts.reduce((n, p) => n + p.totals.requests, 0));
        expect(group.conformance.checked).toBe(parts.reduce((n, p) => n + p.conformance.checked, 0));
        const sum = createLatencyHistogram();
        for (const p of parts) sum.add(decodeHistogram(p.latency.hdr));
        expect(encodeHistogram(decodeHistogram(group.latency.hdr))).toBe(encodeHistogram(sum));
      }
    }
    expect(merged.breakdown!.agent.agent_billing_02!.totals.requests).toBe(24);
    expect(merged.thresholds).toEqual([expect.objectContaining({ expression: 'p50{agent=agent_billing_02}>=60ms', ok: true })]);
  });

  it('a conversation with a cost per turn in the mock shows rising latency by turn', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: turns\nagents: [agent_a]\ninputs: [hello, more, again]\nconversation: { turns: 3 }\nload: { concurrency: 4, requests: 60 }\nmock: { latency: { model: fixed, value: 2ms, perTurn: 150ms } }\n');
    const io = captureIo();
    const { exitCode, report } = await runScenario({ scenario: file, out: dir, seed: 1 }, io);
    expect(exitCode).toBe(0);
    const turns = report.breakdown!.turn;
    expect(Object.keys(turns)).toEqual(['1', '2', '3']);
    expect(Object.values(turns).map((g) => g.totals.requests)).toEqual([20, 20, 20]);
    expect(turns['2']!.latency.p50!).toBeGreaterThanOrEqual(152);
    expect(turns['3']!.latency.p50!).toBeGreaterThanOrEqual(302);
    expect(turns['1']!.latency.p50!).toBeLessThan(turns['2']!.latency.p50!);
    expect(io.text()).toMatch(/by turn\s+requests[^\n]*\n\s+turn 1\s+20\s/);
    expect(io.text()).not.toContain('by agent');
  });

  it('bounds 200 agents to maxGroups: 50 groups and other, and says how many were folded', async () => {
    const dir = await tempDir();
    const agents = Array.from({ length: 200 }, (_, i) => `agent_${String(i).padStart(3, '0')}`);
    const file = await scenarioFile(dir, `name: many\nagents: ${JSON.stringify(agents)}\ninputs: [hello]\nload: { concurrency: 8, requests: 400 }\nchecks: { maxGroups: 50 }\n`);
    const { report } = await runScenario({ scenario: file, out: dir, seed: 1 }, captureIo());
    const b = report.breakdown!;
    expect(Object.keys(b.agent)).toEqual([...agents.slice(0, 50), 'other']);
    expect(b.maxGroups).toBe(50);
    expect(b.folded).toEqual({ agents: 150, turns: 0 });
    expect(b.agent.other!.totals.requests).toBe(300);
    expect(checkReportInvariants(report, 'report.json')).toEqual([]);
  });

  it('a sweep keeps the scenario\'s bound too: its levels add up per agent, past maxGroups in other', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, `name: sweep-groups\nagents: ${JSON.stringify(AGENTS)}\ninputs: [hello]\nload: { concurrency: 4, duration: 1s }\nchecks: { maxGroups: 2 }\nmock: { latency: 5ms }\n`);
    const { report } = await runSweep({ scenario: file, out: join(dir, 'out'), slos: ['p99<30s'], ceiling: 20, steps: 1, levelDuration: '1s', warmup: '0s' }, captureIo());
    const b = report.breakdown!;
    expect(b.maxGroups).toBe(2);
    expect(Object.keys(b.agent)).toEqual([AGENTS[0], AGENTS[1], 'other']);
    expect(b.folded).toEqual({ agents: 1, turns: 0 });
    expect(Object.values(b.agent).reduce((n, g) => n + g.totals.requests, 0)).toBe(report.totals.requests);
    expect(checkReportInvariants(report, 'report.json')).toEqual([]);
  });
});
