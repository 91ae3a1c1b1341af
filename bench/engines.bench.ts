/**
 * Generator cost of each engine beside autocannon, side by side in one run (`npm run bench engines`).
 * - fast server (child process): generator CPU µs per completed request; engines validate every body, autocannon raw does not.
 * - 20 ms server, 50 users: closed throughput against 50 / p50, and p99 against autocannon's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { startSlice, type ExecutionConfig } from '../src/commands/execute.js';
import { buildPlan } from '../src/load/plan.js';
import { loadContract } from '../src/contract/index.js';
import type { Profile } from '../src/contract/types.js';
import { DEFAULT_MOCK_API_KEY } from '../src/mock/config.js';
import { decodeHistogram, summarize } from '../src/record/histogram.js';
import type { LoadSpec } from '../src/scenario/types.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The profile `chatload run` uses by default; BENCH_PROFILE=spec measures the spec rules alone.
const PROFILE: Profile = process.env.BENCH_PROFILE === 'spec' ? 'spec' : 'strict';
const BODY = JSON.stringify({ agentId: 'agent_support_01', input: 'Where is my order #1234?' });

// A bare server answering a valid 201 ChatResponse, in its own process so its CPU is not ours.
const SERVER = `
const http = require('node:http');
const delay = Number(process.argv[1] || 0);
let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ chatId: 'chat_' + (n++), createdAt: new Date().toISOString(), status: 'in_progress', response: [{ id: 'item_' + n, role: 'assistant', type: 'message', content: ['Hi there, I am looking into it now.'] }], agent: { name: 'Grace', agentId: 'agent_support_01', status: 'Live' } });
    const send = () => res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    if (delay > 0) setTimeout(send, delay); else send();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function startServer(delayMs: number): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SERVER, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.once('data', (d: Buffer) => resolve({ url: `http://127.0.0.1:${d.toString().trim()}`, child }));
    child.once('error', reject);
  });
}

interface Figures {
  name: string;
  requests: number;
  cpuUsPerRequest: number;
  rps: number;
  p50: number;
  p99: number;
}

async function measure(name: string, work: () => Promise<{ requests: number; p50: number; p99: number }>): Promise<Figures> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const r = await work();
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  return { name, requests: r.requests, cpuUsPerRequest: (used.user + used.system) / r.requests, rps: r.requests / seconds, p50: r.p50, p99: r.p99 };
}

function autocannonRaw(url: string) {
  return measure('autocannon raw', async () => {
    const result = await autocannon({ url: `${url}/v1/chats`, method: 'POST', body: BODY, headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_MOCK_API_KEY }, connections: CONNECTIONS, duration: SECONDS });
    return { requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99 };
  });
}

function engine(name: string, url: string, load: LoadSpec) {
  return measure(name, async () => {
    const config: ExecutionConfig = {
      plan: buildPlan(load, 10_000),
      source: { agents: ['agent_support_01'], inputs: ['Where is my order #1234?', 'I want a refund', 'Change my address'], variables: [], strategy: 'cartesian', seed: 1 },
      baseUrl: url,
      apiKey: DEFAULT_MOCK_API_KEY,
      seed: 1,
      secrets: [],
      graceMs: 1000,
      profile: PROFILE,
    };
    const run = startSlice(config, { index: 0, count: 1 }, new AbortController().signal);
    await run.done;
    const state = run.recorder.state();
    // Only validated answers count: a run with violations would not be a fair comparison.
    if (state.violating > 0) throw new Error(`${name}: ${state.violating} violating responses: ${JSON.stringify(state.byRule)}`);
    const s = summarize(decodeHistogram(state.latency));
    return { requests: state.requests, p50: s.p50 ?? 0, p99: s.p99 ?? 0 };
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = SECONDS * 1000;

async function fast() {
  const { url, child } = await startServer(0);
  const rounds: Figures[][] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await autocannonRaw(url);
      const max = await engine('max (autocannon + checks)', url, { model: 'max', connections: CONNECTIONS, durationMs: ms });
      const closed = await engine('closed (undici + checks)', url, { model: 'closed', concurrency: CONNECTIONS, durationMs: ms });
      // The open model at 80 % of what the closed loop reached, so it is not saturated.
      const open = await engine('open (undici + checks)', url, { model: 'open', rate: Math.round(closed.rps * 0.8), durationMs: ms, maxInFlight: CONNECTIONS * 4 });
      rounds.push([raw, max, closed, open]);
    }
  } finally {
    child.kill();
  }
  console.log(`\nFast server, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} alternated rounds (medians), profile ${PROFILE}. Generator CPU per completed request:`);
  console.log('| generator | CPU µs / request | × autocannon raw | ratio per round | rps | requests |');
  console.log('|---|---|---|---|---|---|');
  for (let i = 0; i < rounds[0]!.length; i++) {
    const cpu = median(rounds.map((r) => r[i]!.cpuUsPerRequest));
    // Each round's ratio is taken against the autocannon run just before it, then the median of those.
    const ratios = rounds.map((r) => r[i]!.cpuUsPerRequest / r[0]!.cpuUsPerRequest);
    console.log(`| ${rounds[0]![i]!.name} | ${cpu.toFixed(1)} | ${median(ratios).toFixed(2)} | ${ratios.map((x) => x.toFixed(2)).join(' ')} | ${median(rounds.map((r) => r[i]!.rps)).toFixed(0)} | ${Math.round(median(rounds.map((r) => r[i]!.requests)))} |`);
  }
}

async function delayed() {
  const { url, child } = await startServer(20);
  try {
    const raw = await autocannonRaw(url);
    const closed = await engine('closed', url, { model: 'closed', concurrency: CONNECTIONS, durationMs: ms });
    console.log(`\n20 ms server, ${CONNECTIONS} users, ${SECONDS} s:`);
    console.log(`closed: ${closed.rps.toFixed(0)} rps, p50 ${closed.p50.toFixed(2)} ms → 50/p50 = ${((CONNECTIONS / closed.p50) * 1000).toFixed(0)} rps; throughput ratio ${(closed.rps / ((CONNECTIONS / closed.p50) * 1000)).toFixed(3)} (target ≥ 0.95)`);
    console.log(`p99: closed ${closed.p99.toFixed(2)} ms, autocannon ${raw.p99.toFixed(2)} ms; ratio ${(closed.p99 / raw.p99).toFixed(3)} (target ≤ 1.2)`);
  } finally {
    child.kill();
  }
}

// Compile the contract outside the measured runs: it happens once per process, not per request.
loadContract();
await fast();
await delayed();
