/**
 * Max mode and the closed model beside autocannon (`npm run bench -- engines`), side by side in one
 * run, rounds alternated, each generator run in a process of its own.
 *
 * 1. Fast server, 50 connections: generator CPU per completed request, start-up removed (a long run
 *    minus a short one): autocannon raw (nothing checked), chatload max (autocannon + every answer
 *    checked and recorded), chatload closed (undici, one Client per connection + checks: the
 *    alternative driver for max mode), and bare undici Clients per connection (the floor of that
 *    driver). Target: max ≤ 1.1 × autocannon raw.
 * 2. What checking costs in itself: check + record of one answer in a hot loop (no I/O), against
 *    autocannon raw's CPU per request measured just before: the share every checked request adds.
 * 3. 20 ms server, 50 users: chatload closed against autocannon with 50 connections, same run.
 *    Targets: throughput ≥ 0.99 ×, p99 ≤ 1.05 × autocannon's (timed at 1 µs on both sides).
 *
 * Env: BENCH_SHORT_S (2), BENCH_LONG_S (8), BENCH_DELAYED_S (8), BENCH_ROUNDS (3), BENCH_PROFILE=spec.
 */
import { createChecker, loadContract } from '../src/contract/index.js';
import type { Profile } from '../src/contract/types.js';
import type { Exchange } from '../src/exchange.js';
import { Recorder } from '../src/record/recorder.js';
import { fixed, median, result } from './lib/report.js';
import { marginalUs, runGenerator, type GeneratorResult } from './lib/runner.js';
import { BENCH_AGENT, startServer } from './lib/server.js';

const SHORT = Number(process.env.BENCH_SHORT_S ?? 2);
const LONG = Number(process.env.BENCH_LONG_S ?? 8);
const DELAYED = Number(process.env.BENCH_DELAYED_S ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const PROFILE: Profile = process.env.BENCH_PROFILE === 'spec' ? 'spec' : 'strict';

const RAW = 'autocannon raw (no checks)';
const UNCHECKED = 'max mode, nothing checked (autocannon as chatload drives it)';
const MAX = 'chatload max (autocannon + checks)';
const CLOSED = 'chatload closed (undici Client per connection + checks)';
const BARE = 'undici Client per connection (bare, no checks)';
const FAST: [string, string][] = [
  [RAW, 'autocannon-raw'],
  [UNCHECKED, 'max-unchecked'],
  [MAX, 'chatload-max'],
  [CLOSED, 'chatload-closed'],
  [BARE, 'undici-clients'],
];

/** CPU of checking and recording one fresh, valid 201 answer, in a hot loop (µs). */
function checkAndRecordUs(count = 50_000): number {
  const checker = createChecker({ contract: loadContract(), profile: PROFILE, secrets: ['bench-key'] });
  const recorder = new Recorder({ startedAt: performance.now() });
  let n = 0;
  const answer = (): Exchange => {
    const now = performance.now();
    const body = Buffer.from(JSON.stringify({ chatId: `chat_${n++}`, createdAt: new Date(performance.timeOrigin + now).toISOString(), status: 'in_progress', response: [{ id: `item_${n}`, role: 'assistant', type: 'message', content: ['Hi there, I am looking into it now.'] }], agent: { name: 'Grace', agentId: BENCH_AGENT, status: 'Live' } }));
    return { request: { seq: n, body: { agentId: BENCH_AGENT, input: 'hi' } }, sentAt: now - 1, endAt: now, status: 201, contentType: 'application/json', body };
  };
  for (let i = 0; i < 5_000; i++) recorder.record(answer(), []); // warm-up of the recorder and the answer builder
  const exchanges = Array.from({ length: count }, answer);
  const before = process.cpuUsage();
  for (const exchange of exchanges) recorder.record(exchange, checker.check(exchange).violations);
  const used = process.cpuUsage(before);
  if (recorder.violating > 0) throw new Error('the hot loop answers broke the contract');
  return (used.user + used.system) / count;
}

async function fast(): Promise<void> {
  const server = await startServer(0);
  const marginal: Record<string, number[]> = {};
  const checksShare: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, generator] of FAST) {
        const short = await runGenerator(generator, server.url, SHORT, CONNECTIONS, { BENCH_PROFILE: PROFILE });
        const long = await runGenerator(generator, server.url, LONG, CONNECTIONS, { BENCH_PROFILE: PROFILE });
        if (long.errors > 0 || (long.violating ?? 0) > 0) throw new Error(`${name}: ${long.errors} errors, ${long.violating ?? 0} violating`);
        (marginal[name] ??= []).push(marginalUs(short, long));
        process.stdout.write(`round ${round + 1}  ${name.padEnd(56)} ${fixed(marginalUs(short, long)).padStart(6)} µs CPU / request  (${Math.round(long.rps)} rps)\n`);
      }
      const checks = checkAndRecordUs();
      checksShare.push(checks / marginal[RAW]!.at(-1)!);
      process.stdout.write(`round ${round + 1}  check + record of one answer, hot loop, no I/O            ${fixed(checks, 2).padStart(6)} µs CPU\n`);
    }
  } finally {
    server.close();
  }
  const raw = marginal[RAW]!;
  const ratios = (name: string) => marginal[name]!.map((x, i) => x / raw[i]!);
  process.stdout.write(`\nFast server, ${CONNECTIONS} connections, CPU per completed request (${LONG} s run − ${SHORT} s run), ${ROUNDS} alternated rounds, profile ${PROFILE}:\n\n`);
  process.stdout.write('| generator | CPU µs / request (median) | × autocannon raw (median of rounds) | per round |\n|---|---|---|---|\n');
  for (const [name] of FAST) process.stdout.write(`| ${name} | ${fixed(median(marginal[name]!))} | ${fixed(median(ratios(name)), 2)} | ${ratios(name).map((x) => fixed(x, 2)).join(' ')} |\n`);
  const max = median(ratios(MAX));
  result('engines', `max mode CPU per checked request ÷ autocannon raw: ${fixed(median(marginal[MAX]!))} / ${fixed(median(raw))} µs = **${fixed(max, 2)} ×** (rounds ${ratios(MAX).map((x) => fixed(x, 2)).join(' ')})`, '≤ 1.1 ×', max <= 1.1);
  result('engines', `max mode with nothing checked ÷ autocannon raw: **${fixed(median(ratios(UNCHECKED)), 2)} ×** (what chatload's socket, TLS and counting add before any check)`, '—', undefined);
  result('engines', `closed on undici Clients (the alternative max-mode driver) + checks ÷ autocannon raw: **${fixed(median(ratios(CLOSED)), 2)} ×**; bare undici Clients ${fixed(median(ratios(BARE)), 2)} ×`, '—', undefined);
  result('engines', `check + record of one answer (hot loop) ÷ autocannon raw's CPU per request: **${fixed(median(checksShare), 2)}** (${fixed(median(checksShare) * 100, 0)} % added by checking alone)`, '—', undefined);
}

