import { Pool, type Dispatcher } from 'undici';
import type { Exchange, PlannedRequest, TransportError } from '../exchange.js';
import { classifyTransportError } from './errors.js';

export const CREATE_CHAT_PATH = '/v1/chats';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ClientOptions {
  /** Base URL of the API, e.g. https://api.sigmamind.ai or http://127.0.0.1:4010 */
  baseUrl: string;
  apiKey: string;
  /** Upper bound on open connections. */
  connections: number;
  /** Whole-exchange timeout: from send until the last byte of the body. */
  timeoutMs: number;
  /** Past this many body bytes, reading stops and the exchange is marked truncated. */
  maxBodyBytes?: number;
}

export interface Client {
  send(request: PlannedRequest): Promise<Exchange>;
  /** Ends every request in flight at once, each with a `closed` transport error saying why. */
  cancel(reason: string): Promise<void>;
  close(): Promise<void>;
}

/** Ends requests still in flight when a run is interrupted and its grace period is over. */
export class CancelledError extends Error {
  readonly code = 'CHATLOAD_CANCELLED';
}

class ExchangeTimeout extends Error {
  readonly code = 'CHATLOAD_TIMEOUT';
}
class BodyCapReached extends Error {
  readonly code = 'CHATLOAD_BODY_CAP';
}
/** One shared error for every request that timed out before a connection took it: no stack captured per request. */
const STALE = new ExchangeTimeout('timed out before a connection was free');

/** Lower-case ASCII name of a raw header (latin1 bytes), as undici's parseHeaders would give it. */
function headerName(raw: Buffer): string {
  return raw.toString('latin1').toLowerCase();
}

/** The object undici's parseHeaders would build from raw headers, with repeated values joined by ", ". */
function headersOf(raw: readonly Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = headerName(raw[i]!);
    const value = raw[i + 1]!.toString('latin1');
    const known = Object.hasOwn(out, name) ? out[name] : undefined;
    if (name === '__proto__') Object.defineProperty(out, name, { value: known === undefined ? value : `${known}, ${value}`, enumerable: true, configurable: true, writable: true });
    else out[name] = known === undefined ? value : `${known}, ${value}`;
  }
  return out;
}

const CONTENT_TYPE = Buffer.from('content-type');

