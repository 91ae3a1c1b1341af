import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/** Runs the CLI and sends SIGINT once a plain progress line (every 5 s without a TTY) shows traffic (a busy machine may show 0 at first). */
function runThenInterrupt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let interruptedAt = performance.now();
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!interrupted && / [1-9][\d,]* req · /.test(stderr)) {
        interrupted = true;
        interruptedAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - interruptedAt });
    });
  });
}

describe('Ctrl-C during a run', () => {
  for (const [name, flags] of [
    ['closed', ['--concurrency', '5']],
    ['open, 2 workers', ['--rate', '50', '--workers', '2']],
  ] as const) {
    it(`stops sending, writes a valid partial report and exits 130 (${name})`, async () => {
      const out = await tempDir();
      const result = await runThenInterrupt(['run', 'scenarios/smoke.yaml', ...flags, '--duration', '60s', '--out', out]);
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/chatload \d+(\.\d)?s\/1m · [\d,]+ req · [\d.]+ rps · p50 \S+ · p99 \S+ · \d+ errors · \d+ violating\n/);
      expect(result.stderr).toContain('stopping');
      // Well before the 60 s: in-flight requests finish within the grace period.
      expect(result.elapsedMs).toBeLessThan(8000);
      expect(result.stdout).toContain('(PARTIAL)');
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report.partial).toBe(true);
      expect(report.totals.requests).toBeGreaterThan(0);
      expect(report.totals.requests).toBe(report.conformance.checked);
      expect(report.status['201']).toBe(report.totals.responses);
      expect(report.latency.count).toBe(report.totals.responses);
      expect(report.durationMs).toBeLessThan(10_000);
    });
  }
});

/** Bytes the process has read so far (Linux), 0 when unknown. */
function bytesRead(pid: number): number {
  try {
    return Number(/rchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs the CLI and sends `signal` once `when(pid)` holds (polled every 10 ms); the time from the signal to the exit comes back. */
function runAndSignal(args: string[], signal: NodeJS.Signals, when: (pid: number) => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let signalledAt = Number.NaN;
    const send = () => {
      signalledAt = performance.now();
      child.kill(signal);
    };
    const timer = setInterval(() => {
      if (!when(child.pid!)) return;
      clearInterval(timer);
      send();
    }, 10);
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, by) => {
      clearInterval(timer);
      clearTimeout(kill);
      resolve({ code, signal: by, stdout, stderr, afterSignalMs: performance.now() - signalledAt });
    });
  });
}

describe('a signal at any moment is exit 130', () => {
  // Linux: how far start-up has got shows in /proc/<pid>/io: node itself reads about 0.25 MB before
  // running chatload's first line, and the sources are about 6.5 MB more.
  it.skipIf(process.platform !== 'linux').each(['SIGTERM', 'SIGINT'] as const)('%s while the sources still load: exit 130 with a message, nothing written', async (signal) => {
    const out = await tempDir();
    const result = await runAndSignal(['run', 'scenarios/smoke.yaml', '--out', out], signal, (pid) => bytesRead(pid) > 1_500_000);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('chatload: interrupted');
    expect(result.stdout).toBe('');
    expect(await readdir(out)).toEqual([]);
  });

  // Linux: the moment the data file is being read shows in /proc/<pid>/io (chatload itself reads about 7 MB of sources).
  it.skipIf(process.platform !== 'linux')('SIGINT while a large data file loads: no plan printed, exit 130 within moments', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `Customer ${i},plan${i % 7},"region, ${i % 13}"`);
    await writeFile(join(dir, 'customers.csv'), `customer_name,plan,region\n${rows.join('\n')}\n`);
    await writeFile(join(dir, 'big.yaml'), 'name: big\ntarget: mock\nagents: [agent_support_01]\ninputs: [hello]\nvariables: { file: customers.csv }\nload: { concurrency: 1, requests: 3 }\n');
    const result = await runAndSignal(['run', join(dir, 'big.yaml'), '--dry-run'], 'SIGINT', (pid) => bytesRead(pid) > 20_000_000);
    expect(result.code).toBe(130);
    expect(result.stdout).not.toContain('#0');
    expect(result.afterSignalMs).toBeLessThan(5000);
  });
});
