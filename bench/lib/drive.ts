/**
 * One engine run against the bench server, for profiling: `node --cpu-prof --import tsx bench/lib/drive.ts open 1000 10 [delayMs]`.
 * Prints generator CPU per request. Not a benchmark by itself (no side-by-side reference).
 */
import { startSlice, type ExecutionConfig } from '../../src/commands/execute.js';
import { loadContract } from '../../src/contract/index.js';
import { buildPlan } from '../../src/load/plan.js';
import { DEFAULT_MOCK_API_KEY } from '../../src/mock/config.js';
import type { LoadSpec } from '../../src/scenario/types.js';
import { BENCH_AGENT, BENCH_INPUTS, startServer } from './server.js';

const [model = 'open', amount = '1000', seconds = '10', delay = '0'] = process.argv.slice(2);
const durationMs = Number(seconds) * 1000;
const load: LoadSpec =
  model === 'open' ? { model: 'open', rate: Number(amount), durationMs } : model === 'closed' ? { model: 'closed', concurrency: Number(amount), durationMs } : { model: 'max', connections: Number(amount), durationMs };
loadContract();
const server = await startServer(Number(delay));
try {
  const config: ExecutionConfig = {
    plan: buildPlan(load, 10_000),
    source: { agents: [BENCH_AGENT], inputs: BENCH_INPUTS, variables: [], strategy: 'cartesian', seed: 1 },
    baseUrl: server.url,
    apiKey: DEFAULT_MOCK_API_KEY,
    seed: 1,
    secrets: [],
    graceMs: 1000,
  };
  const cpu = process.cpuUsage();
  const run = startSlice(config, { index: 0, count: 1 }, new AbortController().signal);
  const outcome = await run.done;
  const used = process.cpuUsage(cpu);
  const state = run.recorder.state();
  console.log(`${state.requests} requests, ${state.violating} violating, late ${outcome.stats.late}, dropped ${outcome.stats.dropped}; CPU ${((used.user + used.system) / state.requests).toFixed(1)} µs/request (user ${(used.user / state.requests).toFixed(1)}, sys ${(used.system / state.requests).toFixed(1)})`);
} finally {
  server.close();
}

// Per-thread CPU (Linux): which threads of this process the time went to.
import { readdirSync, readFileSync } from 'node:fs';
if (process.env.DRIVE_THREADS) {
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    console.log(`${tid.padStart(8)} ${comm.padEnd(16)} user ${(Number(f[11]) * 10).toString().padStart(6)} ms sys ${(Number(f[12]) * 10).toString().padStart(6)} ms`);
  }
}
