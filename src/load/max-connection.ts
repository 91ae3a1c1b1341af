import { maxHeaderSize } from 'node:http';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { classifyTransportError } from '../client/errors.js';
import type { Exchange, PlannedRequest, TransportError } from '../exchange.js';

/*
 * autocannon's Client (lib/httpClient.js of autocannon 9, pinned) as chatload runs it. Its request
 * building, pacing and per-connection loop stay; its socket and its response accounting do not:
 * it connects with `rejectUnauthorized: false` hard-coded, reads bodies into one unbounded string,
 * and loses or double-counts requests on hostile answers. Its `setupClient` hook hands each Client
 * over before it connects; there `MaxConnection` replaces `_connect`, `_doRequest` and the
 * request queue, and (on every connection) the parser's callbacks. Each request written ends
 * exactly once, as a response or a transport error, counted as the undici client counts it.
 */

/** The parts of autocannon's Client that chatload reads or replaces (it has no public types for them). */
export interface AutocannonClient {
  opts: { hostname: string; port: number; servername?: string; pipelining: number };
  secure: boolean;
  /** Its request timeout in ms (it takes seconds, at least 1, as an option). */
  timeout: number;
  conn?: Socket;
  parser: ResponseParser;
  pipelinedRequests: unknown;
  requestIterator: { context: Record<string, unknown>; currentRequest: object };
  reqsMade: number;
  responseMax?: number;
  destroyed: boolean;
  _connect(): void;
  _doRequest(): void;
  _destroyConnection(): void;
  destroy(): void;
}

/** http-parser-js's HTTPParser, which autocannon parses responses with. */
interface ResponseParser {
  [callback: number]: unknown;
  state: string;
  line: string;
  chunk: Buffer | null;
  offset: number;
  end: number;
  body_bytes: number | null;
  maxHeaderSize: number;
  initialize(type: string): void;
  reinitialize(type: string): void;
  consumeLine(): string | undefined;
  execute(chunk: Buffer): number | Error;
  finish(): Error | undefined;
  RESPONSE_LINE(): void;
  BODY_CHUNKHEAD(): void;
}

interface ParserConstants {
  RESPONSE: string;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

interface HeadersInfo {
  statusCode: number;
  headers: string[];
  upgrade: boolean;
  shouldKeepAlive: boolean;
}

/** Stops the parser from inside one of its callbacks; what to do next is then decided outside it. */
const STOP = Symbol('stop parsing');
const EMPTY = Buffer.alloc(0);

const OTHER_SIDE_CLOSED: TransportError = { kind: 'reset', code: 'UND_ERR_SOCKET', message: 'other side closed' };
const UNSOLICITED: TransportError = { kind: 'protocol', code: 'UND_ERR_SOCKET', message: 'bad response: a 100 Continue no request asked for' };
const BAD_UPGRADE: TransportError = { kind: 'protocol', code: 'UND_ERR_SOCKET', message: 'bad upgrade: a 101 Switching Protocols no request asked for' };
const OVERFLOW: TransportError = { kind: 'protocol', code: 'UND_ERR_HEADERS_OVERFLOW', message: `Headers Overflow Error: response headers past ${maxHeaderSize} bytes` };
const AFTER_CAP: TransportError = { kind: 'closed', message: 'the connection was closed after a response body went past the size cap' };

function parseError(code: string, reason: string): Error {
  return Object.assign(new Error(reason), { code });
}

/** An error http-parser-js returned, named as llhttp (the undici client's parser) would name it. */
function protocolError(error: Error): TransportError {
  const code = (error as { code?: unknown }).code;
  if (error.message === 'max header size exceeded') return OVERFLOW;
  const known = typeof code === 'string' ? code : error.message === 'invalid state for EOF' ? 'HPE_INVALID_EOF_STATE' : 'HPE_INVALID';
  return { kind: 'protocol', code: known, message: `Response does not match the HTTP/1.1 protocol (${error.message})` };
}

/** True when the bytes waiting for the status line can still become "HTTP/" (leading CR/LF skipped). */
function startsLikeHttp(line: string, chunk: Buffer, from: number, to: number): boolean {
  const want = 'HTTP/';
  let matched = 0;
  for (let i = 0; i < line.length && matched < want.length; i++) {
    const c = line.charCodeAt(i);
    if (matched === 0 && (c === 13 || c === 10)) continue;
    if (c !== want.charCodeAt(matched++)) return false;
  }
  for (let i = from; i < to && matched < want.length; i++) {
    const c = chunk[i]!;
    if (matched === 0 && (c === 13 || c === 10)) continue;
    if (c !== want.charCodeAt(matched++)) return false;
  }
  return true;
}

const CHUNK_SIZE = /^([0-9A-Fa-f]{1,15})[ \t]*(?:;.*)?$/;

/**
 * Makes autocannon's parser as strict as llhttp where it matters for counting: a first line that
 * cannot be HTTP/1.x fails at once (an HTTP/2-only server's frames never end in a newline), and a
 * chunk size that is not hex is an error, not an empty body. Also keeps the header limit across
 * messages (http-parser-js resets it to its own 80 KiB after each one).
 */
function harden(parser: ResponseParser, type: string): void {
  const proto = Object.getPrototypeOf(parser) as ResponseParser;
  parser.maxHeaderSize = maxHeaderSize;
  parser.reinitialize = function reinitialize(this: ResponseParser) {
    this.initialize(type);
  };
  parser.RESPONSE_LINE = function responseLine(this: ResponseParser) {
    if (!startsLikeHttp(this.line, this.chunk!, this.offset, this.end)) throw parseError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
    proto.RESPONSE_LINE.call(this);
  };
  parser.BODY_CHUNKHEAD = function bodyChunkHead(this: ResponseParser) {
    const line = this.consumeLine();
    if (line === undefined) return;
    const size = CHUNK_SIZE.exec(line);
    if (!size) throw parseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
    this.body_bytes = parseInt(size[1]!, 16);
    this.state = this.body_bytes ? 'BODY_CHUNK' : 'BODY_CHUNKTRAILERS';
  };
}

/** The response headers object undici would build: lower-case names, repeated values joined by ", ". */
function headersOf(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const known = Object.hasOwn(out, name) ? out[name] : undefined;
    const joined = known === undefined ? value : `${known}, ${value}`;
    if (name === '__proto__') Object.defineProperty(out, name, { value: joined, enumerable: true, configurable: true, writable: true });
    else out[name] = joined;
  }
  return out;
}

