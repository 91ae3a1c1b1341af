import type { Exchange, ExchangeOutcome, PlannedRequest } from '../exchange.js';
import type { RequestSource } from '../scenario/source.js';

export interface EngineStats {
  /** Requests handed to the client. */
  sent: number;
  /** Arrivals never sent: the in-flight cap held past their timeout, or the run was stopped first. */
  dropped: number;
  /** Arrivals sent later than the tolerance after their intended time. */
  late: number;
}

export interface EngineContext {
  source: RequestSource;
  send(request: PlannedRequest): Promise<Exchange>;
  /** Checks and records one exchange; tells the engine whether it succeeded. Must not throw. */
  sink(exchange: Exchange): ExchangeOutcome;
  /** Aborting stops new requests; those in flight still finish (each bounded by the timeout). */
  signal: AbortSignal;
}

/** Resolves once `signal` aborts or `ms` pass, whichever is first; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
