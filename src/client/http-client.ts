import { createRequire } from 'node:module';
import type { Client as UndiciClient, Dispatcher } from 'undici';
import type { Exchange, PlannedRequest, TransportError } from '../exchange.js';
import Queue from 'yocto-queue';
import { DeadlineQueue } from './deadline-queue.js';
import { classifyTransportError } from './errors.js';
import { headersOf, rawContentType } from './raw-headers.js';

// undici's index loads all of undici (fetch, WebSocket, caches, mocks): ~50 ms of CPU at every start
// and in every worker thread. The client needs only its Client class; the package has no exports map
// and its version is pinned (test/unit/client/undici-client.test.ts checks it is the class undici exports).
const Connection = createRequire(import.meta.url)('undici/lib/dispatcher/client.js') as typeof UndiciClient;
type Connection = UndiciClient;

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
/** Ends a request sent or waiting after the client was closed, as undici's ClientDestroyedError would. */
const CLIENT_CLOSED = Object.assign(new Error('The client is destroyed'), { code: 'UND_ERR_DESTROYED' });
/** One shared error for every request that timed out before a connection took it: no stack captured per request. */
const STALE = new ExchangeTimeout('timed out before a connection was free');

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
  deadlines: DeadlineQueue<InFlight>;
  connections: Connections;
  completions: Completions;
}

/**
 * Exchanges that ended while the event loop read its sockets, handed on together once every
 * socket with data has been read (setImmediate runs right after that phase). Each end time is
 * taken as its last byte is read; handing each on at once would make the answers read after it
 * wait for its checks, its recording and the next request it sends, and time that wait as theirs.
 */
class Completions {
  private resolves: ((exchange: Exchange) => void)[] = [];
  private exchanges: Exchange[] = [];
  private scheduled = false;

  add(resolve: (exchange: Exchange) => void, exchange: Exchange): void {
    this.resolves.push(resolve);
    this.exchanges.push(exchange);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const resolves = this.resolves;
    const exchanges = this.exchanges;
    this.resolves = [];
    this.exchanges = [];
    for (let i = 0; i < resolves.length; i++) resolves[i]!(exchanges[i]!);
  };
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
  /** The connection it was handed to; it goes back to the free ones once undici is done with the request. */
  connection?: Connection;
  private released = false;
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
    /** What undici is given to send: built once, kept until a connection takes it. */
    readonly dispatch: Dispatcher.DispatchOptions,
  ) {
    this.deadline = this.sentAt + shared.timeoutMs;
  }

  /**
   * Ends the exchange (once). `pending`: undici still holds the request unwritten (queued on a
   * connection that is connecting), so the connection stays taken until undici lets go of it:
   * handed to the next request, it would carry over this one's connection attempt and its timeout.
   */
  settle(endAt: number, body: Buffer | undefined, truncated: boolean, error: TransportError | undefined, pending = false): void {
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
    if (!pending) this.release();
    this.shared.completions.add(this.resolve, exchange);
  }

  private release(): void {
    if (this.connection === undefined || this.released) return;
    this.released = true;
    this.shared.connections.release(this.connection);
  }

  /**
   * Called by the deadline queue once `deadline` has passed and the exchange is still open. It ends
   * at its deadline, however late a busy event loop let the timer run: the timeout holds.
   */
  expire(): void {
    // Settle first: abort() calls onError synchronously, which would settle it as 'other'.
    this.settle(this.deadline, undefined, false, this.timedOut(), this.connection !== undefined && this.abort === undefined);
    this.abort?.(new ExchangeTimeout('timeout'));
  }

  private timedOut(): TransportError {
    return { kind: 'timeout', message: `no complete response within ${this.shared.timeoutMs}ms` };
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
    if (this.settled) {
      this.release();
      throw STALE;
    }
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
    else this.release();
  }

  onError(error: Error): void {
    const endAt = performance.now();
    if (this.settled) return this.release();
    // Past the deadline, the exchange has timed out whatever failed after it (a busy loop runs the
    // deadline timer late: a connection attempt's own timeout may be noticed first).
    if (endAt >= this.deadline) return this.settle(this.deadline, undefined, false, this.timedOut());
    this.settle(endAt, undefined, false, classifyTransportError(error));
  }
}