/** An answer read off autocannon's socket: the headers object is built only when something reads it. */
class MaxExchange implements Exchange {
  truncated?: boolean;
  private built?: Record<string, string>;

  constructor(
    readonly request: PlannedRequest,
    readonly sentAt: number,
    readonly endAt: number,
    readonly status: number,
    private readonly rawHeaders: string[],
    readonly contentType: string | undefined,
    readonly body: Buffer,
  ) {}

  get headers(): Record<string, string> {
    return (this.built ??= headersOf(this.rawHeaders));
  }

  /** Plain data for JSON and structured clone, as the undici client's exchanges give. */
  toJSON(): Exchange {
    const { request, sentAt, endAt, status, headers, body, truncated } = this;
    return { request, sentAt, endAt, status, headers, body, ...(truncated ? { truncated } : {}) };
  }
}

/** Shared by every connection of a run: stop sending, or cut what is in flight. */
export interface MaxControl {
  /** No new request: each connection closes once its requests in flight have ended. */
  stopping: boolean;
  /** Set before the clients are destroyed to cut requests in flight: how they end. */
  cutOff?: TransportError;
}

export interface ConnectionHooks<T> {
  control: MaxControl;
  maxBodyBytes: number;
  /** What autocannon is about to write: its current request entry, in its per-connection context. */
  identify(entry: object, context: Record<string, unknown>): T;
  /** Every request written ends here exactly once. Must not throw. */
  settle(sent: T, exchange: Exchange): void;
  /** A bug in chatload's own code on the socket path: the run stops with it. */
  fatal(error: unknown): void;
}

interface InFlight<T> {
  sent: T;
  request: PlannedRequest;
  sentAt: number;
}

/** One autocannon Client taken over (see the comment at the top of this file). */
export class MaxConnection<T extends { request: PlannedRequest }> {
  private readonly queue: InFlight<T>[] = [];
  private readonly doRequest: () => void;
  private readonly k: ParserConstants;
  // The answer being read; it belongs to queue[0].
  private status = 0;
  private informational = false;
  private keepAlive = true;
  private rawHeaders: string[] = [];
  private contentType: string | undefined;
  private first?: Buffer;
  private chunks?: Buffer[];
  private bytes = 0;
  /** Set inside a parser callback: after the parser stops, the connection is dropped with it. */
  private failure?: TransportError;
  /** The answer said it was the last on this connection. */
  private closing = false;
  /**
   * Answers completed in the chunk being parsed: their next requests are written once the whole chunk
   * is read, as undici does (it resumes on the next turn). Bytes after a complete answer that are no
   * answer then end the connection before a request was written on it, so no request fails for them.
   */
  private owed = 0;

