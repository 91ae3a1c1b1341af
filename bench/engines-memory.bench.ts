/**
 * RSS after 1,000,000 requests against RSS after 100,000 (`npm run bench engines-memory`).
 * The closed engine runs against an in-process fake `send` that answers a valid 201 at once,
 * so the whole path engine → checks (Ajv) → recorder runs a million times in a few seconds
 * without a socket; the target is the recorder and engine staying flat, not the network stack.
 */
import { checkExchange, loadContract } from '../src/contract/index.js';
import type { Exchange, PlannedRequest } from '../src/exchange.js';
import { runClosed } from '../src/load/closed.js';
import { buildPlan, type ClosedPlan } from '../src/load/plan.js';
import { Recorder } from '../src/record/recorder.js';
import { createRequestSource } from '../src/scenario/source.js';
import { result } from './lib/report.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const contract = loadContract();
const recorder = new Recorder({ startedAt: performance.now() });
const source = createRequestSource({ agents: ['agent_support_01'], inputs: ['hello', 'refund'], variables: [], strategy: 'cartesian', seed: 1 });
const headers = { 'content-type': 'application/json' };
let n = 0;
const send = (request: PlannedRequest): Promise<Exchange> => {
  const sentAt = performance.now();
  const body = Buffer.from(JSON.stringify({ chatId: `chat_${n++}`, createdAt: new Date().toISOString(), status: 'in_progress', response: [{ id: `item_${n}`, role: 'assistant', type: 'message', content: ['Hi there, I am looking into it now.'] }], agent: { name: 'Grace', agentId: request.body.agentId, status: 'Live' } }));
  return Promise.resolve({ request, sentAt, endAt: performance.now(), status: 201, headers, body });
};
const rss = () => process.memoryUsage().rss / 2 ** 20;
let at100k = 0;
const sink = (exchange: Exchange) => {
  const { violations } = checkExchange(exchange, contract);
  recorder.record(exchange, violations);
  if (recorder.requests === 100_000) at100k = rss();
  return { ok: violations.length === 0 };
};
const plan = buildPlan({ model: 'closed', concurrency: 50, requests: TOTAL }, 10_000) as ClosedPlan;
const start = performance.now();
await runClosed(plan, { source, send, sink, signal: new AbortController().signal });
const atEnd = rss();
const state = recorder.state();
if (state.violating) throw new Error(`violations: ${JSON.stringify(state.byRule)}`);
console.log(`\n${state.requests.toLocaleString('en-US')} requests through closed engine → checks → recorder (fake in-process send) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
console.log(`RSS after 100,000: ${at100k.toFixed(1)} MB; after ${TOTAL.toLocaleString('en-US')}: ${atEnd.toFixed(1)} MB; growth ${(atEnd - at100k).toFixed(1)} MB (target ≤ 30 MB)`);
result('engines-memory', `RSS growth from 100,000 to ${TOTAL.toLocaleString('en-US')} requests: ${at100k.toFixed(1)} → ${atEnd.toFixed(1)} MB = **+${(atEnd - at100k).toFixed(1)} MB** (goal ≤ 10 MB)`, '≤ 30 MB', atEnd - at100k <= 30);