/**
 * The client's connections: one undici `Client` each (pipelining 1), opened as needed up to the
 * limit, and a stack of the free ones. Taking and giving back a connection is O(1) whatever the
 * number in flight; an undici Pool scans its clients for a free one at every dispatch, which at
 * ten thousand requests in flight cost more than everything else per request (docs/benchmarks.md).
 * The most recently freed connection is reused first, so a low rate keeps few connections warm.
 * Requests beyond the limit wait here in send order; one whose deadline passed while waiting is
 * dropped without taking a connection.
 */
class Connections {
  private readonly all: Connection[] = [];
  private readonly free: Connection[] = [];
  private readonly waiting = new Queue<InFlight>();
  private draining = false;

  constructor(
    private readonly origin: string,
    private readonly limit: number,
    private readonly options: UndiciClient.Options,
  ) {}

  dispatch(inFlight: InFlight): void {
    const connection = this.waiting.size === 0 ? this.take() : undefined;
    if (connection) this.hand(connection, inFlight);
    else this.waiting.enqueue(inFlight);
  }

  /** An exchange on `connection` settled: it takes the next waiting request, or becomes free. */
  release(connection: Connection): void {
    this.free.push(connection);
    // Handed over after the current undici callback has returned (a timeout aborts its request right after settling it).
    if (this.waiting.size > 0 && !this.draining) {
      this.draining = true;
      queueMicrotask(this.drain);
    }
  }

  private readonly drain = (): void => {
    this.draining = false;
    for (let next = this.waiting.peek(); next !== undefined; next = this.waiting.peek()) {
      const connection = next.settled ? undefined : this.take();
      if (!next.settled && !connection) break;
      this.waiting.dequeue();
      if (connection) this.hand(connection, next);
    }
  };

  private take(): Connection | undefined {
    const connection = this.free.pop();
    if (connection !== undefined || this.all.length >= this.limit) return connection;
    const opened = new Connection(this.origin, this.options);
    this.all.push(opened);
    return opened;
  }

  private hand(connection: Connection, inFlight: InFlight): void {
    inFlight.connection = connection;
    try {
      // The callback handler API is typed as deprecated in undici 7; it is the level undici itself runs on.
      connection.dispatch(inFlight.dispatch, inFlight as unknown as Dispatcher.DispatchHandler);
    } catch (error) {
      inFlight.settle(performance.now(), undefined, false, classifyTransportError(error));
    }
  }

  /** Ends every request, in flight or waiting, with `error` (each with a transport error saying why). */
  async destroy(error?: Error): Promise<void> {
    const waiting = [...this.waiting];
    this.waiting.clear();
    const reason = classifyTransportError(error ?? CLIENT_CLOSED);
    for (const inFlight of waiting) inFlight.settle(performance.now(), undefined, false, reason);
    await Promise.all(this.all.map((connection) => (connection.destroyed ? undefined : connection.destroy(error ?? null))));
  }
}

/**
 * The Create Chat client: undici connections with keep-alive, driven through `dispatch` with a
 * plain handler (the cheapest undici API level, see docs/benchmarks.md). The end time is
 * taken before any other work on the response.
 */
export function createClient(options: ClientOptions): Client {
  const base = new URL(options.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;
  const deadlines = new DeadlineQueue<InFlight>();
  const connections = new Connections(base.origin, Math.max(1, options.connections), {
    pipelining: 1,
    // Our own timer bounds the whole exchange; undici's inactivity timers only back it up.
    headersTimeout: options.timeoutMs + 1000,
    bodyTimeout: options.timeoutMs + 1000,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  });
  const shared: Shared = { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, timeoutMs: options.timeoutMs, deadlines, connections, completions: new Completions() };
  const headers = { 'content-type': 'application/json', 'x-api-key': options.apiKey, accept: 'application/json' };
  const origin = base.origin;
  let destroyed = false;

  function send(request: PlannedRequest): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      const inFlight = new InFlight(request, shared, resolve, { origin, path, method: 'POST', headers, body: JSON.stringify(request.body) });
      deadlines.add(inFlight);
      if (destroyed) return inFlight.settle(performance.now(), undefined, false, classifyTransportError(CLIENT_CLOSED));
      connections.dispatch(inFlight);
    });
  }

  return {
    send,
    async cancel(reason) {
      destroyed = true;
      await connections.destroy(new CancelledError(reason));
    },
    async close() {
      deadlines.clear();
      if (destroyed) return;
      destroyed = true;
      await connections.destroy();
    },
  };
}
