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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The Create Chat client: an undici Pool with keep-alive, driven through `dispatch` with a
 * plain handler (the cheapest undici API level, see docs/benchmarks.md). The end time is
 * taken before any other work on the response.
 */
export function createClient(options: ClientOptions): Client {
  const base = new URL(options.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pool = new Pool(base.origin, {
    connections: options.connections,
    pipelining: 1,
    // Our own timer bounds the whole exchange; undici's inactivity timers only back it up.
    headersTimeout: options.timeoutMs + 1000,
    bodyTimeout: options.timeoutMs + 1000,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  });
  const headers = { 'content-type': 'application/json', 'x-api-key': options.apiKey, accept: 'application/json' };

  function send(request: PlannedRequest): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      const sentAt = performance.now();
      let settled = false;
      let controller: Dispatcher.DispatchController | undefined;
      let status: number | undefined;
      let responseHeaders: Record<string, string> | undefined;
      const chunks: Buffer[] = [];
      let size = 0;

      const settle = (endAt: number, extra: { body?: Buffer; truncated?: boolean; error?: TransportError }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ request, sentAt, endAt, ...(status !== undefined ? { status } : {}), ...(responseHeaders ? { headers: responseHeaders } : {}), ...extra });
      };
      const body = () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));

      const timer = setTimeout(() => {
        const endAt = performance.now();
        // Settle first: abort() calls onResponseError synchronously, which would settle it as 'other'.
        settle(endAt, { error: { kind: 'timeout', message: `no complete response within ${options.timeoutMs}ms` } });
        controller?.abort(new ExchangeTimeout('timeout'));
      }, options.timeoutMs);

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (settled) c.abort(new ExchangeTimeout('timed out before it could be sent'));
        },
        onResponseStart(_c, statusCode, hdrs) {
          status = statusCode;
          responseHeaders = flattenHeaders(hdrs);
        },
        onResponseData(c, chunk) {
          if (settled) return;
          if (size + chunk.length > maxBodyBytes) {
            const endAt = performance.now();
            const room = maxBodyBytes - size;
            if (room > 0) chunks.push(chunk.subarray(0, room));
            size += Math.max(0, room);
            settle(endAt, { body: body(), truncated: true });
            c.abort(new BodyCapReached('body cap reached'));
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        },
        onResponseEnd() {
          const endAt = performance.now();
          settle(endAt, { body: size === 0 ? Buffer.alloc(0) : body() });
        },
        onResponseError(_c, error) {
          const endAt = performance.now();
          settle(endAt, { error: classifyTransportError(error) });
        },
      };
      try {
        pool.dispatch({ origin: base.origin, path, method: 'POST', headers, body: JSON.stringify(request.body) }, handler);
      } catch (error) {
        settle(performance.now(), { error: classifyTransportError(error) });
      }
    });
  }

  return {
    send,
    async cancel(reason) {
      await pool.destroy(new CancelledError(reason));
    },
    async close() {
      if (pool.destroyed) return;
      await pool.destroy();
    },
  };
}
