/**
 * Ten thousand requests in flight (`npm run bench -- in-flight`): the open model at 2,000 arrivals/s
 * against a server that answers every request after 5 s, for 10 s, run as a user runs it (the
 * `chatload` CLI, every answer checked), beside a bare undici reference loop on the same schedule
 * (the floor on this machine). Rounds alternated.
 *
 * Targets: `late` ≤ 1 % of requests; the corrected p99 within 5 % of the service-time p99 plus the
 * schedule's own jitter (chatload's 2 ms tick quantum plus the bare loop's p99 send lateness, what
 * a timer-driven schedule gets on this machine at the time); peak RSS ≤ 250 MB.
 * Env: BENCH_RATE (2000), BENCH_DELAY_MS (5000), BENCH_SECONDS (10), BENCH_ROUNDS (2).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TICK_QUANTUM_MS } from '../src/load/open.js';
import { fixed, median, result } from './lib/report.js';
import { runGenerator, type GeneratorResult } from './lib/runner.js';
import { BENCH_AGENT, BENCH_INPUTS, startServer } from './lib/server.js';
import buildWhenStale from '../test/helpers/build-fresh.js';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// Room for every request the rate keeps in flight, and a timeout well past the server's delay.
const IN_FLIGHT = Math.ceil((RATE * DELAY_MS) / 1000 * 1.2);
const TIMEOUT_S = Math.ceil(DELAY_MS / 1000) * 3;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Figures {
  requests: number;
  late: number;
  dropped: number;
  errors: number;
  p99: number;
  serviceP99: number;
  sendLateP99?: number;
  maxRssMb: number;
  cpuUsPerRequest: number;
}

/** One `chatload run` of the CLI; its figures from report.json, its peak RSS from a preload. */
function runCli(url: string): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'chatload-bench-in-flight-'));
  const scenario = join(dir, 'in-flight.yaml');
  writeFileSync(
    scenario,
    `name: in-flight
agents: [${BENCH_AGENT}]
inputs: ${JSON.stringify(BENCH_INPUTS)}
load:
  rate: ${RATE}
  duration: ${SECONDS}s
  maxInFlight: ${IN_FLIGHT}
timeout: ${TIMEOUT_S}s
profile: strict
`,
  );
  const peakFile = join(dir, 'peak.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(ROOT, 'bench/lib/peak.cjs'), join(ROOT, 'bin/chatload.js'), 'run', scenario, '--target', url, '--out', join(dir, 'out')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SIGMAMIND_API_KEY: 'bench-key', BENCH_PEAK_FILE: peakFile },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`chatload run exited ${code}: ${stderr.slice(-2000)}`);
        const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
          totals: { requests: number; late: number; dropped: number; errors: number };
          latency: { p99: number };
          serviceTime: { p99: number };
          conformance?: { violating?: number };
        };
        const peak = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRssMb: number; cpuUs: number };
        const t = report.totals;
        resolve({ requests: t.requests, late: t.late, dropped: t.dropped, errors: t.errors, p99: report.latency.p99, serviceP99: report.serviceTime.p99, maxRssMb: peak.maxRssMb, cpuUsPerRequest: peak.cpuUs / t.requests });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function fromGenerator(r: GeneratorResult): Figures {
  return { requests: r.requests, late: r.late ?? 0, dropped: 0, errors: r.errors, p99: r.p99 ?? NaN, serviceP99: r.serviceP99 ?? NaN, ...(r.sendLateP99 !== undefined ? { sendLateP99: r.sendLateP99 } : {}), maxRssMb: r.maxRssMb, cpuUsPerRequest: r.cpuUs / r.requests };
}

// bin/chatload.js runs the compiled dist/: rebuilt first when a source is newer.
buildWhenStale();
const server = await startServer(DELAY_MS);
const rows: { chatload: Figures; bare: Figures }[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const bare = fromGenerator(await runGenerator('undici-open', server.url, SECONDS, RATE, { BENCH_MAX_IN_FLIGHT: String(IN_FLIGHT) }));
    const chatload = await runCli(server.url);
    rows.push({ chatload, bare });
    for (const [name, f] of [['chatload run (CLI)', chatload], ['bare undici loop', bare]] as const) {
      process.stdout.write(`round ${round + 1}  ${name.padEnd(20)} ${f.requests} requests, late ${fixed((100 * f.late) / f.requests, 2)} %, dropped ${f.dropped}, errors ${f.errors}, p99 ${fixed(f.p99, 0)} ms (service ${fixed(f.serviceP99, 0)} ms), send lateness p99 ${fixed(f.sendLateP99, 1)} ms, peak RSS ${fixed(f.maxRssMb, 0)} MB, CPU ${fixed(f.cpuUsPerRequest, 0)} µs / request\n`);
    }
  }
} finally {
  server.close();
}

const pick = (side: 'chatload' | 'bare', f: (x: Figures) => number) => median(rows.map((r) => f(r[side])));
const latePct = pick('chatload', (x) => (100 * x.late) / x.requests);
const jitter = TICK_QUANTUM_MS + pick('bare', (x) => x.sendLateP99 ?? 0);
const p99 = pick('chatload', (x) => x.p99);
const serviceP99 = pick('chatload', (x) => x.serviceP99);
const bound = serviceP99 * 1.05 + jitter;
const rss = pick('chatload', (x) => x.maxRssMb);
process.stdout.write(`\n${RATE}/s against a ${DELAY_MS} ms server for ${SECONDS} s (${fixed((RATE * DELAY_MS) / 1000, 0)} in flight), medians of ${ROUNDS} rounds:\n`);
process.stdout.write(`| | late | corrected p99 | service p99 | send lateness p99 | peak RSS | CPU / request (whole process) |\n|---|---|---|---|---|---|---|\n`);
for (const side of ['chatload', 'bare'] as const) {
  process.stdout.write(`| ${side === 'chatload' ? 'chatload run (CLI)' : 'bare undici loop'} | ${fixed(pick(side, (x) => (100 * x.late) / x.requests), 2)} % | ${fixed(pick(side, (x) => x.p99), 0)} ms | ${fixed(pick(side, (x) => x.serviceP99), 0)} ms | ${side === 'bare' ? `${fixed(pick(side, (x) => x.sendLateP99 ?? NaN), 1)} ms` : '—'} | ${fixed(pick(side, (x) => x.maxRssMb), 0)} MB | ${fixed(pick(side, (x) => x.cpuUsPerRequest), 0)} µs |\n`);
}
result('in-flight', `${fixed((RATE * DELAY_MS) / 1000, 0)} in flight: late **${fixed(latePct, 2)} %** of requests (bare undici loop ${fixed(pick('bare', (x) => (100 * x.late) / x.requests), 2)} %)`, '≤ 1 %', latePct <= 1);
result('in-flight', `${fixed((RATE * DELAY_MS) / 1000, 0)} in flight: corrected p99 ${fixed(p99, 0)} ms vs 1.05 × service p99 ${fixed(serviceP99, 0)} ms + jitter ${fixed(jitter, 1)} ms = **${fixed(p99 / bound, 3)} ×** the bound`, '≤ 1 ×', p99 <= bound);
result('in-flight', `${fixed((RATE * DELAY_MS) / 1000, 0)} in flight: peak RSS of \`chatload run\` **${fixed(rss, 0)} MB** (bare undici loop ${fixed(pick('bare', (x) => x.maxRssMb), 0)} MB)`, '≤ 250 MB', rss <= 250);
