import { connect, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import { InterruptedError, TargetError } from '../errors.js';
import type { TransportError } from '../exchange.js';
import { classifyTransportError, isTlsErrorCode } from './errors.js';

export interface ProbeOptions {
  /** Connection attempts before giving up. */
  attempts?: number;
  /** Wait before the second attempt; doubles after each failure. */
  retryDelayMs?: number;
  /** Bound on each connection attempt. */
  connectTimeoutMs?: number;
  /** Ctrl-C: stops the probe at once with an InterruptedError. */
  signal?: AbortSignal;
}

function tryConnect(host: string, port: number, timeoutMs: number, secure: boolean, signal: AbortSignal | undefined): Promise<TransportError | undefined> {
  return new Promise((resolve) => {
    // For https, the handshake too, with the certificate verified as the engines verify it.
    const socket = secure ? connectTls({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) }) : connect({ host, port });
    const done = (result: TransportError | undefined) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => done({ kind: 'closed', message: 'interrupted' });
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => done({ kind: 'timeout', code: 'ETIMEDOUT', message: `no connection within ${timeoutMs}ms` }));
    socket.once(secure ? 'secureConnect' : 'connect', () => done(undefined));
    socket.once('error', (error) => done(classifyTransportError(error)));
  });
}

/** Why a TLS target cannot be used, and the fix for a private CA. */
function tlsProblem(origin: string, error: TransportError): TargetError {
  const certificate = error.code !== undefined && !error.code.startsWith('ERR_SSL_') && error.code !== 'ERR_TLS_HANDSHAKE_TIMEOUT';
  const what = certificate ? `its TLS certificate is not trusted: ${error.message}` : `the TLS handshake failed: ${error.message}`;
  return new TargetError(
    `cannot connect to ${origin}: ${what}${error.code ? ` (${error.code})` : ''}; nothing was sent. Check the URL (--target); if the server's certificate comes from a private CA, give Node that CA's certificate: NODE_EXTRA_CA_CERTS=/path/to/ca.pem (docs/safety.md).`,
  );
}

/**
 * Opens (and closes) one connection to the target before the run, retrying briefly, so a
 * target that is down ends the run at once with a clear message instead of a report full of
 * refused connections. For https it completes the TLS handshake and verifies the certificate:
 * an untrusted one ends the run at once (no retry). Sends no HTTP request: nothing is billed.
 */
export async function probeTarget(baseUrl: string, options: ProbeOptions = {}): Promise<void> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const attempts = options.attempts ?? 3;
  let wait = options.retryDelayMs ?? 250;
  const started = performance.now();
  let last: TransportError | undefined;
  const secure = url.protocol === 'https:';
  const { signal } = options;
  for (let attempt = 1; attempt <= attempts && !signal?.aborted; attempt++) {
    last = await tryConnect(host, port, options.connectTimeoutMs ?? 5000, secure, signal);
    if (!last) return;
    if (last.code !== undefined && isTlsErrorCode(last.code)) throw tlsProblem(url.origin, last);
    if (attempt < attempts) {
      await delay(wait, undefined, signal ? { signal } : {}).catch(() => undefined);
      wait *= 2;
    }
  }
  if (signal?.aborted) throw new InterruptedError('interrupted while checking that the target is up; nothing was sent');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what = last!.kind === 'refused' ? 'connection refused' : last!.kind === 'dns' ? 'host name not found' : last!.kind === 'timeout' ? 'connection timed out' : last!.message;
  throw new TargetError(
    `cannot connect to ${url.origin}: ${what}${last!.code ? ` (${last!.code})` : ''}, ${attempts} attempts over ${seconds}s; nothing was sent. Check the URL (--target) and that the server is up.`,
  );
}
