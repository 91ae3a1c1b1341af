import type { OpenPlan } from './plan.js';
import { constantArrivalAt } from './plan.js';
import type { EngineContext, EngineStats } from './engine.js';

/** Number of arrivals the plan asks for. */
export function openArrivals(plan: OpenPlan): number {
  const byDuration = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : Math.floor((plan.rate * plan.durationMs) / 1000);
  return Math.min(plan.requests ?? Number.POSITIVE_INFINITY, byDuration);
}

/**
 * Open model: requests arrive on a schedule whatever the server does. Each carries its
 * intended start, and latency counts from there, so a stalled server shows in the
 * percentiles instead of silently slowing the generator (no coordinated omission).
 */
export async function runOpen(plan: OpenPlan, ctx: EngineContext): Promise<EngineStats> {
  const total = openArrivals(plan);
  const start = performance.now();
  const stats: EngineStats = { sent: 0, dropped: 0, late: 0 };
  const waiting: { seq: number; intendedAt: number }[] = [];
  let waitingHead = 0;
  let inFlight = 0;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const maybeFinish = () => {
    const scheduleDone = seq >= total || ctx.signal.aborted;
    if (scheduleDone && inFlight === 0 && waitingHead >= waiting.length) finish();
  };

  const fire = (n: number, intendedAt: number) => {
    const now = performance.now();
    if (now - intendedAt > plan.lateToleranceMs) stats.late++;
    inFlight++;
    stats.sent++;
    void ctx.send({ seq: n, intendedAt, body: ctx.source.at(n) }).then((exchange) => {
      inFlight--;
      ctx.sink(exchange);
      drainWaiting();
      maybeFinish();
    });
  };

  // Arrivals held back by the in-flight cap keep their intended time; past the timeout they are dropped.
  const drainWaiting = () => {
    while (waitingHead < waiting.length && inFlight < plan.maxInFlight) {
      const next = waiting[waitingHead++]!;
      if (ctx.signal.aborted || performance.now() - next.intendedAt > plan.timeoutMs) stats.dropped++;
      else fire(next.seq, next.intendedAt);
    }
    if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
      waiting.splice(0, waitingHead);
      waitingHead = 0;
    }
  };

  const tick = () => {
    timer = undefined;
    if (ctx.signal.aborted) return stop();
    const now = performance.now();
    while (seq < total) {
      const intendedAt = start + constantArrivalAt(seq, plan.rate);
      if (intendedAt > now) break;
      if (inFlight < plan.maxInFlight && waitingHead >= waiting.length) fire(seq, intendedAt);
      else waiting.push({ seq, intendedAt });
      seq++;
    }
    if (seq < total) timer = setTimeout(tick, Math.max(0, start + constantArrivalAt(seq, plan.rate) - performance.now()));
    maybeFinish();
  };

  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    stats.dropped += waiting.length - waitingHead;
    waitingHead = waiting.length;
    maybeFinish();
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  tick();
  await finished;
  ctx.signal.removeEventListener('abort', stop);
  return stats;
}
