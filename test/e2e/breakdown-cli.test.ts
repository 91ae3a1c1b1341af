import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** Thresholds on a group that does not exist: exit 2 with the groups there are, before anything is sent. */
let dir: string;
let scenario: string;
beforeAll(async () => {
  dir = await tempDir('chatload-breakdown-cli-');
  scenario = join(dir, 'agents.yaml');
  await writeFile(scenario, 'name: agents\nagents: [agent_support_01, agent_billing_02, agent_returns_03]\ninputs: [hello]\nconversation: { turns: 2 }\nload: { concurrency: 2, requests: 12 }\nthresholds: ["errorRate<1%"]\n');
});

const exists = (path: string) => access(path).then(() => true, () => false);

describe('threshold selectors on the command line', () => {
  it('an agent the scenario does not have: exit 2, did you mean, nothing sent or written', async () => {
    const out = join(dir, 'typo');
    const result = await runCli(['run', scenario, '--threshold', 'p99{agent=agent_biling_02}<2s', '--out', out], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      `chatload: (command line): --threshold: "p99{agent=agent_biling_02}<2s" selects agent=agent_biling_02, but the scenario has no such agent (fix: did you mean agent=agent_billing_02? the scenario's agents: agent_support_01, agent_billing_02, agent_returns_03)`,
    );
    expect(await exists(out)).toBe(false);
  });

  it('a turn past the conversation and a key chatload does not group by: both named, with their fix', async () => {
    const file = join(dir, 'bad-keys.yaml');
    await writeFile(file, 'name: agents\nagents: [a]\ninputs: [hello]\nconversation: { turns: 2 }\nload: { concurrency: 1, requests: 2 }\nthresholds: ["errorRate{turn=3}<1%"]\n');
    const turn = await runCli(['run', file, '--out', join(dir, 'turn')], { timeoutMs: 30_000 });
    expect(turn.code, turn.stderr).toBe(2);
    expect(turn.stderr).toContain(`${file}: thresholds[0]: "errorRate{turn=3}<1%" selects turn=3, but the scenario has no such turn (fix: the scenario's turns: 1, 2)`);
    const lint = await runCli(['validate', file], { timeoutMs: 30_000 });
    expect(lint.code, lint.stderr).toBe(2);
    expect(lint.stderr).toContain(`${file}: thresholds[0]: "errorRate{turn=3}<1%" selects turn=3, but the scenario has no such turn`);
    const key = await runCli(['run', file, '--threshold', 'p99{agentId=a}<1s', '--out', join(dir, 'key')], { timeoutMs: 30_000 });
    expect(key.code, key.stderr).toBe(2);
    expect(key.stderr).toContain('"p99{agentId=a}<1s" selects by "agentId", which chatload does not group by (fix: did you mean agent?');
  });

  it('passes and fails per group in a run, and merge checks its selectors against the merged groups', async () => {
    const out = join(dir, 'run');
    const run = await runCli(['run', scenario, '--threshold', 'requests{agent=agent_billing_02}==4', '--threshold', 'requests{turn=2}>6', '--out', out], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/ok {3}requests\{agent=agent_billing_02\}==4 {2}\(agent=agent_billing_02: actual 4\)/);
    expect(run.stdout).toMatch(/FAIL requests\{turn=2\}>6 {2}\(turn=2: actual 6\)/);
    expect(run.stdout).toMatch(/by agent\s+requests/);
    const merged = await runCli(['merge', join(out, 'report.json'), '--threshold', 'p99{agent=agent_xyz}<1s', '--out', join(dir, 'merged')], { timeoutMs: 30_000 });
    expect(merged.code, merged.stderr).toBe(2);
    expect(merged.stderr).toContain("selects agent=agent_xyz, but the merged run has no such agent (fix: the merged run's agents: agent_support_01, agent_billing_02, agent_returns_03)");
    expect(await exists(join(dir, 'merged'))).toBe(false);
  });
});
