import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createChatHandler } from '../../src/mock/create-chat.js';
import { createRng } from '../../src/random.js';
import type { RunReport } from '../../src/run-report.js';
import { createRequestSource } from '../../src/scenario/source.js';
import { BIN, ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';

const API_KEY = 'sk-start-at-test';
const AGENTS = ['agent_a', 'agent_b'];
const INPUTS = Array.from({ length: 30 }, (_, i) => `question number ${i}`);
const TOTAL = 60; // = agents × inputs: with the cartesian mix every request body is distinct

interface Arrival {
  body: string;
  at: number;
}

/** A spec-true Create Chat server (the mock's handler) that remembers every body and when it came. */
function startRecordingServer(): Promise<{ server: Server; url: string; arrivals: Arrival[] }> {
  const handle = createChatHandler(mockConfigFor({ agents: AGENTS, apiKey: API_KEY }), loadContract().validateRequest, createRng(1));
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      arrivals.push({ body: bodyText, at });
      const key = req.headers['x-api-key'];
      const answer = handle({ method: req.method ?? 'POST', path: req.url ?? '/', apiKey: Array.isArray(key) ? key[0] : key, contentType: req.headers['content-type'], bodyText }).response;
      // 20 ms per request: each shard's 20 requests over 2 users take about 0.2 s, so the shards overlap.
      setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.json) }).end(answer.json), 20);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals })));
}

/** Runs the CLI; sends SIGINT once stderr shows `waitFor`. */
function runAndInterrupt(args: string[], waitFor: string): Promise<CliResult & { afterInterruptMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', SIGMAMIND_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interruptedAt: number | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (interruptedAt === undefined && stderr.includes(waitFor)) {
        interruptedAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, stdout, stderr, afterInterruptMs: performance.now() - (interruptedAt ?? 0) });
    });
  });
}

const readReport = async (dir: string) => JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;

describe('run --start-at', () => {
  let target: Awaited<ReturnType<typeof startRecordingServer>>;
  let scenario: string;
  beforeAll(async () => {
    target = await startRecordingServer();
    scenario = join(await tempDir(), 'shards.yaml');
    await writeFile(scenario, `name: start-at\nagents: ${JSON.stringify(AGENTS)}\ninputs: ${JSON.stringify(INPUTS)}\nmix: { strategy: cartesian }\nload: { concurrency: 6, requests: ${TOTAL} }\n`);
  });
  afterAll(async () => {
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
  });
  const env = { SIGMAMIND_API_KEY: API_KEY };

  it('3 shards started 0, 1 and 2 s apart send their load together, and merge into exactly what one run of the same requests gives', async () => {
    const dir = await tempDir();
    target.arrivals.length = 0;
    const spawnedAt = Date.now();
    // Far enough ahead for the last shard, spawned 2 s after the first, to load on a loaded 2-core
    // machine (where starting one took up to 9 s while the others started too).
    const startAt = new Date(spawnedAt + 15_000).toISOString();
    const shards = await Promise.all(
      [1, 2, 3].map(async (i) => {
        await sleep((i - 1) * 1000);
        // Shard 1 in 2 worker threads: they load during the wait and start at the instant too.
        return runCli(['run', scenario, '--target', target.url, '--shard', `${i}/3`, '--start-at', startAt, ...(i === 1 ? ['--workers', '2'] : []), '--out', join(dir, `shard-${i}`)], { env, timeoutMs: 60_000 });
      }),
    );
    for (const s of shards) expect(s.stderr).toMatch(/^chatload: waiting for --start-at \S+ \(in [\d.]+m?s; Ctrl-C stops without sending\)\n$/);
    expect(shards.map((s) => s.code)).toEqual([0, 0, 0]);

    const reports = await Promise.all([1, 2, 3].map((i) => readReport(join(dir, `shard-${i}`))));
    const instant = Date.parse(startAt);
    expect(reports.map((r) => r.startAt)).toEqual([startAt, startAt, startAt]);
    const starts = reports.map((r) => Date.parse(r.startedAt));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(instant);
    // One window: the three loads began within the same second, though the shards were started 2 s apart.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(1000);
    // Each shard's first request reached the server at or after the instant.
    const stream = createRequestSource({ agents: AGENTS, inputs: INPUTS, variables: [], strategy: 'cartesian', seed: 0 });
    const seqByBody = new Map(Array.from({ length: TOTAL }, (_, seq) => [JSON.stringify(stream.at(seq)), seq]));
    for (const shard of [0, 1, 2]) expect(Math.min(...target.arrivals.filter((a) => seqByBody.get(a.body)! % 3 === shard).map((a) => a.at))).toBeGreaterThanOrEqual(instant);
    const shardBodies = target.arrivals.map((a) => a.body).sort();

    const merged = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'report.json')), '--out', join(dir, 'merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    const report = await readReport(join(dir, 'merged'));
    expect(report.startAt).toBe(startAt);
    // The merged timeline starts with all three loads in its first window.
    expect(report.timeline[0]!.requests).toBe(reports.reduce((n, r) => n + r.timeline[0]!.requests, 0));
    for (const r of reports) expect(r.timeline[0]!.requests).toBeGreaterThan(0);

    // One run of the same scenario, unsharded: the same requests, the same figures.
    target.arrivals.length = 0;
    const single = await runCli(['run', scenario, '--target', target.url, '--out', join(dir, 'single')], { env, timeoutMs: 60_000 });
    expect(single.code).toBe(0);
    expect(target.arrivals.map((a) => a.body).sort()).toEqual(shardBodies);
    expect(shardBodies).toHaveLength(TOTAL);
    const whole = await readReport(join(dir, 'single'));
    expect(report.load).toMatchObject(whole.load);
    expect(report.totals).toMatchObject({ requests: TOTAL, responses: TOTAL, errors: 0, transportErrors: 0 });
    for (const key of ['requests', 'responses', 'errors', 'transportErrors', 'timeouts', 'dropped', 'late'] as const) expect(report.totals[key]).toBe(whole.totals[key]);
    expect(report.status).toEqual(whole.status);
    expect(report.conformance.checked).toBe(whole.conformance.checked);
    expect(report.conformance.violating).toBe(whole.conformance.violating);
    expect(report.latency.count).toBe(whole.latency.count);
  });

  it('Ctrl-C while waiting ends at once with exit 130: nothing sent, nothing written', async () => {
    const out = join(await tempDir(), 'out');
    target.arrivals.length = 0;
    const startAt = String(Date.now() + 120_000);
    const result = await runAndInterrupt(['run', scenario, '--target', target.url, '--workers', '2', '--start-at', startAt, '--out', out], 'waiting for --start-at');
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('chatload: interrupted while waiting for --start-at: nothing was sent');
    expect(result.afterInterruptMs).toBeLessThan(10_000);
    expect(target.arrivals).toEqual([]);
    // The folder was checked writable before the wait; no report is in it.
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses an instant passed by more than a second with exit 2, before sending anything', async () => {
    const out = join(await tempDir(), 'out');
    target.arrivals.length = 0;
    const result = await runCli(['run', scenario, '--target', target.url, '--start-at', new Date(Date.now() - 5000).toISOString(), '--out', out], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^chatload: \(command line\): --start-at: \S+ passed [\d.]+s ago: this run would start after the shards it should run with \(fix: /);
    expect(target.arrivals).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