/** The content-type value found by scanning raw header names, without decoding the others. */
function rawContentType(raw: readonly Buffer[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== CONTENT_TYPE.length) continue;
    let same = true;
    for (let j = 0; j < name.length; j++) {
      // ASCII lower-casing; a non-letter byte with bit 0x20 set is compared as is.
      const c = name[j]!;
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== CONTENT_TYPE[j]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    const value = raw[i + 1]!.toString('latin1');
    found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}

/** What came back, with the headers object built only when something reads it (violation samples). */
class HttpExchange implements Exchange {
  status?: number;
  contentType?: string;
  body?: Buffer;
  truncated?: boolean;
  error?: TransportError;
  rawHeaders?: Buffer[];
  private built?: Record<string, string>;

  constructor(
    readonly request: PlannedRequest,
    readonly sentAt: number,
    readonly endAt: number,
  ) {}

  get headers(): Record<string, string> | undefined {
    if (this.built === undefined && this.rawHeaders !== undefined) this.built = headersOf(this.rawHeaders);
    return this.built;
  }

  /** Plain data for JSON and structured clone (worker threads), as before headers became lazy. */
  toJSON(): Exchange {
    const { request, sentAt, endAt, status, headers, body, truncated, error } = this;
    return { request, sentAt, endAt, ...(status !== undefined ? { status } : {}), ...(headers ? { headers } : {}), ...(body ? { body } : {}), ...(truncated ? { truncated } : {}), ...(error ? { error } : {}) };
  }
}

interface Shared {
  maxBodyBytes: number;
  timeoutMs: number;
  deadlines: DeadlineQueue;
}

/**
 * One request in flight. A plain undici handler of the callback API (onConnect … onComplete):
 * the newer controller API wraps every handler and parses every response's headers into an
 * object, which the checks do not need (docs/benchmarks.md, "Engines").
 */
class InFlight {
  readonly sentAt = performance.now();
  /** When the whole-exchange timeout ends it; deadlines of one client come in send order. */
  readonly deadline: number;
  settled = false;
  private abort?: (error: Error) => void;
  private status?: number;
  private rawHeaders?: Buffer[];
  private first?: Buffer;
  private chunks?: Buffer[];
  private size = 0;

  constructor(
    private readonly request: PlannedRequest,
    private readonly shared: Shared,
    private readonly resolve: (exchange: Exchange) => void,
  ) {
    this.deadline = this.sentAt + shared.timeoutMs;
  }

  settle(endAt: number, body: Buffer | undefined, truncated: boolean, error: TransportError | undefined): void {
    if (this.settled) return;
    this.settled = true;
    const exchange = new HttpExchange(this.request, this.sentAt, endAt);
    if (this.status !== undefined) {
      exchange.status = this.status;
      exchange.rawHeaders = this.rawHeaders;
      if (this.rawHeaders) exchange.contentType = rawContentType(this.rawHeaders);
    }
    if (body) exchange.body = body;
    if (truncated) exchange.truncated = true;
    if (error) exchange.error = error;
    this.first = this.chunks = undefined;
    this.shared.deadlines.settled();
    this.resolve(exchange);
  }

  /**
   * Called by the deadline queue once `deadline` has passed and the exchange is still open. It ends
   * at its deadline, however late a busy event loop let the timer run: the timeout holds.
   */
  expire(): void {
    // Settle first: abort() calls onError synchronously, which would settle it as 'other'.
    this.settle(this.deadline, undefined, false, { kind: 'timeout', message: `no complete response within ${this.shared.timeoutMs}ms` });
    this.abort?.(new ExchangeTimeout('timeout'));
  }

  private body(): Buffer {
    if (this.chunks) return Buffer.concat(this.chunks, this.size);
    return this.first ?? Buffer.alloc(0);
  }

  private keep(chunk: Buffer): void {
    if (this.first === undefined) this.first = chunk;
    else (this.chunks ??= [this.first]).push(chunk);
    this.size += chunk.length;
  }

  onConnect(abort: (error: Error) => void): void {
    this.abort = abort;
    // Timed out while queued for a connection: thrown, undici drops the request and keeps the
    // connection for the next one (abort() would destroy it).
    if (this.settled) throw STALE;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    const max = this.shared.maxBodyBytes;
    if (this.size + chunk.length > max) {
      const endAt = performance.now();
      const room = max - this.size;
      if (room > 0) this.keep(chunk.subarray(0, room));
      this.settle(endAt, this.body(), true, undefined);
      this.abort?.(new BodyCapReached('body cap reached'));
      return true;
    }
    this.keep(chunk);
    return true;
  }

  onComplete(): void {
    const endAt = performance.now();
    if (!this.settled) this.settle(endAt, this.body(), false, undefined);
  }

  onError(error: Error): void {
    const endAt = performance.now();
    if (!this.settled) this.settle(endAt, undefined, false, classifyTransportError(error));
  }
}

/**
 * Every request of a client shares one timeout, so deadlines come in send order: one FIFO
 * queue and a single timer replace a timer per request. Settled entries leave from the head.
 */
class DeadlineQueue {
  private queue: InFlight[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  add(entry: InFlight): void {
    this.queue.push(entry);
    this.trim();
    if (this.timer === undefined) this.arm(entry.deadline);
  }

  /** Drops settled entries at the head, so the queue holds about what is in flight. */
  trim(): void {
    const q = this.queue;
    while (this.head < q.length && q[this.head]!.settled) this.head++;
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > q.length) {
      q.splice(0, this.head);
      this.head = 0;
    }
  }

  /** An entry settled: when nothing is left in flight, the timer goes (it would hold the process open). */
  settled(): void {
    this.trim();
    if (this.head === this.queue.length && this.timer !== undefined) this.clear();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(this.fire, Math.max(0, deadline - performance.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const q = this.queue;
    while (this.head < q.length) {
      const entry = q[this.head]!;
      if (entry.settled) {
        this.head++;
        continue;
      }
      // A timer can fire up to ~1 ms early (docs/notes.md): wait again rather than time out early.
      if (entry.deadline > now) break;
      this.head++;
      entry.expire();
    }
    this.trim();
    if (this.head < q.length && this.timer === undefined) this.arm(q[this.head]!.deadline);
  };
}

/**
 * The Create Chat client: an undici Pool with keep-alive, driven through `dispatch` with a
 * plain handler (the cheapest undici API level, see docs/benchmarks.md). The end time is
 * taken before any other work on the response.
 */
export function createClient(options: ClientOptions): Client {
  const base = new URL(options.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;
  const deadlines = new DeadlineQueue();
  const shared: Shared = { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, timeoutMs: options.timeoutMs, deadlines };
  const pool = new Pool(base.origin, {
    connections: options.connections,
    pipelining: 1,
    // Our own timer bounds the whole exchange; undici's inactivity timers only back it up.
    headersTimeout: options.timeoutMs + 1000,
    bodyTimeout: options.timeoutMs + 1000,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  });
  const headers = { 'content-type': 'application/json', 'x-api-key': options.apiKey, accept: 'application/json' };
  const origin = base.origin;

  function send(request: PlannedRequest): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      const inFlight = new InFlight(request, shared, resolve);
      deadlines.add(inFlight);
      try {
        // The callback handler API is typed as deprecated in undici 7; it is the level undici itself runs on.
        pool.dispatch({ origin, path, method: 'POST', headers, body: JSON.stringify(request.body) }, inFlight as unknown as Dispatcher.DispatchHandler);
      } catch (error) {
        inFlight.settle(performance.now(), undefined, false, classifyTransportError(error));
      }
    });
  }

  return {
    send,
    async cancel(reason) {
      await pool.destroy(new CancelledError(reason));
    },
    async close() {
      deadlines.clear();
      if (pool.destroyed) return;
      await pool.destroy();
    },
  };
}
