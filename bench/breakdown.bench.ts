/**
 * What the breakdown by agent and turn costs (`npm run bench -- breakdown`), side by side with the
 * same work without it, rounds alternated:
 *
 * 1. `Recorder.record()` in a hot loop, 3 agents × 3 turns, with and without the breakdown: CPU
 *    per exchange, and the difference (target ≤ 0.5 µs).
 * 2. The whole path in one process: the closed engine → checks (strict) → recorder against an
 *    in-process fake `send` answering a valid 201 at once, with and without the breakdown.
 * 3. Memory per group: the bytes a group's counts hold (51 groups: 200 agents, maxGroups 50), and
 *    its size in the recorder state (three encoded histograms and counts).
 */
import { createChecker, loadContract } from '../src/contract/index.js';
import type { Violation } from '../src/contract/types.js';
import type { Exchange, PlannedRequest } from '../src/exchange.js';
import { runClosed } from '../src/load/closed.js';
import { buildPlan, type ClosedPlan } from '../src/load/plan.js';
import { Breakdown, type BreakdownOptions } from '../src/record/breakdown.js';
import { Recorder } from '../src/record/recorder.js';
import { createRequestSource } from '../src/scenario/source.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOOP = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const ENGINE_REQUESTS = Math.round(LOOP / 4);

const AGENTS = ['agent_support_01', 'agent_billing_02', 'agent_returns_03'];
const TURNS = 3;
const source = createRequestSource({ agents: AGENTS, inputs: ['hello', 'where is my order?', 'refund please'], variables: [], strategy: 'cartesian', seed: 1, turns: TURNS });
const breakdown: BreakdownOptions = { agents: AGENTS, agentOf: source.agentIndexAt, turns: TURNS, maxGroups: 50 };

const cpuMicros = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (us: number) => `${us.toFixed(3)} µs`;

// 1. record() in a hot loop over a pool of exchanges (latencies 5–250 ms, a few 500s and violations).
const NO_VIOLATIONS: readonly Violation[] = [];
const VIOLATION: readonly Violation[] = [{ rule: 'body-schema', message: 'm' }];
const POOL = 9000;
const pool: { exchange: Exchange; violations: readonly Violation[] }[] = Array.from({ length: POOL }, (_, seq) => {
  const latency = 5 + ((seq * 7919) % 245) + (seq % 1000) / 1000;
  const request: PlannedRequest = { seq, body: source.at(seq) };
  return { exchange: { request, sentAt: 0, endAt: latency, status: seq % 100 === 0 ? 500 : 201 }, violations: seq % 250 === 0 ? VIOLATION : NO_VIOLATIONS };
});

function loop(withBreakdown: boolean): number {
  const recorder = new Recorder({ startedAt: 0, ...(withBreakdown ? { breakdown } : {}) });
  const start = cpuMicros();
  for (let i = 0; i < LOOP; i++) {
    const { exchange, violations } = pool[i % POOL]!;
    recorder.record(exchange, violations);
  }
  return (cpuMicros() - start) / LOOP;
}

// Warm both paths up before measuring.
loop(false);
loop(true);
const loopWithout: number[] = [];
const loopWith: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  loopWithout.push(loop(false));
  loopWith.push(loop(true));
}
const loopDiffs = loopWith.map((w, i) => w - loopWithout[i]!);
console.log(`\nrecord() in a hot loop, ${LOOP.toLocaleString('en-US')} exchanges, 3 agents × 3 turns, ${ROUNDS} alternated rounds (CPU per exchange):`);
console.log(`  without breakdown ${fmt(median(loopWithout))}   with ${fmt(median(loopWith))}   difference ${fmt(median(loopDiffs))} (rounds: ${loopDiffs.map((d) => d.toFixed(3)).join(' ')}; target ≤ 0.5 µs)`);

