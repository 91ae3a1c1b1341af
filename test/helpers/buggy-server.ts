import { isUtf8 } from 'node:buffer';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createChatHandler, errorBody, type MockRequest, type MockResponse } from '../../src/mock/create-chat.js';
import { createRng } from '../../src/random.js';

/** What a bug sees of a request. */
export interface SeenRequest {
  method: string;
  contentType: string | undefined;
  bytes: Buffer;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: unknown;
}

/**
 * One bug: an answer of its own, or undefined to let the embedded mock's handler answer.
 * `handle` runs that handler on the request with some parts replaced.
 */
export type Bug = (request: SeenRequest, handle: (overrides?: Partial<MockRequest>) => MockResponse) => MockResponse | undefined;

export interface BuggyServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/**
 * A real node:http server on loopback that answers as the embedded mock does (its Create Chat
 * handler, 405 with Allow for other methods on /v1/chats) except where the bug says otherwise.
 * The test closes it.
 */
export async function startBuggyServer(agents: string[], apiKey: string, bug: Bug): Promise<BuggyServer> {
  const handler = createChatHandler(mockConfigFor({ agents, apiKey }), loadContract().validateRequest, createRng(5));
  const server: Server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const text = bytes.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const method = req.method ?? 'GET';
      const key = req.headers['x-api-key'];
      const request: MockRequest = { method, path: '/v1/chats', apiKey: Array.isArray(key) ? key[0] : key, contentType: req.headers['content-type'], bodyText: text, ...(isUtf8(bytes) ? {} : { validUtf8: false }) };
      const handle = (overrides: Partial<MockRequest> = {}) => handler({ ...request, ...overrides }).response;
      let answer = bug({ method, contentType: req.headers['content-type'], bytes, text, json }, handle);
      if (!answer && method !== 'POST') {
        res.setHeader('allow', 'POST');
        answer = errorBody(405, `Method ${method} is not allowed`, '/v1/chats');
      }
      answer ??= handle();
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.json) });
      res.end(answer.json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: BuggyServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return state;
}

const LIMITS: Record<string, number> = { agentId: 64, input: 20480, previousChatId: 128 };

/** Refuses a string field longer than its maxLength as counted by `length` (bytes, UTF-16 units…). */
export function countsLengthBy(length: (text: string) => number): Bug {
  return (request) => {
    const body = request.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return undefined;
    for (const [field, max] of Object.entries(LIMITS)) {
      const value = body[field];
      if (typeof value === 'string' && length(value) > max) return errorBody(400, `${field} is longer than ${max}`, '/v1/chats', { [field]: `must be at most ${max} long` });
    }
    return undefined;
  };
}
