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
  UND_ERR_HEADERS_OVERFLOW: 'protocol',
  // This machine ran out of something: descriptors (process, system), local ports, socket buffers.
  EMFILE: 'generator',
  ENFILE: 'generator',
  EADDRNOTAVAIL: 'generator',
  ENOBUFS: 'generator',
};

/** OpenSSL's certificate verification failures, as Node names them in `error.code`. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/** True for a failed TLS handshake or an untrusted certificate (Node's and OpenSSL's codes). */
export function isTlsErrorCode(code: string): boolean {
  return CERTIFICATE_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** undici's SocketError for an answer no request asked for (an unsolicited 100 Continue) or an upgrade. */
const BAD_RESPONSE = new Set(['bad response', 'bad upgrade']);

/** Maps a socket or undici error to the transport kinds the report counts. Pure. */
export function classifyTransportError(error: unknown): TransportError {
  const err = error as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(error);
  let kind: TransportErrorKind = code ? (KIND_BY_CODE[code] ?? 'other') : 'other';
  if (kind === 'other' && code !== undefined && isTlsErrorCode(code)) kind = 'tls';
  if (kind === 'other' && (code?.startsWith('HPE_') || (err as { name?: unknown })?.name === 'HTTPParserError')) kind = 'protocol';
  if (kind === 'reset' && code === 'UND_ERR_SOCKET' && BAD_RESPONSE.has(message)) kind = 'protocol';
  if (kind === 'other' && err?.cause) {
    const inner = classifyTransportError(err.cause);
    if (inner.kind !== 'other') return inner;
  }
  return { kind, ...(code ? { code } : {}), message };
}
