import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/index.js';
import { createChatHandler } from '../../src/mock/create-chat.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createRng } from '../../src/random.js';
import type { CommandIo } from '../../src/commands/io.js';

export const TEST_AGENT = 'agent_fault_01';
export const TEST_KEY = 'test-key-fault-5f1e';

export interface FaultServer {
  url: string;
  /** Connections accepted so far. */
  connections: number;
  /** Requests seen so far. */
  requests: number;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** A loopback HTTP server on port 0 whose handler misbehaves on purpose; the test closes it. */
export async function startFaultServer(handler: (req: IncomingMessage, res: ServerResponse, server: FaultServer) => void): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const httpServer = createServer((req, res) => {
    state.requests++;
    handler(req, res, state);
  });
  httpServer.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let closing: Promise<void> | undefined;
  const state: FaultServer = {
    url: '',
    connections: 0,
    requests: 0,
    close() {
      closing ??= new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return state;
}

/** Answers one request body like the real API would (a fresh, spec-true 201 per request). */
export function createTextAnswerer(): (bodyText: string, apiKey: string | undefined, contentType?: string) => { status: number; payload: string } {
  const handle = createChatHandler(mockConfigFor({ agents: [TEST_AGENT], apiKey: TEST_KEY }), loadContract().validateRequest, createRng(1));
  return (bodyText, apiKey, contentType = 'application/json') => {
    const answer = handle({ method: 'POST', path: '/v1/chats', apiKey, contentType, bodyText }).response;
    return { status: answer.status, payload: answer.json };
  };
}

/** Reads the request body, then answers like the real API would (a fresh, spec-true 201 per request). */
export function createAnswerer(): (req: IncomingMessage) => Promise<{ status: number; payload: string }> {
  const answer = createTextAnswerer();
  return async (req) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = req.headers['x-api-key'];
    return answer(Buffer.concat(chunks).toString('utf8'), Array.isArray(key) ? key[0] : key, req.headers['content-type']);
  };
}

/** One request as a raw server read it off the wire. */
export interface RawRequest {
  head: string;
  body: string;
  apiKey: string | undefined;
}

export interface RawServer extends FaultServer {
  /** Bytes received from clients (after TLS, when there is TLS): a client that sends nothing leaves 0. */
  bytesReceived: number;
  /** Requests that carried an X-API-Key header. */
  keysSeen: number;
}

/**
 * A loopback server that speaks HTTP/1.1 by hand, so it can answer with bytes node:http would
 * never write (close-delimited HTTP/1.0, an unasked-for 100 Continue, a bad chunk size). It reads
 * each request (head and Content-Length body) and hands it to `answer` with the raw socket.
 * With `tls` it is a TLS server (node:tls) with that key and certificate. The test closes it.
 */
export async function startRawServer(
  answer: (socket: Socket, request: RawRequest, server: RawServer) => void,
  options: { tls?: { key: string | Buffer; cert: string | Buffer } } = {},
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      state.bytesReceived += chunk.length;
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const body = pending.subarray(end + 4, end + 4 + length).toString('utf8');
        pending = pending.subarray(end + 4 + length);
        const apiKey = /\r\nx-api-key:\s*([^\r]*)/i.exec(head)?.[1];
        state.requests++;
        if (apiKey !== undefined) state.keysSeen++;
        answer(socket, { head, body, apiKey }, state);
      }
    });
  };
  const server = options.tls ? createTlsServer(options.tls, onSocket) : createNetServer(onSocket);
  if (options.tls) {
    server.on('connection', (socket: Socket) => sockets.add(socket));
    server.on('tlsClientError', () => undefined);
  }
  let closing: Promise<void> | undefined;
  const state: RawServer = {
    url: '',
    connections: 0,
    requests: 0,
    bytesReceived: 0,
    keysSeen: 0,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** An HTTP/2-only loopback server (node:http2 without allowHTTP1): an HTTP/1.1 client gets no answer it can read. */
export async function startHttp2OnlyServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const answer = createTextAnswerer();
  const server = createHttp2Server();
  server.on('stream', (stream, headers) => {
    state.requests++;
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => {
      const key = headers['x-api-key'];
      const { status, payload } = answer(text, Array.isArray(key) ? key[0] : key);
      stream.respond({ ':status': status, 'content-type': 'application/json' });
      stream.end(payload);
    });
  });
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('sessionError', () => undefined);
  let closing: Promise<void> | undefined;
  const state: FaultServer = {
    url: '',
    connections: 0,
    requests: 0,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Writes a scenario against `target` into `dir` and returns its path. */
export async function writeScenario(dir: string, target: string, load: string, extra = ''): Promise<string> {
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, `name: fault\ntarget: ${target}\nagents: [${TEST_AGENT}]\ninputs: [hello there, where is my order]\nload: ${load}\n${extra}`);
  return file;
}

/** Collects what a command prints. */
export function bufferIo(): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}
