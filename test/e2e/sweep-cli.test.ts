import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

const SCENARIO = ['name: capacity-160', 'target: mock', 'agents: [agent_support_01]', 'inputs: ["Where is my order?"]', 'load: { concurrency: 1, duration: 1s }', 'timeout: 10s', 'mock:', '  latency: 50ms', '  capacity: { slots: 8 }', ''].join('\n');

describe('chatload sweep: bad flags', () => {
  for (const [flags, message] of [
    [['--slo', 'p99<2s', '--steps', '0'], '--steps: must be a whole number from 1 to 50, got 0'],
    [['--slo', 'p99<2s', '--resolution', '200%'], '--resolution: must be a share above 0 % and below 100 %, got "200%"'],
    [['--slo', 'p98x<1s'], '--slo: "p98x<1s" names an unknown metric "p98x"'],
    [[], '--slo: is missing'],
    [['--slo', 'p99<2s', '--spacing', 'cubic'], 'Invalid values'],
    [['--slo', 'p99<2s', '--threshold', 'p99{agent=agent_biling_02}<2s'], 'selects agent=agent_biling_02, but the scenario has no such agent (fix: did you mean agent=agent_billing_02?'],
  ] as const) {
    it(`${flags.join(' ') || '(no --slo)'}: exit 2, nothing sent, nothing written`, async () => {
      const out = await tempDir();
      const result = await runCli(['sweep', 'scenarios/smoke.yaml', ...flags, '--out', join(out, 'r')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    });
  }
});

describe('chatload sweep against a real (non-loopback) target: the gate of run', () => {
  const REMOTE = 'https://api.sigmamind.invalid';
  const KEY = 'sk-live-sweep-canary-000000000000';
  it('prints the plan with its request budget and refuses without --yes when there is no terminal; nothing is sent', async () => {
    const result = await runCli(['sweep', 'scenarios/smoke.yaml', '--target', REMOTE, '--slo', 'p99<2s', '--ceiling', '20', '--steps', '2', '--level-duration', '10s', '--out', await tempDir()], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('this sweep sends real requests to a remote API');
    expect(result.stderr).toMatch(/requests   at most [\d,]+: [\d,]+ in the levels, up to [\d,]+ in the bisection \(cap 10,000 across every level/);
    expect(result.stderr).toContain('--yes: refusing to load https://api.sigmamind.invalid without confirmation');
    expect(result.stderr + result.stdout).not.toContain(KEY);
  });
  it('refuses a budget above --max-requests before anything is sent, and --dry-run shows the plan', async () => {
    const over = await runCli(['sweep', 'scenarios/smoke.yaml', '--target', REMOTE, '--slo', 'p99<2s', '--ceiling', '100', '--max-requests', '500', '--yes'], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--max-requests: the sweep sends up to [\d,]+ requests to https:\/\/api.sigmamind.invalid, above the cap of 500 \(fix: raise the cap explicitly/);
    const dry = await runCli(['sweep', 'scenarios/smoke.yaml', '--target', REMOTE, '--slo', 'p99<2s', '--dry-run'], { env: { SIGMAMIND_API_KEY: '' } });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('nothing is sent');
    expect(dry.stdout).toContain('ceiling    measured first: a closed-model run of 64 virtual users');
    expect(dry.stdout).toContain('requests   at most 10,000 (cap 10,000 across every level');
  });
});

describe('chatload sweep: Ctrl-C mid-sweep', () => {
  it('writes a partial report with the levels completed, and exits 130', async () => {
    const dir = await tempDir();
    const scenario = join(dir, 'capacity.yaml');
    await writeFile(scenario, SCENARIO);
    const out = join(dir, 'out');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'sweep', scenario, '--slo', 'p99<2s', '--ceiling', '100', '--steps', '6', '--level-duration', '1s', '--warmup', '0s', '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Once two levels are done, the third is under way: interrupt it.
        if (!sent && /level 2 /.test(stderr)) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 300);
        }
      });
      const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(kill);
        resolve({ code, stdout, stderr });
      });
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('stopping');
    expect(result.stdout).toContain('PARTIAL');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.partial).toBe(true);
    const sweep = report.sweep!;
    expect(sweep.ended).toBe('interrupted');
    const complete = sweep.levels.filter((l) => l.complete);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(complete.length).toBeLessThan(6);
    expect(sweep.levels.at(-1)!.complete).toBe(false);
    expect(sweep.conclusion).toMatch(/^interrupted after \d+ complete levels/);
    // What was sent is all in the report: the levels' requests add up to the whole sweep's.
    expect(sweep.levels.reduce((n, l) => n + l.totals.requests, 0)).toBe(report.totals.requests);
    // The partial report reads back and redraws.
    const redrawn = await runCli(['report', join(out, 'report.json')]);
    expect(redrawn.code).toBe(0);
  });
});
