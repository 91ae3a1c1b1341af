import pLimit from 'p-limit';
import type { ClosedPlan } from './plan.js';
import { seqOf, shareOf, WHOLE } from './plan.js';
import type { Exchange } from '../exchange.js';
import { canContinue, emptyStats, sendSafely, sleep, turnBody, type EngineContext, type EngineStats } from './engine.js';

/**
 * A virtual user whose request failed on this machine (out of descriptors or ports) waits this long
 * before its next: failing again at once would spin from promise to promise, never giving the event
 * loop (Ctrl-C, timers, sockets closing) a turn.
 */
export const GENERATOR_PAUSE_MS = 50;

/**
 * Closed model: N virtual users, each running one conversation at a time (one request per
 * conversation unless `turns` says more), sending its next request as soon as the last one
 * ends plus the think time. p-limit holds the concurrency; the feeder only tops it up, so
 * nothing is queued per request. Stopping (deadline, abort, request count) only ends the
 * feeding: conversations in flight finish their current request.
 */
export async function runClosed(plan: ClosedPlan, ctx: EngineContext): Promise<EngineStats> {
  const slice = ctx.slice ?? WHOLE;
  const users = shareOf(plan.concurrency, slice);
  const stats = ctx.stats ?? emptyStats();
  if (users === 0) return stats;
  const limit = pLimit(users);
  const start = ctx.startedAt ?? performance.now();
  const deadline = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : start + plan.durationMs;
  const maxRequests = plan.requests ?? Number.POSITIVE_INFINITY;
  let local = 0;
  const conversationAt = (n: number) => slice.index + slice.count * n;
  // Set when a think time ran into the deadline: its timer may fire a millisecond early, and nothing new starts then.
  let over = false;
  const going = () => !over && !ctx.signal.aborted && performance.now() < deadline;

  const conversation = async (id: number) => {
    let previousChatId: string | undefined;
    // A turn due after the deadline is not sent.
    let dueAfterEnd = false;
    for (let turn = 0; turn < plan.turns; turn++) {
      const seq = seqOf(id, turn, plan.turns);
      if (seq >= maxRequests || (turn > 0 && (dueAfterEnd || !going()))) {
        // The run ended (its request count, its duration or a stop) before this later turn.
        if (turn > 0) stats.conversationsCut++;
        return;
      }
      stats.sent++;
      const exchange = await sendSafely(ctx, { seq, body: turnBody(ctx.source, seq, previousChatId), ...(plan.turns > 1 ? { conversation: { id, turn } } : {}) });
      const outcome = ctx.sink(exchange);
      if (exchange.error !== undefined && exchange.error.kind === 'generator') await sleep(GENERATOR_PAUSE_MS, ctx.signal);
      const more = turn + 1 < plan.turns && seqOf(id, turn + 1, plan.turns) < maxRequests;
      if (more && !canContinue(outcome)) {
        stats.conversationsAborted++;
        return;
      }
      previousChatId = outcome.chatId;
      if (plan.thinkTimeMs > 0 && going()) {
        dueAfterEnd = performance.now() + plan.thinkTimeMs >= deadline;
        await sleep(Math.min(plan.thinkTimeMs, deadline - performance.now()), ctx.signal);
        if (dueAfterEnd) over = true;
      }
    }
  };
  // One request and no think time (the common load test): the same steps without the loop's await layers.
  const sink = (exchange: Exchange): Promise<void> | undefined => {
    ctx.sink(exchange);
    return exchange.error !== undefined && exchange.error.kind === 'generator' ? sleep(GENERATOR_PAUSE_MS, ctx.signal) : undefined;
  };
  const single = (id: number): Promise<void> | undefined => {
    const seq = seqOf(id, 0, 1);
    if (seq >= maxRequests) return undefined;
    stats.sent++;
    return sendSafely(ctx, { seq, body: turnBody(ctx.source, seq) }).then(sink);
  };
  const run = plan.turns === 1 && plan.thinkTimeMs <= 0 ? single : conversation;
  const more = () => going() && seqOf(conversationAt(local), 0, plan.turns) < maxRequests;

  // The feeder tops p-limit up from each conversation's end, without a wake-up promise per request.
  let outstanding = 0;
  let drained!: () => void;
  const allDone = new Promise<void>((resolve) => (drained = resolve));
  const ended = () => {
    outstanding--;
    feed();
  };
  // A conversation that threw (a sink breaking its contract) ends the run with that error once the
  // others have ended; thrown from here it would be an unhandled rejection that kills the process.
  let failure: { error: unknown } | undefined;
  const failed = (error: unknown) => {
    failure ??= { error };
    ended();
  };
  const feed = () => {
    while (outstanding < users && more()) {
      outstanding++;
      void limit(run, conversationAt(local++)).then(ended, failed);
    }
    if (outstanding === 0) drained();
  };
  feed();
  await allDone;
  if (failure) throw failure.error;
  return stats;
}
