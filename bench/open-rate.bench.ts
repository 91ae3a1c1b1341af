/**
 * The open model at a realistic rate (`npm run bench -- open-rate`): generator CPU per request at a
 * steady 1,000 arrivals/s against a fast server, start-up removed by taking the difference between
 * a short and a long run of each generator (each run its own process), rounds alternated.
 *
 * - chatload open: every answer checked (strict profile) and recorded.
 * - autocannon -R 1000 -c 50: autocannon's rate limit (each connection's share of a second sent
 *   back to back, then a wait: bursts, not a steady schedule), nothing checked.
 * - undici bursts: a bare undici loop on autocannon -R's schedule: the schedule's share of the cost.
 * - undici open (bare): the same constant schedule as chatload's on a bare undici Pool with
 *   JSON.parse and nothing else: the floor of a steady schedule on this machine.
 * - Artillery 2 + expect, when installed (bench/lib/artillery.ts says how).
 *
 * Targets: chatload ≤ 2 × autocannon -R, ≤ 0.1 × Artillery. Env: BENCH_RATE (1000), BENCH_SHORT_S (3),
 * BENCH_LONG_S (12), BENCH_ROUNDS (3).
 */
import { findArtillery, runArtillery } from './lib/artillery.js';
import { fixed, median, result } from './lib/report.js';
import { marginalUs, runGenerator, type GeneratorResult } from './lib/runner.js';
import { startServer } from './lib/server.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SHORT = Number(process.env.BENCH_SHORT_S ?? 3);
const LONG = Number(process.env.BENCH_LONG_S ?? 12);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Run = (seconds: number) => Promise<GeneratorResult>;
const artillery = findArtillery();
const server = await startServer(0);
const generators: [string, Run][] = [
  ['chatload open', (s) => runGenerator('chatload-open', server.url, s, RATE)],
  [`autocannon -R ${RATE} -c 50`, (s) => runGenerator('autocannon-rate', server.url, s, RATE)],
  ['undici bursts (bare, -R schedule)', (s) => runGenerator('undici-bursts', server.url, s, RATE)],
  ['undici open (bare, steady schedule)', (s) => runGenerator('undici-open', server.url, s, RATE)],
  ...(artillery ? [['Artillery 2 + expect', (s: number) => runArtillery(artillery, server.url, s, RATE)] as [string, Run]] : []),
];
const marginal: Record<string, number[]> = {};
const longRuns: Record<string, GeneratorResult[]> = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of generators) {
      const short = await run(SHORT);
      const long = await run(LONG);
      if (long.errors > 0 || (long.violating ?? 0) > 0) throw new Error(`${name}: ${long.errors} errors, ${long.violating ?? 0} violating`);
      (marginal[name] ??= []).push(marginalUs(short, long));
      (longRuns[name] ??= []).push(long);
      process.stdout.write(`round ${round + 1}  ${name.padEnd(36)} ${fixed(marginalUs(short, long)).padStart(7)} µs CPU / request\n`);
    }
  }
} finally {
  server.close();
}

const chatload = marginal['chatload open']!;
const per = (name: string) => marginal[name]!.map((x, i) => chatload[i]! / x);
process.stdout.write(`\nOpen model at ${RATE}/s, fast server, marginal CPU per request (${LONG} s run − ${SHORT} s run), ${ROUNDS} alternated rounds:\n\n`);
process.stdout.write('| generator | CPU µs / request (median) | per round | chatload ÷ this (per round) | late (> 10 ms) | latency p50 / p99 ms |\n|---|---|---|---|---|---|\n');
for (const [name] of generators) {
  const runs = longRuns[name]!;
  const late = runs[0]!.late === undefined ? '—' : `${median(runs.map((r) => (100 * (r.late ?? 0)) / r.requests)).toFixed(2)} %`;
  process.stdout.write(`| ${name} | ${fixed(median(marginal[name]!))} | ${marginal[name]!.map((x) => fixed(x)).join(' ')} | ${per(name).map((x) => fixed(x, 2)).join(' ')} | ${late} | ${fixed(median(runs.map((r) => r.p50 ?? NaN)), 2)} / ${fixed(median(runs.map((r) => r.p99 ?? NaN)), 2)} |\n`);
}
const sendLate = median(longRuns['chatload open']!.map((r) => r.sendLateP99 ?? NaN));
process.stdout.write(`\nchatload's send lateness (handed to the client after the intended start), p99: ${fixed(sendLate, 2)} ms\n`);

const vsAutocannon = median(per(`autocannon -R ${RATE} -c 50`));
result('open-rate', `open at ${RATE}/s, CPU per checked request ÷ autocannon -R ${RATE}: ${fixed(median(chatload))} / ${fixed(median(marginal[`autocannon -R ${RATE} -c 50`]!))} µs = **${fixed(vsAutocannon, 2)} ×**`, '≤ 2 ×', vsAutocannon <= 2);
const floor = median(per('undici open (bare, steady schedule)'));
result('open-rate', `open at ${RATE}/s ÷ bare undici on the same steady schedule: **${fixed(floor, 2)} ×** (${fixed(median(marginal['undici open (bare, steady schedule)']!))} µs)`, '—', undefined);
if (artillery) {
  const vsArtillery = median(per('Artillery 2 + expect'));
  result('open-rate', `open at ${RATE}/s ÷ Artillery 2 + expect: ${fixed(median(chatload))} / ${fixed(median(marginal['Artillery 2 + expect']!))} µs = **${fixed(vsArtillery, 3)} ×**`, '≤ 0.1 ×', vsArtillery <= 0.1);
} else {
  process.stdout.write('\nArtillery is not installed: its comparison was skipped (bench/lib/artillery.ts says how to add it).\n');
  result('open-rate', 'open ÷ Artillery: Artillery not installed, not measured', '≤ 0.1 ×', undefined);
}
