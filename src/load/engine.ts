import type { CreateChatRequest, Exchange, ExchangeOutcome, PlannedRequest } from '../exchange.js';
import type { RequestSource } from '../scenario/source.js';
import type { Slice } from './plan.js';

export interface EngineStats {
  /** Requests handed to the client. */
  sent: number;
  /** Arrivals never sent: the in-flight cap held past their timeout, or the run was stopped first. */
  dropped: number;
  /** Arrivals sent later than the tolerance after their intended time. */
  late: number;
  /** Conversations that ended early because a turn failed (error status, violation or no chatId). */
  conversationsAborted: number;
  /** Conversations whose later turns were never sent because the run ended first (its duration or request count). */
  conversationsCut: number;
}

export function emptyStats(): EngineStats {
  return { sent: 0, dropped: 0, late: 0, conversationsAborted: 0, conversationsCut: 0 };
}

export function addStats(a: EngineStats, b: EngineStats): EngineStats {
  return {
    sent: a.sent + b.sent,
    dropped: a.dropped + b.dropped,
    late: a.late + b.late,
    conversationsAborted: a.conversationsAborted + b.conversationsAborted,
    conversationsCut: a.conversationsCut + b.conversationsCut,
  };
}

/**
 * The load per timeline window (the recorder keeps it): what the schedule offered, what went late,
 * what was dropped. One call per arrival at most, O(1), never throws.
 */
export interface LoadEvents {
  /** An arrival (or a later turn) due at `intendedAt`: whether it is then sent or dropped, it was offered. */
  offered(intendedAt: number): void;
  /** A request sent at `at`, later than the tolerance after its intended time. */
  late(at: number): void;
  /** `count` arrivals dropped at `at`. */
  dropped(at: number, count?: number): void;
}

export interface EngineContext {
  source: RequestSource;
  /**
   * Sends one request. Never rejects: every failure (refused, reset, timeout, an unreadable answer)
   * comes back as an exchange with `error`. The engines send through `sendSafely` all the same.
   */
  send(request: PlannedRequest): Promise<Exchange>;
  /** Checks and records one exchange; tells the engine whether it succeeded. Must not throw. */
  sink(exchange: Exchange): ExchangeOutcome;
  /** Aborting stops new requests; those in flight still finish (each bounded by the timeout). */
  signal: AbortSignal;
  /** The part of the schedule this engine runs (a worker's); the whole run by default. */
  slice?: Slice;
  /** Monotonic time the run started at, shared by all workers so their schedules line up; now by default. */
  startedAt?: number;
  /** The engine counts into this object as it goes (live metrics read it), and returns it; a fresh one by default. */
  stats?: EngineStats;
  /** Told of each arrival offered, sent late or dropped, for the per-window load figures. */
  load?: LoadEvents;
}

/**
 * `ctx.send`, with its "never rejects" contract enforced: a rejection or a throw (a bug in
 * chatload's client) becomes a transport error of kind `other` naming it. Without this an engine
 * would lose count of the request in flight, and the rejection would end the process before the
 * report of what was measured was written.
 */
export function sendSafely(ctx: EngineContext, request: PlannedRequest): Promise<Exchange> {
  try {
    return ctx.send(request).catch((error: unknown) => sendFailed(request, error));
  } catch (error) {
    return Promise.resolve(sendFailed(request, error));
  }
}

function sendFailed(request: PlannedRequest, error: unknown): Exchange {
  const now = performance.now();
  const message = error instanceof Error ? error.message : String(error);
  return { request, sentAt: now, endAt: now, error: { kind: 'other', message: `chatload's client failed (a bug in chatload, not the target's fault): ${message}` } };
}

/** The body of one turn: the stream's body at `seq`, chained to the turn before when there is one. */
export function turnBody(source: RequestSource, seq: number, previousChatId?: string): CreateChatRequest {
  const body = source.at(seq);
  return previousChatId === undefined ? body : { ...body, previousChatId };
}

/** True when the conversation may go on after this turn's outcome. */
export function canContinue(outcome: ExchangeOutcome): outcome is ExchangeOutcome & { chatId: string } {
  return outcome.ok && typeof outcome.chatId === 'string';
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
