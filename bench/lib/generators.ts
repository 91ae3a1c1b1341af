/**
 * One load generator run in a process of its own, so the benches can compare generators by the
 * CPU of their whole process: `node --import tsx bench/lib/generators.ts NAME URL SECONDS [N]`.
 * Prints one JSON line (`GeneratorResult`); the parent takes the difference between a short and a
 * long run of the same generator to remove start-up (module loading, JIT, connections).
 *
 * - chatload-open N, chatload-closed N, chatload-max N: chatload's engines (every response checked,
 *   strict profile unless BENCH_PROFILE=spec), rate N/s or N users/connections.
 * - max-unchecked N: max mode's autocannon connections as chatload drives them, answers only counted.
 * - autocannon-rate N: `autocannon -R N -c 50` (its rate: each connection's share per second).
 * - autocannon-raw N: autocannon with N connections, no checks. autocannon-timed N: the same, each
 *   response time recorded at 1 µs (autocannon's own percentiles are whole milliseconds).
 * - undici-open N: a bare undici reference, a Pool driven on the same constant schedule as the open
 *   model (every arrival due by now sent in one wake-up), JSON.parse of each body, nothing else.
 * - undici-clients N: N undici `Client`s, each sending its next request when its answer has ended
 *   (max mode driven by undici instead of autocannon), JSON.parse of each body.
 * - undici-bursts N: N requests a second the way `autocannon -R N` sends them: at the start of each
 *   second, 50 connections each send their share back to back, then wait for the next second.
 */
import autocannon from 'autocannon';
import { Client, type Dispatcher } from 'undici';
import { startSlice, type ExecutionConfig } from '../../src/commands/execute.js';
import { loadContract } from '../../src/contract/index.js';
import type { Profile } from '../../src/contract/types.js';
import { runMax } from '../../src/load/max.js';
import { buildPlan, type MaxPlan } from '../../src/load/plan.js';
import { createRequestSource } from '../../src/scenario/source.js';
import { DEFAULT_MOCK_API_KEY } from '../../src/mock/config.js';
import { createLatencyHistogram, decodeHistogram, summarize } from '../../src/record/histogram.js';
import type { LoadSpec } from '../../src/scenario/types.js';
import { BENCH_AGENT, BENCH_INPUTS } from './server.js';

export interface GeneratorResult {
  name: string;
  /** Requests that completed (answered or failed). */
  requests: number;
  /** User + system CPU of the whole process, start-up included (µs). */
  cpuUs: number;
  /** Peak resident set size (MB). */
  maxRssMb: number;
  errors: number;
  violating?: number;
  late?: number;
  dropped?: number;
  /** Length of the run itself, start-up excluded (s). */
  seconds: number;
  /** Latency from the intended start (open model) or the send (ms). */
  p50?: number;
  p99?: number;
  /** Service time (send → end), ms. */
  serviceP99?: number;
  /** How late sends were after their intended start (ms), where the generator keeps a schedule. */
  sendLateP99?: number;
  /** Completed requests per second of the run itself. */
  rps: number;
}

type Measured = Omit<GeneratorResult, 'cpuUs' | 'maxRssMb' | 'rps'>;

export const CONNECTIONS = 50;
const BODY = JSON.stringify({ agentId: BENCH_AGENT, input: BENCH_INPUTS[0] });
const HEADERS = { 'content-type': 'application/json', 'x-api-key': DEFAULT_MOCK_API_KEY, accept: 'application/json' };
const PROFILE: Profile = process.env.BENCH_PROFILE === 'spec' ? 'spec' : 'strict';

function peakRssMb(): number {
  // VmHWM: the peak resident set of this process (Linux); resourceUsage's maxRSS is the same in KB.
  return process.resourceUsage().maxRSS / 1024;
}

