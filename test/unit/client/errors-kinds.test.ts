import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../src/client/errors.js';

const withCode = (code: string, message = code, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('transport error kinds', () => {
  it('tls: an untrusted or wrong-host certificate, a failed handshake', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
      expect(classifyTransportError(withCode(code)).kind, code).toBe('tls');
    }
    // undici wraps a connect failure: the cause is what counts.
    expect(classifyTransportError(Object.assign(new Error('fetch failed'), { cause: withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate') }))).toEqual({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' });
  });

  it('protocol: an unasked-for 100 Continue, an unreadable answer, headers past the limit', () => {
    expect(classifyTransportError(withCode('UND_ERR_SOCKET', 'bad response')).kind).toBe('protocol');
    expect(classifyTransportError(withCode('UND_ERR_HEADERS_OVERFLOW', 'Headers Overflow Error')).kind).toBe('protocol');
    // undici's parser errors carry no code, only their name.
    const parser = Object.assign(new Error('Response does not match the HTTP/1.1 protocol (Invalid character in chunk size)'), { name: 'HTTPParserError' });
    expect(classifyTransportError(parser).kind).toBe('protocol');
    expect(classifyTransportError(withCode('HPE_INVALID_CHUNK_SIZE')).kind).toBe('protocol');
  });

  it('a socket the server closed is still a reset', () => {
    expect(classifyTransportError(withCode('UND_ERR_SOCKET', 'other side closed')).kind).toBe('reset');
    expect(classifyTransportError(withCode('ECONNRESET')).kind).toBe('reset');
  });
});