  constructor(
    private readonly client: AutocannonClient,
    private readonly hooks: ConnectionHooks<T>,
    timeoutMs: number,
  ) {
    this.k = client.parser.constructor as unknown as ParserConstants;
    harden(client.parser, this.k.RESPONSE);
    client.timeout = timeoutMs;
    client.pipelinedRequests = this;
    const doRequest = client._doRequest;
    this.doRequest = () => doRequest.call(client);
    client._doRequest = () => this.next();
    client._connect = () => this.connect();
  }

  // --- autocannon's request queue (PipelinedRequestsQueue): what _doRequest and _destroyConnection call.

  insertRequest(entry: object): void {
    const sent = this.hooks.identify(entry, this.client.requestIterator.context);
    this.queue.push({ sent, request: sent.request, sentAt: performance.now() });
  }

  size(): number {
    return this.queue.length;
  }

  /** The connection is being destroyed by autocannon: its timeout fired, or the client is done. */
  clear(): void {
    const { control } = this.hooks;
    const error: TransportError = this.client.destroyed
      ? (control.cutOff ?? { kind: 'closed', message: 'still in flight when the run ended' })
      : { kind: 'timeout', message: `no complete response within ${this.client.timeout}ms` };
    this.failAll(error);
  }

  /** Stop sending: a connection with nothing in flight closes now (the others as theirs end). */
  stopIfIdle(): void {
    if (this.queue.length === 0 && !this.client.destroyed) this.client.destroy();
  }

  /** Closes the connection now: what is in flight ends as `control.cutOff`. */
  cut(): void {
    if (!this.client.destroyed) this.client.destroy();
  }

  // --- the Client methods replaced.

  private doneSending(): boolean {
    const { client } = this;
    return this.hooks.control.stopping || (client.responseMax !== undefined && client.responseMax > 0 && client.reqsMade >= client.responseMax);
  }

  /** _doRequest: no new request once sending is over; the client ends when nothing is in flight. */
  private next(): void {
    if (!this.doneSending()) return this.doRequest();
    if (this.queue.length === 0 && !this.client.destroyed) this.client.destroy();
  }

  /** _connect: a fresh parser and socket; on TLS nothing is written before the certificate is verified. */
  private connect(): void {
    const { client } = this;
    if (client.destroyed) return;
    if (client.conn && this.doneSending() && this.queue.length === 0) return client.destroy();
    const { parser } = client;
    parser.initialize(this.k.RESPONSE);
    parser[this.k.kOnHeaders] = noop;
    parser[this.k.kOnHeadersComplete] = this.onHeadersComplete;
    parser[this.k.kOnBody] = this.onBody;
    parser[this.k.kOnMessageComplete] = this.onMessageComplete;
    this.resetAnswer();
    this.failure = undefined;
    this.closing = false;
    const { hostname, port, servername } = client.opts;
    let socket: Socket;
    if (client.secure) {
      // Verified as undici verifies (the default CA store, NODE_EXTRA_CA_CERTS included); the
      // requests autocannon writes at once stay corked until the certificate has passed.
      const tls = connectTls({ host: hostname, port, ALPNProtocols: ['http/1.1'], ...(servername ? { servername } : isIP(hostname) ? {} : { servername: hostname }) });
      tls.cork();
      tls.once('secureConnect', () => tls.uncork());
      socket = tls;
    } else {
      socket = connectTcp(port, hostname);
    }
    socket.on('error', (error) => this.onError(socket, error));
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('end', () => this.onEnd(socket));
    client.conn = socket;
    for (let i = 0; i < client.opts.pipelining; i++) client._doRequest();
  }

  // --- the socket.

