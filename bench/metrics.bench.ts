/**
 * What live metrics cost per exchange (`npm run bench metrics`): the closed engine against an
 * in-process fake `send` (a valid 201 at once, no socket), through checks and recorder, with the
 * metrics off and on, in alternated rounds. "On" is what `--metrics-port` adds: requests counted
 * by status and agent group, the engine's live counts, and a scrape of the whole registry (buckets
 * derived from the HDR histograms) every 100 ms, ten times as often as Prometheus at 1 s.
 * Target: on − off ≤ 0.5 µs per exchange.
 */
import { checkExchange, loadContract } from '../src/contract/index.js';
import type { Exchange, PlannedRequest } from '../src/exchange.js';
import { runClosed } from '../src/load/closed.js';
import { emptyStats } from '../src/load/engine.js';
import { buildPlan, type ClosedPlan } from '../src/load/plan.js';
import { sliceFigures } from '../src/metrics/figures.js';
import { createMetricsRegistry } from '../src/metrics/registry.js';
import { DEFAULT_MAX_GROUPS } from '../src/record/groups.js';
import { Recorder } from '../src/record/recorder.js';
import { RequestCounts } from '../src/record/request-counts.js';
import { createRequestSource } from '../src/scenario/source.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SCRAPE_EVERY_MS = 100;
const AGENTS = ['agent_support_01', 'agent_billing_02', 'agent_returns_03'];
const contract = loadContract();
const headers = { 'content-type': 'application/json' };
// Answers built once per agent: the bench measures the harness, not JSON.stringify of a reply.
const answers = new Map(AGENTS.map((agentId, i) => [agentId, Buffer.from(JSON.stringify({ chatId: `chat_${i}`, createdAt: new Date().toISOString(), status: 'in_progress', response: [{ id: `item_${i}`, role: 'assistant', type: 'message', content: ['Hi there, I am looking into it now.'] }], agent: { name: 'Grace', agentId, status: 'Live' } }))]));
const send = (request: PlannedRequest): Promise<Exchange> => {
  const sentAt = performance.now();
  return Promise.resolve({ request, sentAt, endAt: performance.now(), status: 201, headers, body: answers.get(request.body.agentId)! });
};

async function once(metrics: boolean): Promise<{ cpuUs: number; scrapes: number; scrapeMs: number }> {
  const requestCounts = metrics ? new RequestCounts(AGENTS, DEFAULT_MAX_GROUPS) : undefined;
  const recorder = new Recorder({ startedAt: performance.now(), ...(requestCounts ? { requestCounts } : {}) });
  const stats = emptyStats();
  const source = createRequestSource({ agents: AGENTS, inputs: ['hello', 'refund'], variables: [], strategy: 'round-robin', seed: 1 });
  let scrapes = 0;
  let scraping: Promise<unknown> = Promise.resolve();
  const registry = metrics ? createMetricsRegistry(() => sliceFigures(recorder.metrics(), stats), { runId: 'bench', scenario: 'bench', targetOrigin: 'mock' }, [], { offeredRate: false }) : undefined;
  // The fake send never yields to the timers: the scrapes are started from the sink, on time.
  let lastScrape = performance.now();
  let n = 0;
  const sink = (exchange: Exchange) => {
    const { violations } = checkExchange(exchange, contract);
    recorder.record(exchange, violations);
    if (registry && (++n & 255) === 0 && performance.now() - lastScrape >= SCRAPE_EVERY_MS) {
      lastScrape = performance.now();
      scrapes++;
      scraping = registry.metrics();
    }
    return { ok: violations.length === 0 };
  };
  const plan = buildPlan({ model: 'closed', concurrency: 50, requests: REQUESTS }, 10_000) as ClosedPlan;
  const cpu = process.cpuUsage();
  await runClosed(plan, { source, send, sink, signal: new AbortController().signal, ...(metrics ? { stats } : {}) });
  await scraping;
  const used = process.cpuUsage(cpu);
  if (recorder.violating) throw new Error(`violations: ${JSON.stringify(recorder.state().byRule)}`);
  if (recorder.requests !== REQUESTS) throw new Error(`${recorder.requests} requests recorded`);
  // One scrape on its own, once every exchange is recorded (outside the CPU measured above).
  let scrapeMs = 0;
  if (registry) {
    const began = performance.now();
    for (let i = 0; i < 20; i++) await registry.metrics();
    scrapeMs = (performance.now() - began) / 20;
  }
  return { cpuUs: (used.user + used.system) / REQUESTS, scrapes, scrapeMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

await once(false); // warm the JIT for both paths before anything is measured
await once(true);
const off: number[] = [];
const on: number[] = [];
let scrapes = 0;
const scrapeMs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so a drift of the machine's load favours neither.
  const pair = round % 2 === 0 ? [await once(false), await once(true)] : [await once(true), await once(false)].reverse();
  off.push(pair[0]!.cpuUs);
  on.push(pair[1]!.cpuUs);
  scrapes += pair[1]!.scrapes;
  scrapeMs.push(pair[1]!.scrapeMs);
}
const diffs = on.map((x, i) => x - off[i]!);
console.log(`\n${REQUESTS.toLocaleString('en-US')} requests per run through closed engine → checks → recorder (fake in-process send), ${ROUNDS} alternated rounds, ${scrapes} scrapes in the "on" runs:`);
console.log('| metrics | CPU µs / exchange (median) | per round |');
console.log('|---|---|---|');
console.log(`| off | ${median(off).toFixed(3)} | ${off.map((x) => x.toFixed(2)).join(' ')} |`);
console.log(`| on (--metrics-port, scraped every ${SCRAPE_EVERY_MS} ms) | ${median(on).toFixed(3)} | ${on.map((x) => x.toFixed(2)).join(' ')} |`);
console.log(`on − off: ${median(diffs).toFixed(3)} µs per exchange (per round ${diffs.map((x) => x.toFixed(2)).join(' ')}; target ≤ 0.5 µs): ${median(diffs) <= 0.5 ? 'met' : 'NOT met'}`);
console.log(`one scrape (the whole registry, ${REQUESTS.toLocaleString('en-US')} exchanges recorded): ${median(scrapeMs).toFixed(2)} ms`);
