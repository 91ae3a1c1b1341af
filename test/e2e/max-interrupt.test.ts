import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startFaultServer, TEST_KEY, writeScenario } from '../helpers/fault-server.js';

describe('Ctrl-C in max mode', () => {
  it('with requests in flight to a server that never answers: they are counted (closed after the grace period), exit 130', async () => {
    const server = await startFaultServer((req) => void req.resume());
    let child: ChildProcess | undefined;
    const interrupt = setInterval(() => {
      if (server.requests < 3 || !child) return;
      clearInterval(interrupt);
      child.kill('SIGINT');
    }, 20);
    try {
      const dir = await tempDir();
      const scenario = await writeScenario(dir, server.url, '{ connections: 3, duration: 60s }', 'timeout: 30s\n');
      const out = join(dir, 'out');
      const result = await runCli(['run', scenario, '--out', out], { env: { SIGMAMIND_API_KEY: TEST_KEY }, onStarted: (c) => (child = c), timeoutMs: 40_000 });
      expect(result.code, result.stderr).toBe(130);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report.partial).toBe(true);
      expect(report.totals.requests).toBe(3);
      expect(report.transportErrors).toEqual({ closed: 3 });
      expect(report.conformance.samples[0]?.message).toContain('grace period');
    } finally {
      clearInterval(interrupt);
      await server.close();
    }
  });
});
