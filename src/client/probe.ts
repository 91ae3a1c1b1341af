import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { InterruptedError, TargetError } from '../errors.js';
import type { TransportError } from '../exchange.js';
import { classifyTransportError } from './errors.js';

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

function tryConnect(host: string, port: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<TransportError | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: TransportError | undefined) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => done({ kind: 'closed', message: 'interrupted' });
    signal?.addEventListener('abort', onAbort, { once: true });
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
  let wait = options.retryDelayMs ?? 250;
  const started = performance.now();
  let last: TransportError | undefined;
  const { signal } = options;
  for (let attempt = 1; attempt <= attempts && !signal?.aborted; attempt++) {
    last = await tryConnect(host, port, options.connectTimeoutMs ?? 5000, signal);
    if (!last) return;
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
