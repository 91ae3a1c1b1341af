/**
 * Start-up, side by side with autocannon's own, alternated rounds, medians (docs/benchmarks.md):
 *  - `chatload --help`, wall time, against `autocannon --help`. Target ≤ 0.3 s.
 *  - a 1-request run, CPU (user + system, worker threads included) of the whole process, against
 *    autocannon sending 1 request: `chatload run --requests 1 --concurrency 1` against its embedded
 *    mock, `autocannon -a 1 -c 1` against a bare node:http server in this process. Target ≤ 0.7 s.
 *  - a worker thread's start: `new Worker(dist/commands/worker-entry.js)` until it reports ready
 *    (contract and engine loaded), against an empty worker's start. Target ≤ 100 ms.
 * Runs the compiled CLI (dist/), rebuilt first when a source is newer.
 * Run: `npm run bench -- startup` (BENCH_ROUNDS, default 5).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import buildWhenStale from '../test/helpers/build-fresh.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHATLOAD = join(ROOT, 'bin', 'chatload.js');
const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Loaded before the program: at exit, the process's own CPU (all its threads) goes to fd 3.
const CPU_PROBE = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(3, String(u.user + u.system)); });")}`;

interface Measured {
  wallMs: number;
  cpuMs: number;
}

/** Runs `node [--import probe] script args`; wall time from spawn to exit, CPU as the child measured it. */
function measure(script: string, args: string[], cwd: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PROBE, script, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let cpu = '';
    let stderr = '';
    child.stdio[3]!.on('data', (d: Buffer) => (cpu += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && !args.includes('--help')) return reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ wallMs: performance.now() - started, cpuMs: Number(cpu) / 1000 });
    });
  });
}

/** Milliseconds from \`new Worker\` to its first message (worker-entry: "ready"), in a child process. */
function workerStart(file: URL | 'empty', workerData?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    // A plain node process: worker threads would inherit this one's TypeScript loader (tsx).
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'worker-start.mjs'), String(file), ...(workerData ? [JSON.stringify(workerData)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`worker start measure exited ${code}`))));
  });
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (n: number) => n.toFixed(0).padStart(5);

async function main(): Promise<void> {
  buildWhenStale();
  const { buildPlan } = await import('../src/load/plan.js');
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/chats`;
  const out = mkdtempSync(join(tmpdir(), 'chatload-bench-'));
  const plan = buildPlan({ model: 'closed', concurrency: 1, requests: 1 }, 10_000, { turns: 1, seed: 1 });
  const workerData = { config: { plan, source: { agents: ['a'], inputs: ['x'], variables: [], strategy: 'random', seed: 1 }, baseUrl: url, apiKey: 'k', seed: 1, secrets: [], graceMs: 100 }, slice: { index: 0, count: 1 } };
  const entry = new URL('../dist/commands/worker-entry.js', import.meta.url);

  const rows = { help: [] as number[], helpAc: [] as number[], run: [] as number[], runAc: [] as number[], worker: [] as number[], workerEmpty: [] as number[] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      rows.help.push((await measure(CHATLOAD, ['--help'], ROOT)).wallMs);
      rows.helpAc.push((await measure(AUTOCANNON, ['--help'], ROOT)).wallMs);
      rows.run.push((await measure(CHATLOAD, ['run', 'scenarios/smoke.yaml', '--requests', '1', '--concurrency', '1', '--out', join(out, String(round))], ROOT)).cpuMs);
      rows.runAc.push((await measure(AUTOCANNON, ['-a', '1', '-c', '1', '-m', 'POST', '-H', 'content-type=application/json', '-b', '{"agentId":"a","input":"x"}', url], ROOT)).cpuMs);
      rows.worker.push(await workerStart(entry, workerData));
      rows.workerEmpty.push(await workerStart('empty'));
      process.stdout.write(`round ${round}: --help ${f(rows.help.at(-1)!)} / ${f(rows.helpAc.at(-1)!)} ms wall · 1-request run ${f(rows.run.at(-1)!)} / ${f(rows.runAc.at(-1)!)} ms CPU · worker ${f(rows.worker.at(-1)!)} / ${f(rows.workerEmpty.at(-1)!)} ms\n`);
    }
  } finally {
    bare.close();
    rmSync(out, { recursive: true, force: true });
  }
  const line = (what: string, a: number[], b: number[], vs: string, unit: string, target: string, limit: number) => {
    const [ma, mb] = [median(a), median(b)];
    process.stdout.write(`${what.padEnd(36)} ${f(ma)} ${unit} vs ${vs} ${f(mb)} ${unit} = ${(ma / mb).toFixed(2)} ×   target ${target}: ${ma <= limit ? 'met' : 'NOT met'}\n`);
  };
  process.stdout.write(`\nmedians of ${ROUNDS} rounds\n`);
  line('chatload --help, wall', rows.help, rows.helpAc, 'autocannon --help', 'ms', '≤ 300 ms', 300);
  line('1-request run, CPU', rows.run, rows.runAc, 'autocannon -a 1', 'ms', '≤ 700 ms', 700);
  line('worker thread start (to ready)', rows.worker, rows.workerEmpty, 'empty worker', 'ms', '≤ 100 ms', 100);
}

await main();
