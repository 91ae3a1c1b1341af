/**
 * One engine run against the bench server, to profile:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval 200 --import tsx bench/lib/drive.ts open 1000 12 [delayMs]
 *   node --import tsx bench/lib/profile-summary.ts /tmp/prof/<largest>.cpuprofile <requests>
 * (model: open RATE | closed USERS | max CONNECTIONS). Prints the generator's CPU per request, and
 * with DRIVE_THREADS=1 each thread's CPU (Linux): main thread, V8's helpers, tsx's loader thread.
 * Not a benchmark by itself: nothing side by side.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startSlice, type ExecutionConfig } from '../../src/commands/execute.js';
import { loadContract } from '../../src/contract/index.js';
import { buildPlan } from '../../src/load/plan.js';
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
    apiKey: 'bench-key',
    seed: 1,
    secrets: [],
    graceMs: 1000,
  };
  const cpu = process.cpuUsage();
  const run = startSlice(config, { index: 0, count: 1 }, new AbortController().signal);
  const outcome = await run.done;
  const used = process.cpuUsage(cpu);
  const state = run.recorder.state();
  const per = (us: number) => (us / state.requests).toFixed(1);
  console.log(`${state.requests} requests, ${state.violating} violating, late ${outcome.stats.late}, dropped ${outcome.stats.dropped}; CPU ${per(used.user + used.system)} µs/request (user ${per(used.user)}, system ${per(used.system)})`);
} finally {
  server.close();
}

if (process.env.DRIVE_THREADS) {
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 10 ms, since the thread started.
    console.log(`thread ${tid.padStart(8)} ${name.padEnd(16)} user ${Number(fields[11]) * 10} ms, system ${Number(fields[12]) * 10} ms`);
  }
}
