import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract } from '../contract/index.js';
import { createRng } from '../random.js';
import type { MockLatency } from '../scenario/types.js';
import type { MockConfig } from './config.js';
import { createChatHandler, errorBody, type MockResponse } from './create-chat.js';

export interface MockStats {
  requests: number;
  byStatus: Record<string, number>;
}

export interface RunningMock {
  url: string;
  port: number;
  stats(): MockStats;
  close(): Promise<void>;
}

export function latencyOf(model: MockLatency, random: () => number): number {
  return model.kind === 'fixed' ? model.ms : model.minMs + random() * (model.maxMs - model.minMs);
}

/** Reads the body up to a limit; past it, stops reading and resolves undefined. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !over && resolve(Buffer.concat(chunks, size).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: MockResponse, closeConnection = false): void {
  const payload = JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  res.end(payload);
}

/** A real node:http server speaking the Create Chat contract, on loopback and port 0 unless told otherwise. */
export async function startMockServer(config: MockConfig, listen: { host?: string; port?: number } = {}): Promise<RunningMock> {
  const random = createRng(config.seed);
  const handle = createChatHandler(config, loadContract().validateRequest, random);
  const stats: MockStats = { requests: 0, byStatus: {} };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/__mock/stats') {
      send(res, { status: 200, body: stats });
      return;
    }
    stats.requests++;
    const answer = (response: MockResponse, closeConnection = false) => {
      stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
      const delay = latencyOf(config.latency, random);
      if (delay <= 0) send(res, response, closeConnection);
      else setTimeout(() => send(res, response, closeConnection), delay);
    };
    if (path !== '/v1/chats' || req.method !== 'POST') {
      req.resume();
      answer(errorBody(404, `No route for ${req.method} ${path}`, path));
      return;
    }
    readBody(req, config.maxRequestBytes).then(
      (bodyText) => {
        const apiKey = req.headers['x-api-key'];
        const response = handle({ method: req.method ?? 'POST', path, apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey, contentType: req.headers['content-type'], bodyText });
        answer(response, bodyText === undefined);
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
