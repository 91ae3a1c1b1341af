/**
 * Server CPU per request: (a) a bare node:http server answering a fixed body vs (b) the mock with
 * full request validation and reply generation, under the same autocannon load, alternated rounds.
 * Each server runs in its own child process, so only its CPU is counted (process.cpuUsage there).
 * The baseline does the HTTP work any handler must: it reads the whole body, answers a body of the
 * mock's length (303 bytes) with the same two headers on a keep-alive connection; the bytes per
 * response are printed for both, so a difference in size would show.
 * Target: (b) ≤ 1.3 × (a). Run: `npm run bench -- mock` or `node --import tsx bench/mock-cpu.bench.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { result } from './lib/report.js';

type Kind = 'bare' | 'mock';
interface Measured {
  cpuUs: number;
  requests: number;
}

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KEY = 'sk-mock-bench-0000';
const BODY = JSON.stringify({ agentId: 'agent_support_01', input: 'Where is my order? It was supposed to arrive on Monday.', dynamicVariables: { customer_name: 'Michael', order_id: 1042, plan: 'pro' } });
const FIXED = JSON.stringify({
  chatId: 'chat_d17T6uReChpyfFeP',
  createdAt: '2021-04-20T10:00:00.000Z',
  status: 'in_progress',
  response: [{ id: 'item_G9YdhDqua0EngI1G', role: 'assistant', type: 'message', content: ['Hi Michael, your order 1042 is on its way.'] }],
  agent: { name: 'Grace', agentId: 'agent_support_01', status: 'Live' },
});

/** The child: one server, counting its own CPU between "start" and "stop". */
async function serve(kind: Kind): Promise<void> {
  let port: number;
  let count: () => number;
  if (kind === 'bare') {
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      req.on('data', () => undefined);
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(FIXED) });
        res.end(FIXED);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    count = () => requests;
  } else {
    const { mockConfigFor } = await import('../src/mock/config.js');
    const { startMockServer } = await import('../src/mock/server.js');
    const mock = await startMockServer(
      mockConfigFor({
        agents: [],
        settings: { faults: [], apiKeys: [{ key: KEY }], agents: [{ agentId: 'agent_support_01', name: 'Grace', reply: 'Hi {{customer_name}}, your order {{order_id}} is on its way.', requiredVariables: ['customer_name'] }] },
      }),
    );
    port = mock.port;
    count = () => mock.stats().requests;
  }
  let cpu = process.cpuUsage();
  let base = 0;
  process.on('message', (message: string) => {
    if (message === 'start') {
      cpu = process.cpuUsage();
      base = count();
    } else if (message === 'stop') {
      const used = process.cpuUsage(cpu);
      process.send!({ cpuUs: used.user + used.system, requests: count() - base } satisfies Measured);
    } else if (message === 'exit') process.exit(0);
  });
  process.send!({ port });
}

function startChild(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['serve', kind], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve) => child.once('message', (m: { port: number }) => resolve({ child, port: m.port })));
}

function ask(child: ChildProcess, message: string): Promise<Measured> {
  return new Promise((resolve) => {
    child.once('message', (m: Measured) => resolve(m));
    child.send(message);
  });
}

interface Round {
  usPerRequest: number;
  bytesPerResponse: number;
}

async function round(kind: Kind, port: number, child: ChildProcess): Promise<Round> {
  const load = (duration: number) =>
    autocannon({ url: `http://127.0.0.1:${port}/v1/chats`, method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: BODY, connections: CONNECTIONS, duration });
  await load(1); // warm-up: JIT, connections
  child.send('start');
  const result = await load(SECONDS);
  const measured = await ask(child, 'stop');
  const non2xx = result.non2xx;
  if (non2xx > 0) throw new Error(`${kind}: ${non2xx} answers were not 2xx`);
  return { usPerRequest: measured.cpuUs / measured.requests, bytesPerResponse: result.throughput.total / result.requests.total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const servers = { bare: await startChild('bare'), mock: await startChild('mock') };
  const results: Record<Kind, Round[]> = { bare: [], mock: [] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of ['bare', 'mock'] as const) {
        const measured = await round(kind, servers[kind].port, servers[kind].child);
        results[kind].push(measured);
        process.stdout.write(`round ${r + 1}  ${kind.padEnd(4)}  ${measured.usPerRequest.toFixed(1)} µs CPU / request\n`);
      }
    }
  } finally {
    for (const s of Object.values(servers)) s.child.send('exit');
  }
  const us = (kind: Kind) => results[kind].map((r) => r.usPerRequest);
  const bytes = (kind: Kind) => median(results[kind].map((r) => r.bytesPerResponse)).toFixed(0);
  const a = median(us('bare'));
  const b = median(us('mock'));
  const ratio = b / a;
  // Rounds next to each other share the machine's load best: their ratios show the spread.
  const perRound = us('mock').map((x, i) => (x / us('bare')[i]!).toFixed(2));
  process.stdout.write(`\nserver CPU per request, ${CONNECTIONS} connections, ${SECONDS}s × ${ROUNDS} rounds (medians)\n`);
  process.stdout.write(`  (a) bare node:http, fixed body      ${a.toFixed(1)} µs  (${bytes('bare')} bytes / response)\n`);
  process.stdout.write(`  (b) mock, validation + reply        ${b.toFixed(1)} µs  (${bytes('mock')} bytes / response)\n`);
  process.stdout.write(`  ratio b/a ${ratio.toFixed(2)}  (target ≤ 1.30: ${ratio <= 1.3 ? 'met' : 'NOT met'}); per round ${perRound.join(' ')}\n`);
  result('mock-cpu', `mock CPU per request ÷ bare \`node:http\`: ${b.toFixed(1)} / ${a.toFixed(1)} µs = **${ratio.toFixed(2)} ×** (rounds ${perRound.join(' ')})`, '≤ 1.3 ×', ratio <= 1.3);
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Kind);
else await main();
