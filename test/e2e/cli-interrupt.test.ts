import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/types.js';
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
