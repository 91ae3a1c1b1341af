import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createChatHandler } from '../../src/mock/create-chat.js';
import { createRng } from '../../src/random.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, startFaultServer, TEST_AGENT, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';

const SLOW_MS = 300;

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A loopback API with a cold start: its first `cold` requests (per request input, when `perInput`)
 * wait SLOW_MS and answer a declared 500 with a valid Error body; the rest get a spec-true 201 at
 * once. The 5xx answers mark the cold ones in every figure, whatever the machine's load does to
 * the timings.
 */
async function coldStartServer(cold: number, perInput = false): Promise<FaultServer> {
  const handle = createChatHandler(mockConfigFor({ agents: [TEST_AGENT], apiKey: TEST_KEY }), loadContract().validateRequest, createRng(1));
  const seen = new Map<string, number>();
  return startFaultServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      const key = perInput ? String((JSON.parse(bodyText) as { input?: unknown }).input) : '';
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      if (n < cold) {
        const error = { timestamp: new Date().toISOString(), status: 500, error: 'Internal Server Error', message: 'warming up', path: '/v1/chats' };
        setTimeout(() => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(error)), SLOW_MS);
        return;
      }
      const apiKey = req.headers['x-api-key'];
      const answer = handle({ method: 'POST', path: '/v1/chats', apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey, contentType: req.headers['content-type'], bodyText }).response;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.json);
    });
  });
}

/** The warm-up is counted and checked apart, and nothing of it is in the measured figures. */
function expectApart(report: RunReport, sent: number, warm: number): void {
  const w = report.warmup!;
  expect(w.totals.requests).toBe(warm);
  expect(report.totals.requests + w.totals.requests).toBe(sent);
  // Counted and checked: every cold answer, and only those, is in the warm-up.
  expect(w.conformance.checked).toBe(warm);
  expect(w.status).toEqual({ '500': warm });
  expect(w.totals.errors).toBe(warm);
  expect(Object.keys(w.latencyByStatusClass)).toEqual(['5xx']);
  expect(w.latency.count).toBe(warm);
  expect(w.latency.min!).toBeGreaterThanOrEqual(SLOW_MS - 1);
  // Kept out of the latency (no 5xx row, no 5xx in `all`), the statuses, the errors and the timeline.
  expect(report.status).toEqual({ '201': sent - warm });
  expect(report.totals.errors).toBe(0);
  expect(Object.keys(report.latencyByStatusClass)).toEqual(['2xx']);
  expect(report.latency.count).toBe(sent - warm);
  expect(report.latencyByStatusClass['2xx']!.count).toBe(sent - warm);
  expect(report.conformance.checked).toBe(report.totals.requests);
  expect(report.timeline.reduce((n, p) => n + p.requests, 0)).toBe(report.totals.requests);
  expect(report.timeline.reduce((n, p) => n + p.errors, 0)).toBe(0);
  expect(report.timeline.reduce((n, p) => n + (p.warmup ?? 0), 0)).toBe(warm);
  expect(report.verdict).toBe('pass');
}

describe('warm-up against a cold-starting target', () => {
  it('closed model: the first N exchanges are counted and checked, and kept out of the figures and thresholds', async () => {
    server = await coldStartServer(5);
    const run = await runAgainst(server.url, '{ concurrency: 1, requests: 40, warmup: 5 }', 'thresholds: ["errorRate==0%", "requests==35"]');
    expect(run.exitCode).toBe(0);
    expectApart(run.written, 40, 5);
    expect(run.written.thresholds.every((t) => t.ok)).toBe(true);
    expect(run.written.load.warmup).toEqual({ requests: 5 });
    expect(run.stdout).toMatch(/warm-up {4}5 requests in the first [\d.]+s, kept out of the figures above/);
    expect(run.html).toContain('id="warmup"');
  });

  it('open model: every request intended in the first 500 ms is warm-up, whenever it ends', async () => {
    server = await coldStartServer(10);
    const run = await runAgainst(server.url, '{ rate: 50, duration: 2s, warmup: 500ms }', 'timeout: 5s');
    // Constant arrivals at 50/s: 25 of them are intended before 500 ms, the first 10 of them cold.
    expect(run.written.warmup!.totals.requests).toBe(25);
    expect(run.written.warmup!.status).toEqual({ '201': 15, '500': 10 });
    expect(run.written.status).toEqual({ '201': 75 });
    expect(run.written.latency.count).toBe(75);
    expect(run.written.warmup!.durationMs).toBe(500);
  });

  it('max model (autocannon): the first N answers are the warm-up', async () => {
    server = await coldStartServer(6);
    // One connection: the first 6 answers are the first 6 requests, so exactly the cold ones.
    const run = await runAgainst(server.url, '{ model: max, connections: 1, requests: 30, warmup: 6 }', 'timeout: 5s');
    expectApart(run.written, 30, 6);
  });

  it('--workers: each worker keeps its share of the warm-up apart, and the merge keeps them apart too', async () => {
    // Two workers with one user each: worker 0 sends the even requests (input "hello there"), worker 1
    // the odd ones; each keeps its first 3 answers apart, and the server is cold for the first 3 of each.
    server = await coldStartServer(3, true);
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 2, requests: 40 }', 'timeout: 5s\n');
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, workers: 2, warmup: '6' }, bufferIo());
    expect(result.report.load.workers).toBe(2);
    expectApart(result.report, 40, 6);
  });
});
