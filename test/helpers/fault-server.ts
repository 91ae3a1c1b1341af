import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

/** Reads the request body, then answers like the real API would (a fresh, spec-true 201 per request). */
export function createAnswerer(): (req: IncomingMessage) => Promise<{ status: number; payload: string }> {
  const handle = createChatHandler(mockConfigFor({ agents: [TEST_AGENT], apiKey: TEST_KEY }), loadContract().validateRequest, createRng(1));
  return async (req) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = req.headers['x-api-key'];
    const answer = handle({ method: 'POST', path: '/v1/chats', apiKey: Array.isArray(key) ? key[0] : key, contentType: req.headers['content-type'], bodyText: Buffer.concat(chunks).toString('utf8') }).response;
    return { status: answer.status, payload: answer.json };
  };
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
