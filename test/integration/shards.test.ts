import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createChatHandler } from '../../src/mock/create-chat.js';
import { createRng } from '../../src/random.js';
import { createLatencyHistogram, decodeHistogram, summarize } from '../../src/record/histogram.js';
import type { RunReport } from '../../src/run-report.js';
import { createRequestSource } from '../../src/scenario/source.js';
import { bucketsOf } from '../../src/verdict/buckets.js';
import { runCli, tempDir } from '../helpers/cli.js';

const API_KEY = 'sk-shard-test';
const AGENTS = ['agent_a', 'agent_b'];
const INPUTS = Array.from({ length: 30 }, (_, i) => `question number ${i}`);
const TOTAL = 60; // = agents × inputs: with the cartesian mix every request body is distinct

/** A spec-true Create Chat server (the mock's handler) that remembers every body it was sent. */
function startRecordingServer(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const handle = createChatHandler(mockConfigFor({ agents: AGENTS, apiKey: API_KEY }), loadContract().validateRequest, createRng(1));
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      bodies.push(bodyText);
      const key = req.headers['x-api-key'];
      const answer = handle({ method: req.method ?? 'POST', path: req.url ?? '/', apiKey: Array.isArray(key) ? key[0] : key, contentType: req.headers['content-type'], bodyText }).response;
      const payload = answer.json;
      // A small varying delay so the shards' histograms are not all one bucket.
      setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload), 1 + (bodies.length % 7));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies })));
}

describe('3 shard processes + chatload merge', () => {
  let target: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    target = await startRecordingServer();
  });
  afterAll(async () => {
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
  });

  it('send disjoint slices of one stream, and merge into the percentiles of one histogram of all values', async () => {
    const dir = await tempDir();
    const scenario = join(dir, 'shards.yaml');
    await writeFile(scenario, `name: shards\nagents: ${JSON.stringify(AGENTS)}\ninputs: ${JSON.stringify(INPUTS)}\nmix: { strategy: cartesian }\nload: { concurrency: 3, requests: ${TOTAL} }\nthresholds: ["p99<5s"]\n`);
    const env = { SIGMAMIND_API_KEY: API_KEY };
    const shards = await Promise.all(
      [1, 2, 3].map((i) => runCli(['run', scenario, '--target', target.url, '--shard', `${i}/3`, '--out', join(dir, `shard-${i}`)], { env, timeoutMs: 60_000 })),
    );
    for (const s of shards) expect(s.stderr).toBe('');
    expect(shards.map((s) => s.code)).toEqual([0, 0, 0]);

    // Disjoint and complete: every body of the unsharded stream arrived exactly once.
    const whole = createRequestSource({ agents: AGENTS, inputs: INPUTS, variables: [], strategy: 'cartesian', seed: 0 });
    const expected = Array.from({ length: TOTAL }, (_, seq) => JSON.stringify(whole.at(seq))).sort();
    expect([...target.bodies].sort()).toEqual(expected);

    const reports = await Promise.all([1, 2, 3].map(async (i) => JSON.parse(await readFile(join(dir, `shard-${i}`, 'report.json'), 'utf8')) as RunReport));
    expect(reports.map((r) => r.totals.requests)).toEqual([20, 20, 20]);
    expect(reports.map((r) => r.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(reports.map((r) => r.load.concurrency)).toEqual([1, 1, 1]);

    const merged = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'report.json')), '--out', join(dir, 'merged'), '--threshold', `requests==${TOTAL}`]);
    // Started together, the processes still begin seconds apart on a busy machine: that warning may come (run --start-at avoids it).
    expect(merged.stderr.replace(/^chatload: warning: the runs started .* apart .*\n/m, '')).toBe('');
    expect(merged.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'merged', 'report.json'), 'utf8')) as RunReport;

    // One histogram of all values, built value by value from what each shard recorded.
    const all = createLatencyHistogram();
    for (const r of reports) {
      const b = bucketsOf(decodeHistogram(r.latency.hdr));
      b.values.forEach((value, i) => all.recordValueWithCount(value, b.cumulative[i]! - (i ? b.cumulative[i - 1]! : 0)));
    }
    const { count, min, p50, p90, p95, p99, p999, max } = summarize(all);
    expect(report.latency).toMatchObject({ count, min, p50, p90, p95, p99, p999, max });
    expect(report.totals.requests).toBe(TOTAL);
    expect(report.status).toEqual({ '201': TOTAL });
    expect(report.load).toMatchObject({ concurrency: 3, requests: TOTAL });
    expect(report.thresholds.map((t) => [t.expression, t.ok])).toEqual([['p99<5s', true], [`requests==${TOTAL}`, true]]);
    expect(await readFile(join(dir, 'merged', 'junit.xml'), 'utf8')).toContain(`name="requests==${TOTAL}"`);
  });
});
