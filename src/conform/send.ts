import { Pool } from 'undici';
import { classifyTransportError } from '../client/errors.js';
import { CREATE_CHAT_PATH } from '../client/http-client.js';
import type { Exchange } from '../exchange.js';

/** A request as raw as a contract tester needs: any method, any body bytes or none, any content-type or none, any key or none. */
export interface RawRequest {
  /** Default POST. */
  method?: string;
  /** Undefined: no body at all. */
  body?: string | Uint8Array;
  /** Sent as Content-Type when given. */
  contentType?: string;
  /** Sent as X-API-Key when given. */
  apiKey?: string;
}

/** The timed answer: an Exchange without the planned request (a raw case has none). */
export type RawResponse = Omit<Exchange, 'request'>;

export interface RawSenderOptions {
  baseUrl: string;
  connections: number;
  timeoutMs: number;
  maxBodyBytes: number;
}

export interface RawSender {
  send(request: RawRequest): Promise<RawResponse>;
  close(): Promise<void>;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * A request to /v1/chats with full control of the method, the body bytes and the headers, for the cases the load
 * client (which always sends a well-formed PlannedRequest) cannot express. Not on a hot path:
 * undici's promise API is fine here. The same body cap as the client applies.
 */
export function createRawSender(options: RawSenderOptions): RawSender {
  const base = new URL(options.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;
  const pool = new Pool(base.origin, { connections: options.connections, pipelining: 1 });

  async function send(request: RawRequest): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.apiKey !== undefined) headers['x-api-key'] = request.apiKey;
    const sentAt = performance.now();
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await pool.request({ path, method: request.method ?? 'POST', headers, body: request.body ?? null, signal });
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        if (size + chunk.length > options.maxBodyBytes) {
          chunks.push(chunk.subarray(0, options.maxBodyBytes - size));
          size = options.maxBodyBytes;
          truncated = true;
          response.body.destroy();
          break;
        }
        chunks.push(chunk);
        size += chunk.length;
      }
      const endAt = performance.now();
      return { sentAt, endAt, status: response.statusCode, headers: flatten(response.headers), body: Buffer.concat(chunks, size), ...(truncated ? { truncated } : {}) };
    } catch (error) {
      const endAt = performance.now();
      const transport = signal.aborted ? { kind: 'timeout' as const, message: `no complete response within ${options.timeoutMs}ms` } : classifyTransportError(error);
      return { sentAt, endAt, error: transport };
    }
  }

  return { send, close: () => pool.destroy() };
}
