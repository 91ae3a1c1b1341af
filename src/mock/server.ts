import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract } from '../contract/index.js';
import { createRng, hash32 } from '../random.js';
import type { MockConfig } from './config.js';
import { createChatHandler, errorBody, type MockResponse } from './create-chat.js';
import { applyDrift, faultPicker, type ChatBody, type Fault } from './faults.js';
import { capacityQueue } from './capacity.js';
import { latencySampler } from './latency.js';
import { emptyStats, type MockStats } from './stats.js';

export type { MockStats } from './stats.js';

export interface RunningMock {
  url: string;
  port: number;
  /** A key this mock accepts for every agent it allows: the first configured. */
  apiKey: string;
  stats(): MockStats;
  close(): Promise<void>;
}

export const STATS_PATH = '/__mock/stats';
const WRONG_CONTENT_TYPE = 'text/html; charset=utf-8';

/**
 * Reads the body up to a limit, then calls back once: with its text (and whether its bytes were
 * valid UTF-8), or undefined past the limit (reading stops).
 */
function readBody(req: IncomingMessage, limit: number, done: (text: string | undefined, validUtf8?: boolean) => void, failed: () => void): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > limit) {
      over = true;
      req.pause();
      done(undefined);
    } else if (!first) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (over) return;
    const bytes = chunks ? Buffer.concat(chunks, size) : first;
    done(bytes?.toString('utf8') ?? '', bytes === undefined || isUtf8(bytes));
  });
  req.on('error', failed);
}

function write(res: ServerResponse, status: number, payload: string, contentType: string, closeConnection: boolean): void {
  // The client may have given up (timeout) while the latency timer ran.
  if (res.destroyed) return;
  const length = Buffer.byteLength(payload);
  res.writeHead(status, closeConnection ? { 'content-type': contentType, 'content-length': length, connection: 'close' } : { 'content-type': contentType, 'content-length': length });
  res.end(payload);
}

const FAULT_STATUS = { http500: 500, http429: 429, http503: 503 } as const;
const FAULT_MESSAGE = { http500: 'Unexpected server error', http429: 'Rate limit exceeded, retry later', http503: 'Service temporarily unavailable' } as const;

/**
 * A real node:http server speaking the Create Chat contract, on loopback and port 0 unless told
 * otherwise. Faults, ids and latency draw from three seeded streams, so the fault sequence in
 * arrival order depends on the seed alone.
 */
export async function startMockServer(config: MockConfig, listen: { host?: string; port?: number } = {}): Promise<RunningMock> {
  const handle = createChatHandler(config, loadContract().validateRequest, createRng(hash32(config.seed, 1)));
  const pickFault = faultPicker(config.faults, createRng(config.seed));
  const sample = latencySampler(config.latency, createRng(hash32(config.seed, 2)));
  const queue = config.capacity ? capacityQueue(config.capacity.slots) : undefined;
  // With a capacity, an answer waits for a free slot first (FIFO), then takes its latency.
  const delayFor = queue ? (inputChars: number) => queue.admit(performance.now(), sample(inputChars)) : sample;
  const stats = emptyStats();

  const serve = (res: ServerResponse, response: MockResponse, inputChars: number, fault: Fault | undefined, closeConnection: boolean) => {
    let payload = response.json;
    let contentType = 'application/json';
    if (fault?.kind === 'schemaDrift' && response.status === 201) {
      const body = JSON.parse(payload) as ChatBody;
      applyDrift(body, fault.drift, fault.variant);
      stats.drift[fault.drift]++;
      stats.byFault.schemaDrift++;
      payload = JSON.stringify(body);
    } else {
      if (fault?.kind === 'malformedJson') payload = payload.slice(0, Math.ceil(payload.length / 2));
      else if (fault?.kind === 'wrongContentType') contentType = WRONG_CONTENT_TYPE;
      // Drift drawn for an answer that is not a 201 has nothing to bend: it is served as is.
      const served = fault && fault.kind !== 'schemaDrift' ? fault.kind : 'none';
      stats.byFault[served]++;
    }
    stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
    const delay = delayFor(inputChars);
    if (delay <= 0) write(res, response.status, payload, contentType, closeConnection);
    else setTimeout(write, delay, res, response.status, payload, contentType, closeConnection);
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (req.method === 'GET' && path === STATS_PATH) {
      write(res, 200, JSON.stringify(stats), 'application/json', false);
      return;
    }
    stats.requests++;
    if (path !== '/v1/chats' || req.method !== 'POST') {
      req.resume();
      if (path !== '/v1/chats') {
        serve(res, errorBody(404, `No route for ${req.method} ${path}`, path), 0, undefined, false);
        return;
      }
      // RFC 9110 §15.5.6: a 405 names the methods the resource allows.
      res.setHeader('allow', 'POST');
      serve(res, errorBody(405, `Method ${req.method} is not allowed on ${path}; use POST`, path), 0, undefined, false);
      return;
    }
    const fault = pickFault();
    readBody(
      req,
      config.maxRequestBytes,
      (bodyText, validUtf8) => {
        if (fault?.kind === 'hang') {
          // Never answers: the client's timeout ends it (or close() does).
          stats.byFault.hang++;
          return;
        }
        if (fault?.kind === 'reset') {
          stats.byFault.reset++;
          req.socket.resetAndDestroy();
          return;
        }
        if (fault && (fault.kind === 'http500' || fault.kind === 'http429' || fault.kind === 'http503')) {
          serve(res, errorBody(FAULT_STATUS[fault.kind], FAULT_MESSAGE[fault.kind], path), 0, fault, false);
          return;
        }
        const apiKey = req.headers['x-api-key'];
        const { response, inputChars } = handle({ method: 'POST', path, apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey, contentType: req.headers['content-type'], bodyText, ...(validUtf8 === false ? { validUtf8 } : {}) });
        serve(res, response, inputChars, fault, bodyText === undefined);
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
    apiKey: config.apiKeys[0]?.key ?? '',
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
