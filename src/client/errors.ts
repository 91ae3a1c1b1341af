import type { TransportError, TransportErrorKind } from '../exchange.js';

const KIND_BY_CODE: Record<string, TransportErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_CLOSED: 'closed',
  UND_ERR_DESTROYED: 'closed',
  UND_ERR_ABORTED: 'closed',
  CHATLOAD_CANCELLED: 'closed',
  UND_ERR_INFO: 'protocol',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  // This machine ran out of something: descriptors (process, system), local ports, socket buffers.
  EMFILE: 'generator',
  ENFILE: 'generator',
  EADDRNOTAVAIL: 'generator',
  ENOBUFS: 'generator',
};

/** Maps a socket or undici error to the transport kinds the report counts. Pure. */
export function classifyTransportError(error: unknown): TransportError {
  const err = error as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(error);
  let kind: TransportErrorKind = code ? (KIND_BY_CODE[code] ?? 'other') : 'other';
  if (kind === 'other' && code?.startsWith('HPE_')) kind = 'protocol';
  if (kind === 'other' && err?.cause) {
    const inner = classifyTransportError(err.cause);
    if (inner.kind !== 'other') return inner;
  }
  return { kind, ...(code ? { code } : {}), message };
}