async function chatload(name: string, url: string, load: LoadSpec, timeoutMs: number): Promise<Measured> {
  loadContract();
  const config: ExecutionConfig = {
    plan: buildPlan(load, timeoutMs),
    source: { agents: [BENCH_AGENT], inputs: BENCH_INPUTS, variables: [], strategy: 'cartesian', seed: 1 },
    baseUrl: url,
    apiKey: DEFAULT_MOCK_API_KEY,
    seed: 1,
    secrets: [],
    graceMs: 1000,
    profile: PROFILE,
  };
  const run = startSlice(config, { index: 0, count: 1 }, new AbortController().signal);
  // How late each request was handed to the client after its intended start: the schedule's jitter.
  const sendLate = createLatencyHistogram();
  const record = run.recorder.record.bind(run.recorder);
  run.recorder.record = (exchange, violations) => {
    if (exchange.request.intendedAt !== undefined) sendLate.recordValue(Math.max(0, Math.round((exchange.sentAt - exchange.request.intendedAt) * 1000)));
    record(exchange, violations);
  };
  const outcome = await run.done;
  const seconds = (performance.now() - run.startedAt) / 1000;
  if (outcome.fatal) throw outcome.fatal;
  const state = run.recorder.state();
  const latency = summarize(decodeHistogram(state.latency));
  const service = summarize(decodeHistogram(state.service));
  return { name, seconds, requests: state.requests, errors: state.errors, violating: state.violating, late: outcome.stats.late, dropped: outcome.stats.dropped, p50: latency.p50 ?? 0, p99: latency.p99 ?? 0, serviceP99: service.p99 ?? 0, ...(sendLate.totalCount ? { sendLateP99: summarize(sendLate).p99 ?? 0 } : {}) };
}

async function autocannonRun(name: string, url: string, seconds: number, connections: number, overallRate?: number, timed = false): Promise<Measured> {
  // Typed as a Promise; the value is autocannon's EventEmitter as well, with `then`.
  const instance = autocannon({ url: `${url}/v1/chats`, method: 'POST', body: BODY, headers: HEADERS, connections, duration: seconds, ...(overallRate ? { overallRate } : {}) }) as unknown as Promise<autocannon.Result> & NodeJS.EventEmitter;
  // autocannon's own percentiles are whole milliseconds: `timed` records each response time (a float in ms) at 1 µs.
  const latency = createLatencyHistogram();
  if (timed) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latency.recordValue(Math.round(ms * 1000)));
  const result = await instance;
  const own = timed ? summarize(latency) : undefined;
  return { name, seconds: result.duration, requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx, p50: own?.p50 ?? result.latency.p50, p99: own?.p99 ?? result.latency.p99 };
}

/** Max mode with nothing checked nor recorded: autocannon as chatload drives it (MaxConnection), the answers counted only. */
async function maxUnchecked(url: string, seconds: number, connections: number): Promise<Measured> {
  const plan = buildPlan({ model: 'max', connections, durationMs: seconds * 1000 }, 10_000) as MaxPlan;
  const source = createRequestSource({ agents: [BENCH_AGENT], inputs: BENCH_INPUTS, variables: [], strategy: 'cartesian', seed: 1 });
  let requests = 0;
  let errors = 0;
  const began = performance.now();
  const stats = await runMax(
    plan,
    {
      source,
      send: () => Promise.reject(new Error('max mode sends through autocannon')),
      sink: (exchange) => {
        requests++;
        if (exchange.error !== undefined || exchange.status !== 201) errors++;
        return { ok: true };
      },
      signal: new AbortController().signal,
    },
    { baseUrl: url, headers: HEADERS },
  );
  return { name: 'max mode, nothing checked', seconds: (performance.now() - began) / 1000, requests: stats.sent, errors };
}

/** A bare undici handler: keeps the body, parses it at the end. */
class BareHandler {
  private chunks: Buffer[] = [];
  status = 0;
  client?: Client;
  constructor(
    private readonly done: (ok: boolean, handler: BareHandler) => void,
    readonly intendedAt: number,
    readonly sentAt: number,
  ) {}
  onConnect(): void {}
  onHeaders(status: number): boolean {
    this.status = status;
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }
  onComplete(): void {
    const parsed = JSON.parse(Buffer.concat(this.chunks).toString('utf8')) as { chatId?: unknown };
    this.done(this.status === 201 && typeof parsed.chatId === 'string', this);
  }
  onError(): void {
    this.done(false, this);
  }
}

