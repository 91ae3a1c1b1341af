import Queue from 'yocto-queue';
import type { OpenPlan } from './plan.js';
import { clipStages, inSlice, seqOf, shareOf, WHOLE } from './plan.js';
import { ArrivalSchedule } from './schedule.js';
import { canContinue, emptyStats, sendSafely, sleep, turnBody, type EngineContext, type EngineStats } from './engine.js';

/** Longest a tick sends due arrivals before it yields to the event loop. */
const TICK_BUDGET_MS = 10;

/**
 * Shortest wait between two ticks. Each wake-up of the generator costs more CPU than the request
 * it sends (docs/benchmarks.md, "Open model"): arrivals closer together than this are sent together
 * by one tick, each up to this long after its intended start, which its latency counts from. Well
 * inside the 10 ms late tolerance: batching alone never makes a request late.
 */
export const TICK_QUANTUM_MS = 2;

/** One request waiting to go: a scheduled arrival (turn 0) or the next turn of a conversation. */
interface Due {
  conversation: number;
  turn: number;
  intendedAt: number;
  previousChatId?: string;
}

/**
 * Open model: conversations arrive on a schedule whatever the server does. Each request
 * carries its intended start, and latency counts from there, so a stalled server shows in
 * the percentiles instead of silently slowing the generator (no coordinated omission).
 * Later turns of a conversation are due when the turn before ends (plus think time).
 */
export async function runOpen(plan: OpenPlan, ctx: EngineContext): Promise<EngineStats> {
  const slice = ctx.slice ?? WHOLE;
  const stages = plan.durationMs === undefined ? plan.stages : clipStages(plan.stages, plan.durationMs);
  const schedule = new ArrivalSchedule(stages, plan.arrival, plan.seed);
  const maxConversations = plan.requests === undefined ? Number.POSITIVE_INFINITY : Math.ceil(plan.requests / plan.turns);
  const start = ctx.startedAt ?? performance.now();
  const deadline = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : start + plan.durationMs;
  const stats = ctx.stats ?? emptyStats();
  const load = ctx.load;
  // Each worker holds its share of the cap, as its client holds its share of the connections.
  const maxInFlight = Math.max(1, shareOf(plan.maxInFlight, slice));
  const waiting = new Queue<Due>();
  let inFlight = 0;
  let thinking = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let scheduleDone = false;

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const maybeFinish = () => {
    if (scheduleDone && inFlight === 0 && thinking === 0 && waiting.size === 0) finish();
  };

  /** This slice's next arrival, skipping the other workers' conversations. */
  const nextArrival = (): Due | undefined => {
    while (schedule.index < maxConversations) {
      const conversation = schedule.index;
      const at = schedule.next();
      if (at === undefined) return undefined;
      if (inSlice(conversation, slice)) return { conversation, turn: 0, intendedAt: start + at };
    }
    return undefined;
  };
  let upcoming = nextArrival();

  const fire = (due: Due, now: number) => {
    if (now - due.intendedAt > plan.lateToleranceMs) {
      stats.late++;
      load?.late(now);
    }
    inFlight++;
    stats.sent++;
    const seq = seqOf(due.conversation, due.turn, plan.turns);
    const request = { seq, intendedAt: due.intendedAt, body: turnBody(ctx.source, seq, due.previousChatId), ...(plan.turns > 1 ? { conversation: { id: due.conversation, turn: due.turn } } : {}) };
    void sendSafely(ctx, request).then((exchange) => {
      inFlight--;
      const outcome = ctx.sink(exchange);
      const nextTurn = due.turn + 1;
      if (nextTurn < plan.turns && seqOf(due.conversation, nextTurn, plan.turns) < (plan.requests ?? Number.POSITIVE_INFINITY)) {
        if (!canContinue(outcome)) stats.conversationsAborted++;
        else followUp({ conversation: due.conversation, turn: nextTurn, intendedAt: performance.now() + plan.thinkTimeMs, previousChatId: outcome.chatId });
      } else if (nextTurn < plan.turns) stats.conversationsCut++;
      drainWaiting();
      maybeFinish();
    });
  };

  const submit = (due: Due, now: number) => {
    load?.offered(due.intendedAt);
    if (inFlight < maxInFlight && waiting.size === 0) fire(due, now);
    else waiting.enqueue(due);
  };

  /** An arrival never submitted: offered, and dropped at once. */
  const drop = (due: Due, now: number) => {
    load?.offered(due.intendedAt);
    stats.dropped++;
    load?.dropped(now);
  };

  // A turn due after the run's end is not sent, and its conversation counts as cut; one a stop (Ctrl-C)
  // cut off is dropped, like the arrivals that were waiting.
  const followUp = (due: Due) => {
    if (ctx.signal.aborted) drop(due, performance.now());
    else if (due.intendedAt >= deadline) stats.conversationsCut++;
    if (ctx.signal.aborted || due.intendedAt >= deadline) return;
    if (plan.thinkTimeMs <= 0) return submit(due, performance.now());
    thinking++;
    void sleep(plan.thinkTimeMs, ctx.signal).then(() => {
      thinking--;
      if (ctx.signal.aborted) drop(due, performance.now());
      else submit(due, performance.now());
      maybeFinish();
    });
  };

  // Arrivals held back by the in-flight cap keep their intended time; past the timeout they are dropped.
  const drainWaiting = () => {
    while (waiting.size > 0 && inFlight < maxInFlight) {
      const next = waiting.dequeue()!;
      const now = performance.now();
      if (ctx.signal.aborted || now - next.intendedAt > plan.timeoutMs) {
        stats.dropped++;
        load?.dropped(now);
      } else fire(next, now);
    }
  };

  // A tick sends what is due for at most TICK_BUDGET_MS, then yields: a rate the generator cannot
  // keep up with must not hold the event loop (the timeouts' timer, answers, Ctrl-C) in one long loop.
  const tick = () => {
    timer = undefined;
    immediate = undefined;
    if (ctx.signal.aborted) return stop();
    const began = performance.now();
    let now = began;
    while (upcoming && upcoming.intendedAt <= now) {
      // Fallen behind the schedule by more than the timeout: dropped, not sent (like an arrival held
      // that long by the in-flight cap), so the generator catches up instead of falling further behind.
      if (now - upcoming.intendedAt > plan.timeoutMs) drop(upcoming, now);
      else submit(upcoming, now);
      upcoming = nextArrival();
      now = performance.now();
      if (now - began > TICK_BUDGET_MS) break;
    }
    if (!upcoming) scheduleDone = true;
    else if (upcoming.intendedAt <= now) immediate = setImmediate(tick);
    else timer = setTimeout(tick, Math.max(upcoming.intendedAt, began + TICK_QUANTUM_MS) - now);
    maybeFinish();
  };

  const stop = () => {
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    scheduleDone = true;
    stats.dropped += waiting.size;
    load?.dropped(performance.now(), waiting.size);
    waiting.clear();
    maybeFinish();
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  tick();
  await finished;
  ctx.signal.removeEventListener('abort', stop);
  return stats;
}
