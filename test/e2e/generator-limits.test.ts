import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the start, or from the SIGINT when one was sent. */
  elapsedMs: number;
  /** From the SIGINT to the CLI's "stopping" line: how long the event loop took to take the signal. */
  answeredMs?: number;
}

/**
 * The CLI under `ulimit -n limit` (sh -c … exec node, so the limit is the process's own). With
 * `interruptWhen`, SIGINT goes once stderr matches it, or after `interruptAfterMs` at the latest.
 */
function runCli(args: string[], options: { limit?: number; interruptWhen?: RegExp; interruptAfterMs?: number; timeoutMs?: number } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const script = `${options.limit ? `ulimit -n ${options.limit} && ` : ''}exec "$0" "$@"`;
    const child = spawn('/bin/sh', ['-c', script, process.execPath, BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', SIGMAMIND_API_KEY: TEST_KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let from = performance.now();
    let interrupted = false;
    let answeredMs: number | undefined;
    const interrupt = () => {
      if (interrupted) return;
      interrupted = true;
      from = performance.now();
      child.kill('SIGINT');
    };
    const fallback = options.interruptWhen ? setTimeout(interrupt, options.interruptAfterMs ?? 10_000) : undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.interruptWhen?.test(stderr)) interrupt();
      if (interrupted && answeredMs === undefined && stderr.includes('stopping')) answeredMs = performance.now() - from;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 40_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      clearTimeout(fallback);
      resolve({ code, signal, stdout, stderr, elapsedMs: performance.now() - from, ...(answeredMs !== undefined ? { answeredMs } : {}) });
    });
  });
}

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('plans the machine cannot carry are refused before anything is sent', () => {
  for (const [flag, what] of [
    ['--concurrency', 'virtual users'],
    ['--max', 'connections'],
  ] as const) {
    it(`${flag} above the process's file-descriptor limit: exit 2 with the numbers and the fix`, async () => {
      server = await startFaultServer((_req, res) => res.end());
      const dir = await tempDir();
      const scenario = await writeScenario(dir, server.url, '{ concurrency: 1, duration: 5s }');
      const result = await runCli(['run', scenario, flag, '400', '--duration', '5s', '--out', join(dir, 'out')], { limit: 256 });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^chatload: \\(command line\\): ${flag}: 400 ${what} need (\\d+) file descriptors \\(400 \\+ \\d+ kept for the report writer, workers and files\\), above this process's limit of 256 \\(ulimit -n\\); nothing was sent \\(fix: .*ulimit -n \\1, or lower ${flag} to at most \\d+\\)\\n$`));
      expect(result.stdout).toBe('');
      expect(server.connections).toBe(0);
    });
  }

  it('a rate no generator can schedule is refused at once; one above what it can carry is warned about', async () => {
    const refused = await runCli(['run', 'scenarios/smoke.yaml', '--rate', '1e9', '--duration', '10m', '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--rate: 1,000,000,000/s is more than one generator thread can schedule');
    expect(refused.elapsedMs).toBeLessThan(20_000);
    // Planning is arithmetic, never a walk over rate × duration.
    const warned = await runCli(['run', 'scenarios/smoke.yaml', '--rate', '100000', '--duration', '1h', '--dry-run']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('chatload: warning: 100,000/s is above what one generator thread can usually send and check');
    expect(warned.stdout).toContain('requests   360,000,000');
    expect(warned.elapsedMs).toBeLessThan(20_000);
  });
});

describe('a sweep is fitted to the machine as run is', () => {
  it("a ceiling run of more virtual users than the process may open files: exit 2 before anything is sent", async () => {
    const dir = await tempDir();
    const result = await runCli(['sweep', 'scenarios/smoke.yaml', '--slo', 'p99<2s', '--concurrency', '400', '--out', join(dir, 'out')], { limit: 256 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chatload: \(command line\): --concurrency: 400 virtual users need (\d+) file descriptors \(400 \+ 400 for the embedded mock's end of each \+ \d+ kept for the report writer, workers and files\), above this process's limit of 256 \(ulimit -n\); nothing was sent \(fix: .*ulimit -n \1, or lower --concurrency to at most \d+\)\n$/);
    expect(result.stdout).toBe('');
    await expect(readFile(join(dir, 'out', 'report.json'), 'utf8')).rejects.toThrow('ENOENT');
  });

  it('a given ceiling no generator can schedule is refused at once, even with --dry-run', async () => {
    const refused = await runCli(['sweep', 'scenarios/smoke.yaml', '--slo', 'p99<2s', '--ceiling', '1e9', '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('(command line): --ceiling: 1,000,000,000/s is more than one generator thread can schedule');
  });

  it("a level's default in-flight cap above the limit is lowered, said once, and the sweep runs", async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const result = await runCli(['sweep', 'scenarios/smoke.yaml', '--slo', 'p99<2s', '--ceiling', '100', '--steps', '1', '--level-duration', '1s', '--warmup', '0s', '--out', out], { limit: 256 });
    expect(result.code, result.stderr).toBe(0);
    const notes = result.stderr.match(/from the level at 100\/s on, at most (\d+) requests in flight, not [\d,]+ \(rate × timeout\): this process may open 256 files \(ulimit -n\)/g) ?? [];
    expect(notes).toHaveLength(1);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.sweep!.levels.map((l) => l.offered)).toEqual([100]);
    expect(report.totals.generatorErrors ?? 0).toBe(0);
    expect(report.totals.transportErrors).toBe(0);
  });
});

describe('Ctrl-C is honoured at a rate beyond the generator', () => {
  it('takes the signal within a second or two, stops, writes the partial report and exits 130', async () => {
    server = await startFaultServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ rate: 200000, duration: 60s }');
    // The first progress line (every 5 s without a terminal) shows the loop is free; on a loop
    // that never yields it never comes, and SIGINT goes after 12 s anyway.
    const result = await runCli(['run', scenario, '--out', join(dir, 'out')], { interruptWhen: / req · /, interruptAfterMs: 12_000, timeoutMs: 50_000 });
    expect(result.code).toBe(130);
    expect(result.answeredMs).toBeLessThan(3000);
    // Requests in flight get up to the 5 s grace, then the report is written.
    expect(result.elapsedMs).toBeLessThan(20_000);
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as RunReport;
    expect(report.partial).toBe(true);
    expect(report.totals.requests).toBeGreaterThan(0);
    expect(report.durationMs).toBeLessThan(30_000);
  });
});
