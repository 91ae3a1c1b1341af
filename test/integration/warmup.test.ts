import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { RunReport } from '../../src/report/types.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, createAnswerer, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';

const SLOW_MS = 500;

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback API that answers its first `slow` requests after SLOW_MS (a cold start), then at once. */
async function coldStartServer(slow: number): Promise<FaultServer> {
  const answer = createAnswerer();
  let seen = 0;
  return startFaultServer((req, res) => {
    const cold = seen++ < slow;
    void answer(req).then(({ status, payload }) =>
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(payload), cold ? SLOW_MS : 0),
    );
  });
}

/** The warm-up is counted and checked apart, and nothing of it is in the measured figures. */
function expectApart(report: RunReport, sent: number, warm: number): void {
  const w = report.warmup!;
  expect(w.totals.requests).toBe(warm);
  expect(report.totals.requests + w.totals.requests).toBe(sent);
  expect(w.conformance.checked).toBe(warm);
  expect(report.conformance.checked).toBe(report.totals.requests);
  expect(w.status).toEqual({ '201': warm });
  // Every cold answer is in the warm-up, none in the latency figures.
  expect(w.latency.count).toBe(warm);
  expect(w.latency.max!).toBeGreaterThanOrEqual(SLOW_MS);
  expect(report.latency.count + (report.totals.untimed ?? 0)).toBe(report.totals.requests);
  expect(report.latency.max!).toBeLessThan(SLOW_MS);
  for (const l of Object.values(report.latencyByStatusClass)) expect(l.max!).toBeLessThan(SLOW_MS);
  expect(report.timeline.reduce((n, p) => n + p.requests, 0)).toBe(report.totals.requests);
  expect(report.timeline.reduce((n, p) => n + (p.warmup ?? 0), 0)).toBe(warm);
  expect(report.verdict).toBe('pass');
}

describe('warm-up against a cold-starting target', () => {
  it('closed model: the first N exchanges are counted and checked, and kept out of the latency', async () => {
    server = await coldStartServer(5);
    const run = await runAgainst(server.url, '{ concurrency: 1, requests: 40, warmup: 5 }', 'thresholds: ["p99<400ms", "requests==35"]');
    expect(run.exitCode).toBe(0);
    expectApart(run.written, 40, 5);
    expect(run.written.load.warmup).toEqual({ requests: 5 });
    expect(run.stdout).toMatch(/warm-up {4}5 requests in the first [\d.]+s, kept out of the figures above/);
    expect(run.html).toContain('id="warmup"');
  });

  it('open model: every request started in the first 500 ms is warm-up, whenever it ends', async () => {
    server = await coldStartServer(10);
    const run = await runAgainst(server.url, '{ rate: 50, duration: 2s, warmup: 500ms }', 'timeout: 5s');
    const warm = run.written.warmup!.totals.requests;
    // 50/s for 500 ms: about 25 arrivals, the first 10 of them slow.
    expect(warm).toBeGreaterThanOrEqual(20);
    expect(warm).toBeLessThanOrEqual(30);
    expectApart(run.written, 100, warm);
    expect(run.written.warmup!.durationMs).toBe(500);
  });

  it('max model (autocannon): the first N answers are the warm-up', async () => {
    server = await coldStartServer(6);
    const run = await runAgainst(server.url, '{ model: max, connections: 2, requests: 40, warmup: 6 }', 'timeout: 5s');
    expectApart(run.written, 40, 6);
  });

  it('--workers: each worker keeps its share of the warm-up apart, and the merge keeps them apart too', async () => {
    server = await coldStartServer(6);
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 2, requests: 40 }', 'timeout: 5s\n');
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, workers: 2, warmup: '6' }, bufferIo());
    expect(result.report.load.workers).toBe(2);
    expectApart(result.report, 40, 6);
  });
});