// 2. The whole path: closed engine → strict checks → recorder, fake in-process send.
const contract = loadContract();
let n = 0;
const headers = { 'content-type': 'application/json' };
const send = (request: PlannedRequest): Promise<Exchange> => {
  const sentAt = performance.now();
  const body = Buffer.from(`{"chatId":"chat_${String(n++).padStart(16, '0')}","createdAt":"${new Date().toISOString()}","status":"in_progress","response":[{"id":"item_${String(n).padStart(16, '0')}","role":"assistant","type":"message","content":["Hi there, I am looking into it now."]}],"agent":{"name":"Grace","agentId":"${request.body.agentId}","status":"Live"}}`);
  return Promise.resolve({ request, sentAt, endAt: performance.now(), status: 201, headers, contentType: 'application/json', body });
};
const plan = buildPlan({ model: 'closed', concurrency: 50, requests: ENGINE_REQUESTS }, 10_000, { turns: TURNS }) as ClosedPlan;

async function engine(withBreakdown: boolean): Promise<number> {
  const recorder = new Recorder({ startedAt: performance.now(), ...(withBreakdown ? { breakdown } : {}) });
  const checker = createChecker({ contract, profile: 'strict', secrets: [] });
  const sink = (exchange: Exchange) => {
    const { violations, json } = checker.check(exchange);
    recorder.record(exchange, violations);
    const chatId = (json as { chatId?: string } | undefined)?.chatId;
    return { ok: violations.length === 0, ...(chatId ? { chatId } : {}) };
  };
  const start = cpuMicros();
  await runClosed(plan, { source, send, sink, signal: new AbortController().signal });
  const per = (cpuMicros() - start) / recorder.requests;
  if (recorder.violating) throw new Error(`violations: ${JSON.stringify(recorder.state().byRule)}`);
  return per;
}

await engine(false);
await engine(true);
const engineWithout: number[] = [];
const engineWith: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  engineWithout.push(await engine(false));
  engineWith.push(await engine(true));
}
const engineDiffs = engineWith.map((w, i) => w - engineWithout[i]!);
console.log(`\nclosed engine → checks → recorder, fake send, ${ENGINE_REQUESTS.toLocaleString('en-US')} requests in conversations of 3 turns, ${ROUNDS} alternated rounds (CPU per request):`);
console.log(`  without breakdown ${fmt(median(engineWithout))}   with ${fmt(median(engineWith))}   difference ${fmt(median(engineDiffs))} = ${((median(engineWith) / median(engineWithout) - 1) * 100).toFixed(1)} % (rounds: ${engineDiffs.map((d) => d.toFixed(3)).join(' ')})`);

// 3. Memory per group.
const agents = Array.from({ length: 200 }, (_, i) => `agent_${String(i).padStart(3, '0')}`);
const many = createRequestSource({ agents, inputs: ['a'], variables: [], strategy: 'round-robin', seed: 1 });
function filled(maxValueUs: number): Breakdown {
  const b = new Breakdown({ agents, agentOf: many.agentIndexAt, turns: 1, maxGroups: 50 });
  for (let seq = 0; seq < 200_000; seq++) {
    const latencyUs = 1000 + ((seq * 7919) % Math.max(1, maxValueUs - 1000));
    b.record({ request: { seq, body: many.at(seq) }, sentAt: 0, endAt: 1, status: 201 }, NO_VIOLATIONS, latencyUs, latencyUs, false);
  }
  return b;
}
for (const [label, maxUs] of [['latencies up to 250 ms', 250_000], ['up to 30 s (a timeout)', 30_000_000]] as const) {
  const b = filled(maxUs);
  const state = b.state();
  const groups = Object.keys(state.agent).length + Object.keys(state.turn).length;
  const json = JSON.stringify(state.agent).length / Object.keys(state.agent).length;
  console.log(`\n${label}: 200 agents, maxGroups 50 → ${Object.keys(state.agent).length} agent groups + ${Object.keys(state.turn).length} turn group: ${(b.bytes / groups / 1024).toFixed(1)} KiB of counts per group in memory; ${(json / 1024).toFixed(1)} KiB per group in report.json's state`);
}
