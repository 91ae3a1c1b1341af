import { connect } from 'node:net';
import { TargetError } from '../errors.js';
import type { TransportError } from '../exchange.js';
import { classifyTransportError } from './errors.js';

export interface ProbeOptions {
  /** Connection attempts before giving up. */
  attempts?: number;
  /** Wait before the second attempt; doubles after each failure. */
  retryDelayMs?: number;
  /** Bound on each connection attempt. */
  connectTimeoutMs?: number;
}

function tryConnect(host: string, port: number, timeoutMs: number): Promise<TransportError | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: TransportError | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ kind: 'timeout', code: 'ETIMEDOUT', message: `no connection within ${timeoutMs}ms` }));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(classifyTransportError(error)));
  });
}

/**
 * Opens (and closes) one TCP connection to the target before the run, retrying briefly, so a
 * target that is down ends the run at once with a clear message instead of a report full of
 * refused connections. Sends no HTTP request: nothing is billed.
 */
export async function probeTarget(baseUrl: string, options: ProbeOptions = {}): Promise<void> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const attempts = options.attempts ?? 3;
  let delay = options.retryDelayMs ?? 250;
  const started = performance.now();
  let last: TransportError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await tryConnect(host, port, options.connectTimeoutMs ?? 5000);
    if (!last) return;
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what = last!.kind === 'refused' ? 'connection refused' : last!.kind === 'dns' ? 'host name not found' : last!.kind === 'timeout' ? 'connection timed out' : last!.message;
  throw new TargetError(
    `cannot connect to ${url.origin}: ${what}${last!.code ? ` (${last!.code})` : ''}, ${attempts} attempts over ${seconds}s; nothing was sent. Check the URL (--target) and that the server is up.`,
  );
}