/**
 * The floor of an open model on undici: the constant schedule (every arrival due by now sent in one
 * wake-up), undici Clients taken from a stack of free ones (O(1), as chatload's client does),
 * JSON.parse of each body; no checks, no recorder, no timeout.
 */
function undiciOpen(url: string, seconds: number, rate: number, connections: number): Promise<Measured> {
  const origin = new URL(url).origin;
  const all: Client[] = [];
  const free: Client[] = [];
  const queued: BareHandler[] = [];
  const latency = createLatencyHistogram();
  const service = createLatencyHistogram();
  const sendLate = createLatencyHistogram();
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  const interval = 1000 / rate;
  let next = 0;
  let completed = 0;
  let errors = 0;
  let late = 0;
  const dispatch = (client: Client, h: BareHandler) => {
    h.client = client;
    client.dispatch({ origin, path: '/v1/chats', method: 'POST', headers: HEADERS, body: BODY }, h as unknown as Dispatcher.DispatchHandler);
  };
  return new Promise((resolve) => {
    const done = (ok: boolean, h: BareHandler) => {
      const end = performance.now();
      completed++;
      if (!ok) errors++;
      latency.recordValue(Math.max(0, Math.round((end - h.intendedAt) * 1000)));
      service.recordValue(Math.max(0, Math.round((end - h.sentAt) * 1000)));
      const waiting = queued.shift();
      if (waiting) dispatch(h.client!, waiting);
      else free.push(h.client!);
      if (completed === total) {
        for (const c of all) void c.destroy();
        const l = summarize(latency);
        resolve({ name: 'undici open (bare)', seconds: (performance.now() - start) / 1000, requests: completed, errors, late, p50: l.p50 ?? 0, p99: l.p99 ?? 0, serviceP99: summarize(service).p99 ?? 0, sendLateP99: summarize(sendLate).p99 ?? 0 });
      }
    };
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const intendedAt = start + next * interval;
        if (now - intendedAt > 10) late++;
        sendLate.recordValue(Math.max(0, Math.round((now - intendedAt) * 1000)));
        const h = new BareHandler(done, intendedAt, now);
        let client = free.pop();
        if (!client && all.length < connections) all.push((client = new Client(origin, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 })));
        if (client) dispatch(client, h);
        else queued.push(h);
        next++;
      }
      // BENCH_TICK_MS: wake at most every that many ms (an experiment on what wake-ups cost).
      if (next < total) setTimeout(tick, Math.max(Number(process.env.BENCH_TICK_MS ?? 0), start + next * interval - performance.now()));
    };
    tick();
  });
}

/** Max mode on undici: N Clients, each sending its next request as its answer ends. */
function undiciClients(url: string, seconds: number, connections: number): Promise<Measured> {
  const origin = new URL(url).origin;
  const latency = createLatencyHistogram();
  const began = performance.now();
  const until = began + seconds * 1000;
  let completed = 0;
  let errors = 0;
  let open = connections;
  return new Promise((resolve) => {
    for (let i = 0; i < connections; i++) {
      const client = new Client(origin, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
      const send = () => {
        const now = performance.now();
        client.dispatch({ origin, path: '/v1/chats', method: 'POST', headers: HEADERS, body: BODY }, new BareHandler(done, now, now) as unknown as Dispatcher.DispatchHandler);
      };
      const done = (ok: boolean, h: BareHandler) => {
        const end = performance.now();
        completed++;
        if (!ok) errors++;
        latency.recordValue(Math.max(0, Math.round((end - h.sentAt) * 1000)));
        if (end < until) return send();
        void client.close();
        if (--open === 0) {
          const l = summarize(latency);
          resolve({ name: 'undici Client per connection (bare)', seconds: (performance.now() - began) / 1000, requests: completed, errors, p50: l.p50 ?? 0, p99: l.p99 ?? 0 });
        }
      };
      send();
    }
  });
}

/** autocannon -R's schedule on undici: per second, each connection sends its share back to back. */
function undiciBursts(url: string, seconds: number, rate: number): Promise<Measured> {
  const origin = new URL(url).origin;
  const latency = createLatencyHistogram();
  const began = performance.now();
  const clients = Array.from({ length: CONNECTIONS }, () => new Client(origin, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 }));
  let completed = 0;
  let errors = 0;
  return new Promise((resolve) => {
    let second = 0;
    let open = 0;
    const burst = () => {
      if (second++ >= seconds) return;
      for (let i = 0; i < CONNECTIONS; i++) {
        let left = Math.floor(rate / CONNECTIONS) + (i < rate % CONNECTIONS ? 1 : 0);
        if (left === 0) continue;
        open++;
        const client = clients[i]!;
        const done = (ok: boolean, h: BareHandler) => {
          completed++;
          if (!ok) errors++;
          latency.recordValue(Math.max(0, Math.round((performance.now() - h.sentAt) * 1000)));
          if (--left > 0) return send();
          if (--open === 0 && second >= seconds) {
            for (const c of clients) void c.close();
            const l = summarize(latency);
            resolve({ name: `undici bursts like -R ${rate}`, seconds: (performance.now() - began) / 1000, requests: completed, errors, p50: l.p50 ?? 0, p99: l.p99 ?? 0 });
          }
        };
        const send = () => {
          const now = performance.now();
          client.dispatch({ origin, path: '/v1/chats', method: 'POST', headers: HEADERS, body: BODY }, new BareHandler(done, now, now) as unknown as Dispatcher.DispatchHandler);
        };
        send();
      }
      if (second < seconds) setTimeout(burst, began + second * 1000 - performance.now());
    };
    burst();
  });
}