  private onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.client.conn) return;
    try {
      const result = this.client.parser.execute(chunk);
      if (result instanceof Error) this.failure ??= protocolError(result);
    } catch (error) {
      if (error !== STOP) return this.hooks.fatal(error);
    }
    this.afterParse();
  }

  private onEnd(socket: Socket): void {
    if (socket !== this.client.conn) return;
    this.endOfStream();
    this.drop(this.failure ?? OTHER_SIDE_CLOSED);
  }

  private onError(socket: Socket, error: Error): void {
    if (socket !== this.client.conn) return;
    const classified = classifyTransportError(error);
    // A reset right after a close-delimited answer ends that answer, as undici reads it.
    if (classified.code === 'ECONNRESET') this.endOfStream();
    this.drop(this.failure ?? classified);
  }

  /** The server closed: an answer it said would end with the connection ends now. */
  private endOfStream(): void {
    if (this.status === 0 || this.keepAlive || this.queue.length === 0) return;
    try {
      const error = this.client.parser.finish();
      if (error) this.failure ??= protocolError(error);
    } catch (error) {
      if (error !== STOP) this.hooks.fatal(error);
    }
  }

  private afterParse(): void {
    if (this.failure !== undefined) this.drop(this.failure);
    else if (this.closing) this.drop(OTHER_SIDE_CLOSED);
    for (; this.owed > 0; this.owed--) this.client._doRequest();
  }

  /** Ends what is in flight on this connection with `error`, closes it and opens the next. */
  private drop(error: TransportError): void {
    // The new connection writes its own first requests.
    this.owed = 0;
    this.failAll(error);
    this.failure = undefined;
    this.closing = false;
    this.client._destroyConnection();
    if (!this.client.destroyed) this.client._connect();
  }

  private failAll(error: TransportError): void {
    this.resetAnswer();
    const endAt = performance.now();
    for (const inFlight of this.queue.splice(0)) this.hooks.settle(inFlight.sent, { request: inFlight.request, sentAt: inFlight.sentAt, endAt, error });
  }

  // --- the parser's callbacks (arrow properties: they are handed over as plain functions).

  private readonly onHeadersComplete = (info: HeadersInfo): number => {
    if (this.queue.length === 0) this.fail(UNSOLICITED);
    const { statusCode, headers } = info;
    if (statusCode === 100) this.fail(UNSOLICITED);
    if (info.upgrade) this.fail(BAD_UPGRADE);
    // llhttp's count, as undici keeps it: the bytes of every name and value.
    let bytes = 0;
    let contentType: string | undefined;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]!;
      bytes += name.length + headers[i + 1]!.length;
      if (name.length === 12 && name.toLowerCase() === 'content-type') contentType = contentType === undefined ? headers[i + 1] : `${contentType}, ${headers[i + 1]}`;
    }
    if (bytes >= maxHeaderSize) this.fail(OVERFLOW);
    const length = this.client.parser.body_bytes;
    if (length !== null && !(length >= 0)) this.fail({ kind: 'protocol', code: 'HPE_INVALID_CONTENT_LENGTH', message: 'Response does not match the HTTP/1.1 protocol (Invalid character in Content-Length)' });
    // 1xx other than 100 (102, 103): skipped, the final answer follows.
    this.informational = statusCode < 200;
    if (this.informational) return 0;
    this.status = statusCode;
    this.rawHeaders = headers;
    this.contentType = contentType;
    this.keepAlive = info.shouldKeepAlive;
    return 0;
  };

  private readonly onBody = (chunk: Buffer): void => {
    const room = this.hooks.maxBodyBytes - this.bytes;
    if (chunk.length <= room) return this.keep(chunk);
    // Past the cap: reading stops there and the answer is checked as truncated, as the undici client does.
    if (room > 0) this.keep(chunk.subarray(0, room));
    this.complete(true);
    this.fail(AFTER_CAP);
  };

  private readonly onMessageComplete = (): void => {
    if (this.informational) {
      this.informational = false;
      return;
    }
    const keepAlive = this.keepAlive;
    this.complete(false);
    if (!keepAlive) {
      // The server closes after this answer: the next request goes on a new connection.
      this.closing = true;
      throw STOP;
    }
    this.owed++;
  };

  private complete(truncated: boolean): void {
    const endAt = performance.now();
    const inFlight = this.queue.shift()!;
    const body = this.chunks ? Buffer.concat(this.chunks, this.bytes) : (this.first ?? EMPTY);
    const exchange = new MaxExchange(inFlight.request, inFlight.sentAt, endAt, this.status, this.rawHeaders, this.contentType, body);
    if (truncated) exchange.truncated = true;
    this.resetAnswer();
    this.hooks.settle(inFlight.sent, exchange);
  }

  private keep(chunk: Buffer): void {
    if (this.first === undefined) this.first = chunk;
    else (this.chunks ??= [this.first]).push(chunk);
    this.bytes += chunk.length;
  }

  private resetAnswer(): void {
    this.status = 0;
    this.informational = false;
    this.keepAlive = true;
    this.rawHeaders = [];
    this.contentType = undefined;
    this.first = this.chunks = undefined;
    this.bytes = 0;
  }

  private fail(error: TransportError): never {
    this.failure ??= error;
    throw STOP;
  }
}

function noop(): void {}
