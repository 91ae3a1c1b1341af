/** The shapes that flow down the pipeline: plan → engine → client → checks → recorder. */

export interface CreateChatRequest {
  agentId: string;
  input: string;
  dynamicVariables?: Record<string, unknown>;
  previousChatId?: string;
}

export interface PlannedRequest {
  seq: number;
  /** Monotonic ms (performance.now()) at which the schedule wanted it sent; absent in the closed model. */
  intendedAt?: number;
  body: CreateChatRequest;
  conversation?: { id: number; turn: number };
}

/**
 * `tls`: the handshake failed or the certificate was not trusted (nothing was sent on that
 * connection). `protocol`: the answer was not HTTP/1.1 a client can read (bad status line or chunk
 * size, headers past the limit, an unasked-for 100 Continue, an HTTP/2-only server).
 * `generator`: the request failed on this machine before it reached the target (out of file
 * descriptors, local ports or socket buffers): the load generator's limit, not the target's fault.
 */
export type TransportErrorKind = 'refused' | 'reset' | 'timeout' | 'closed' | 'dns' | 'tls' | 'protocol' | 'generator' | 'other';

export interface TransportError {
  kind: TransportErrorKind;
  code?: string;
  message: string;
}

/** One request and what came back, timed on the monotonic clock. */
export interface Exchange {
  request: PlannedRequest;
  sentAt: number;
  endAt: number;
  status?: number;
  headers?: Record<string, string>;
  /**
   * The content-type header, set by transports that build `headers` only when asked (a getter):
   * the checks need nothing else on the hot path. Absent: read it from `headers`.
   */
  contentType?: string;
  body?: Buffer;
  /** The body went past the size cap; reading stopped there. */
  truncated?: boolean;
  error?: TransportError;
}

/** What the engine needs back from the checks: did the exchange succeed, and the chat to continue. */
export interface ExchangeOutcome {
  ok: boolean;
  chatId?: string;
}

/** The response's content-type, without building the headers object when the transport found it already. */
export function contentTypeOf(exchange: Exchange): string | undefined {
  return exchange.contentType ?? exchange.headers?.['content-type'];
}