async function delayed(): Promise<void> {
  const server = await startServer(20);
  const rps: number[] = [];
  const p99: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Order alternated, so neither always runs first.
      const pair: [string, () => Promise<GeneratorResult>][] = [
        ['autocannon', () => runGenerator('autocannon-timed', server.url, DELAYED, CONNECTIONS)],
        ['closed', () => runGenerator('chatload-closed', server.url, DELAYED, CONNECTIONS, { BENCH_PROFILE: PROFILE })],
      ];
      if (round % 2) pair.reverse();
      const got: Record<string, GeneratorResult> = {};
      for (const [name, run] of pair) got[name] = await run();
      const ac = got.autocannon!;
      const closed = got.closed!;
      rps.push(closed.rps / ac.rps);
      p99.push(closed.p99! / ac.p99!);
      process.stdout.write(`round ${round + 1}  autocannon ${fixed(ac.rps, 0)} rps p50 ${fixed(ac.p50, 2)} p99 ${fixed(ac.p99, 2)} ms; chatload closed ${fixed(closed.rps, 0)} rps p50 ${fixed(closed.p50, 2)} p99 ${fixed(closed.p99, 2)} ms → throughput ${fixed(rps.at(-1), 3)} ×, p99 ${fixed(p99.at(-1), 3)} ×\n`);
    }
  } finally {
    server.close();
  }
  const r = median(rps);
  const p = median(p99);
  result('engines', `closed, 20 ms server, ${CONNECTIONS} users: throughput ÷ autocannon's **${fixed(r, 3)}** (rounds ${rps.map((x) => fixed(x, 3)).join(' ')})`, '≥ 0.99', r >= 0.99);
  result('engines', `closed, 20 ms server, ${CONNECTIONS} users: p99 ÷ autocannon's **${fixed(p, 3)} ×** (rounds ${p99.map((x) => fixed(x, 3)).join(' ')})`, '≤ 1.05 ×', p <= 1.05);
}

await fast();
await delayed();
