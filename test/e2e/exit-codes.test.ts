import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mockConfigFor } from '../../src/mock/config.js';
import { startMockServer } from '../../src/mock/server.js';
import type { RunReport } from '../../src/run-report.js';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { latencies, reportOf } from '../helpers/reports.js';

const SHORT = ['scenarios/smoke.yaml', '--duration', '1s'];
const readReport = async (dir: string) => JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('exit codes (CLI)', () => {
  it('0: every threshold held; junit.xml written', async () => {
    const out = await tempDir();
    const result = await runCli(['run', ...SHORT, '--out', out, '--threshold', 'p99<10s', '--threshold', 'errorRate<1%', '--threshold', 'goodput(10s)>=99%']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok {3}goodput\(10s\)>=99% {2}\(actual 100%/);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase name="p99&lt;10s" classname="chatload.smoke.thresholds" time="0.000"/>');
    expect((await readReport(out)).thresholds.every((t) => t.ok)).toBe(true);
  });

  it('1: a threshold failed', async () => {
    const out = await tempDir();
    const result = await runCli(['run', ...SHORT, '--out', out, '--threshold', 'rps>1000000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL rps>1000000');
    expect(result.stdout).toMatch(/verdict {4}FAIL\n {4}- threshold rps>1000000 failed/);
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<failure message="rps&gt;1000000 failed');
  });

  it('2: an unknown metric, from the command line or the scenario, before any traffic', async () => {
    const dir = await tempDir();
    const flag = await runCli(['run', ...SHORT, '--out', dir, '--threshold', 'p98x<1s']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('(command line): --threshold: "p98x<1s" names an unknown metric "p98x" (fix: known metrics');
    await expect(access(join(dir, 'report.json'))).rejects.toThrow();

    const file = join(dir, 'bad-threshold.yaml');
    await writeFile(file, 'name: x\nagents: [agent_support_01]\ninputs: [hi]\nload: { concurrency: 1, requests: 1 }\nthresholds: ["p99<1s", "latency<1s"]\n');
    const scenario = await runCli(['run', file, '--out', dir]);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain(`${file}: thresholds[1]: "latency<1s" names an unknown metric "latency"`);

    const shard = await runCli(['run', ...SHORT, '--out', dir, '--shard', '4/3']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard: "4/3" is not a shard');

    const compare = await runCli(['compare', join(dir, 'missing.json'), join(dir, 'bad-threshold.yaml')]);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toContain(`${join(dir, 'missing.json')}: BASELINE: report not found`);
  });

  it('3: the target answered nothing (a closed loopback port)', async () => {
    const out = await tempDir();
    const port = await closedPort();
    const result = await runCli(['run', ...SHORT, '--target', `http://127.0.0.1:${port}`, '--out', out], { env: { SIGMAMIND_API_KEY: 'sk-test-exit-3' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*nothing was sent/);
    expect(result.stdout + result.stderr).not.toContain('sk-test-exit-3');
  });

  it('130: interrupted mid-run; the partial report is still written', async () => {
    const out = await tempDir();
    const key = 'sk-test-exit-130';
    const mock = await startMockServer(mockConfigFor({ agents: ['agent_support_01', 'agent_billing_02', 'agent_returns_03'], apiKey: key, latency: { kind: 'fixed', ms: 5 } }));
    try {
      const args = [BIN, 'run', 'scenarios/smoke.yaml', '--target', mock.url, '--duration', '30s', '--out', out];
      const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', SIGMAMIND_API_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.resume();
      // Interrupt once traffic is flowing (the signal handler is in place by then), not after a guessed delay.
      const poll = setInterval(() => {
        if (mock.stats().requests >= 20) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
      const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      clearInterval(poll);
      clearTimeout(guard);
      expect(code).toBe(130);
      expect(stderr).toContain('stopping');
    } finally {
      await mock.close();
    }
    const report = await readReport(out);
    expect(report.partial).toBe(true);
    expect(report.durationMs).toBeLessThan(20_000);
    expect(report.totals.requests).toBeGreaterThan(0);
  });
});

describe('compare and merge (CLI) on synthetic reports', () => {
  const fast = reportOf(latencies(20_000, 100, 0.1, 1).map((ms) => ({ ms })));
  const slow = reportOf(latencies(20_000, 100, 0.1, 1).map((ms) => ({ ms: ms * 1.3 })));

  it('compare exits 0 without a regression and 1 with one, and writes the baseline into the report', async () => {
    const dir = await tempDir();
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    await writeFile(a, JSON.stringify(fast));
    await writeFile(b, JSON.stringify(slow));
    const same = await runCli(['compare', a, a]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('PASS: no regression');

    const out = join(dir, 'out');
    const worse = await runCli(['compare', a, b, '--out', out]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/p99 .* FAIL +slower by/);
    const report = await readReport(out);
    expect(report.baseline).toMatchObject({ file: a, verdict: 'fail' });
    expect(report.baseline!.metrics.find((m) => m.metric === 'p99')).toMatchObject({ verdict: 'fail' });
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('classname="chatload.synthetic.baseline"');
  });

  it('merge re-evaluates thresholds on the merged result: exit 1 when one fails', async () => {
    const dir = await tempDir();
    const files = [join(dir, 'a.json'), join(dir, 'b.json')];
    await writeFile(files[0]!, JSON.stringify({ ...fast, thresholds: [{ expression: 'requests>=30000', actual: 20000, ok: false }] }));
    // Another run of the same size (the same run twice would be refused as a duplicate).
    await writeFile(files[1]!, JSON.stringify(reportOf(latencies(20_000, 100, 0.1, 2).map((ms) => ({ ms })))));
    const ok = await runCli(['merge', ...files, '--out', join(dir, 'm1')]);
    expect(ok.code).toBe(0);
    expect((await readReport(join(dir, 'm1'))).thresholds).toEqual([expect.objectContaining({ expression: 'requests>=30000', actual: 40000, ok: true })]);
    const failed = await runCli(['merge', ...files, '--out', join(dir, 'm2'), '--threshold', 'requests>50000']);
    expect(failed.code).toBe(1);
  });
});