async function main(): Promise<void> {
  const [name, url, secondsArg, nArg] = process.argv.slice(2);
  if (!name || !url || !secondsArg) throw new Error('usage: generators.ts NAME URL SECONDS [N]');
  const seconds = Number(secondsArg);
  const durationMs = seconds * 1000;
  const n = Number(nArg ?? CONNECTIONS);
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 10_000);
  const began = performance.now();
  // BENCH_MEMORY_TRACE=1: the process's memory every second on stderr (where an in-flight bench's RSS goes).
  if (process.env.BENCH_MEMORY_TRACE) {
    setInterval(() => {
      const m = process.memoryUsage();
      const mb = (x: number) => (x / 2 ** 20).toFixed(0);
      process.stderr.write(`${((performance.now() - began) / 1000).toFixed(0)} s: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
    }, 1000).unref();
  }
  let r: Measured;
  switch (name) {
    case 'chatload-open':
      r = await chatload('chatload open', url, { model: 'open', rate: n, durationMs, ...(process.env.BENCH_MAX_IN_FLIGHT ? { maxInFlight: Number(process.env.BENCH_MAX_IN_FLIGHT) } : {}) }, timeoutMs);
      break;
    case 'chatload-closed':
      r = await chatload('chatload closed', url, { model: 'closed', concurrency: n, durationMs }, timeoutMs);
      break;
    case 'chatload-max':
      r = await chatload('chatload max', url, { model: 'max', connections: n, durationMs }, timeoutMs);
      break;
    case 'max-unchecked':
      r = await maxUnchecked(url, seconds, n);
      break;
    case 'autocannon-rate':
      r = await autocannonRun(`autocannon -R ${n} -c ${CONNECTIONS}`, url, seconds, CONNECTIONS, n);
      break;
    case 'autocannon-raw':
      r = await autocannonRun('autocannon raw', url, seconds, n);
      break;
    case 'autocannon-timed':
      r = await autocannonRun('autocannon', url, seconds, n, undefined, true);
      break;
    case 'undici-open':
      r = await undiciOpen(url, seconds, n, Number(process.env.BENCH_MAX_IN_FLIGHT ?? CONNECTIONS));
      break;
    case 'undici-clients':
      r = await undiciClients(url, seconds, n);
      break;
    case 'undici-bursts':
      r = await undiciBursts(url, seconds, n);
      break;
    default:
      throw new Error(`unknown generator ${name}`);
  }
  const cpu = process.cpuUsage();
  const result: GeneratorResult = { ...r, cpuUs: cpu.user + cpu.system, maxRssMb: peakRssMb(), rps: r.requests / r.seconds };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

await main();
