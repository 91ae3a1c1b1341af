import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import { ExitCode } from '../../src/errors.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, createAnswerer, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';

// The checks are the code a fatal error is most likely to come from: make them throw on demand.
const failAfter = vi.hoisted(() => ({ calls: 0, limit: Number.POSITIVE_INFINITY }));
vi.mock('../../src/contract/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/contract/index.js')>();
  return {
    ...real,
    createChecker: (...args: Parameters<typeof real.createChecker>) => {
      const checker = real.createChecker(...args);
      return {
        ...checker,
        check: (exchange: Parameters<typeof checker.check>[0]) => {
          if (++failAfter.calls > failAfter.limit) throw new RangeError(`checker blew up on exchange ${failAfter.calls}`);
          return checker.check(exchange);
        },
      };
    },
  };
});

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  failAfter.calls = 0;
  failAfter.limit = Number.POSITIVE_INFINITY;
});

async function slowServer(delayMs: number): Promise<FaultServer> {
  const answer = createAnswerer();
  return startFaultServer((req, res) => {
    void answer(req).then(({ status, payload }) => setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(payload), delayMs));
  });
}

async function readReport(out: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
}

describe('reports are never lost', () => {
  it('a fatal error inside the run stops it, and the partial report is written and says so', async () => {
    server = await slowServer(5);
    failAfter.limit = 5;
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 2, duration: 10s }', 'timeout: 2s\n');
    const io = bufferIo();
    const started = performance.now();
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY } }, io);
    expect(performance.now() - started).toBeLessThan(5000);
    const report = await readReport(join(dir, 'out'));
    expect(report.partial).toBe(true);
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons.join(' ')).toContain('the run stopped early after an error: checker blew up on exchange 6');
    expect(report.totals.requests).toBe(5);
    expect(io.stdout).toContain('(PARTIAL)');
    expect(io.stderr).toContain('the run stopped early: checker blew up');
    expect(io.stderr).not.toMatch(/\n\s+at /);
    expect(result.exitCode).toBe(ExitCode.verdictFailed);
  });

  it('a fatal error on the very first exchange still writes a (partial, empty) report', async () => {
    server = await slowServer(0);
    failAfter.limit = 0;
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 1, requests: 50 }', 'timeout: 2s\n');
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY } }, bufferIo());
    const report = await readReport(join(dir, 'out'));
    expect(report.partial).toBe(true);
    expect(report.totals.requests).toBe(0);
    expect(result.exitCode).toBe(ExitCode.verdictFailed);
  });

  it('an interrupt (Ctrl-C) stops the run: exit 130 and a partial report with what was measured', async () => {
    server = await slowServer(20);
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ rate: 50, duration: 20s }', 'timeout: 2s\n');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 600);
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, signal: controller.signal }, bufferIo());
    expect(result.exitCode).toBe(ExitCode.interrupted);
    const report = await readReport(join(dir, 'out'));
    expect(report.partial).toBe(true);
    expect(report.totals.requests).toBeGreaterThan(10);
    expect(report.totals.requests).toBe(report.totals.responses);
    expect(report.verdictReasons.join(' ')).toContain('partial');
  });
});
