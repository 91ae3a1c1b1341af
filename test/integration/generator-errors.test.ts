import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * Runs test/helpers/emfile-run.ts in a child process whose descriptor limit is `limit`; returns what it printed.
 * Each mode takes every free descriptor itself, so the limit only has to leave room for loading the
 * modules (the ESM loader reads them in parallel: a limit of 64 ran out before the first line ran).
 */
function runUnderLimit<T>(limit: number, mode: 'open' | 'closed' | 'write', out = ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `ulimit -n ${limit} && exec "$0" --import tsx test/helpers/emfile-run.ts "$1" "$2"`, process.execPath, mode, out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      if (code !== 0) return reject(new Error(`the run exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout) as T);
    });
  });
}

describe('the generator out of descriptors mid-run', () => {
  it('counts EMFILE as the generator’s (not the target’s), writes the report and says the generator was the bottleneck', async () => {
    const out = join(await tempDir(), 'out');
    const result = await runUnderLimit<{ exitCode: number; stdout: string; stderr: string }>(1024, 'open', out);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    const generator = report.transportErrors.generator ?? 0;
    expect(generator).toBeGreaterThan(0);
    expect(report.totals.generatorErrors).toBe(generator);
    // Not the target's errors: not in errors, not checked, not violations.
    const statusErrors = Object.entries(report.status).reduce((n, [code, count]) => n + (Number(code) >= 400 ? count : 0), 0);
    expect(report.totals.errors).toBe(report.totals.transportErrors - generator + statusErrors);
    expect(report.conformance.checked).toBe(report.totals.requests - generator);
    expect(report.totals.errorRate).toBeCloseTo(report.totals.errors / (report.totals.requests - generator), 10);
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons.join('\n')).toContain(`the load generator was the bottleneck: ${generator} of ${report.totals.requests} requests failed on this machine`);
    expect(result.stdout).toContain(`generator ${generator}`);
    expect(result.stdout).toContain(join(out, 'report.json'));
    expect(result.exitCode).toBe(1);
  });

  it('a virtual user whose connection fails on this machine pauses before the next: no spin, Ctrl-C still ends the run', async () => {
    const result = await runUnderLimit<{ elapsedMs: number; requests: number; transportByKind: Record<string, number> }>(1024, 'closed');
    expect(result.transportByKind).toEqual({ generator: result.requests });
    // Interrupted after 500 ms of a 20 s run: a loop that never yields would only stop at the 20 s.
    expect(result.elapsedMs).toBeLessThan(5000);
    // 20 users, one attempt each per pause, for about half a second.
    expect(result.requests).toBeLessThan(2000);
  });

  it('reports written while sockets are still giving their descriptors back: EMFILE is waited out, not fatal', async () => {
    const result = await runUnderLimit<{ files?: string[]; error?: string }>(1024, 'write');
    expect(result.error).toBeUndefined();
    expect(result.files).toHaveLength(1);
  });
});
