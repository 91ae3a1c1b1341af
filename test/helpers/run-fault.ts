import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runScenario, type RunOptions, type RunResult } from '../../src/commands/run.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from './cli.js';
import { bufferIo, TEST_KEY, writeScenario } from './fault-server.js';

export interface FaultRun extends RunResult {
  stdout: string;
  stderr: string;
  /** report.json as written to disk. */
  written: RunReport;
  html: string;
}

/** Runs a scenario against a loopback target in-process and checks the report was written whole. */
export async function runAgainst(target: string, load: string, extra = '', env: NodeJS.ProcessEnv = { SIGMAMIND_API_KEY: TEST_KEY }, options: Pick<RunOptions, 'signal' | 'graceMs'> = {}): Promise<FaultRun> {
  const dir = await tempDir();
  const scenario = await writeScenario(dir, target, load, extra);
  const io = bufferIo();
  const out = join(dir, 'out');
  const result = await runScenario({ scenario, out, env, ...options }, io);
  const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
  const html = await readFile(join(out, 'report.html'), 'utf8');
  // Complete: every request sent was checked, counted once, and the files agree with the result.
  expect(written).toEqual(JSON.parse(JSON.stringify(result.report)));
  expect(written.conformance.checked).toBe(written.totals.requests);
  expect(written.totals.responses + written.totals.transportErrors).toBe(written.totals.requests);
  expect(Object.values(written.status).reduce((a, b) => a + b, 0)).toBe(written.totals.responses);
  expect(html).toContain('</html>');
  expect(io.stdout).toContain('verdict');
  return { ...result, stdout: io.stdout, stderr: io.stderr, written, html };
}
