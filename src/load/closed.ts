import pLimit from 'p-limit';
import type { ClosedPlan } from './plan.js';
import type { EngineContext, EngineStats } from './engine.js';

/**
 * Closed model: N virtual users, each sending its next request as soon as the last one ends.
 * p-limit holds the concurrency; the feeder only tops it up, so nothing is queued per request.
 */
export async function runClosed(plan: ClosedPlan, ctx: EngineContext): Promise<EngineStats> {
  const limit = pLimit(plan.concurrency);
  const deadline = plan.durationMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + plan.durationMs;
  let seq = 0;
  let wake: (() => void) | undefined;
  const wakeFeeder = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const deadlineTimer = Number.isFinite(deadline) ? setTimeout(wakeFeeder, plan.durationMs) : undefined;
  ctx.signal.addEventListener('abort', wakeFeeder, { once: true });

  let outstanding = 0;
  let drained: (() => void) | undefined;
  const one = async (n: number) => {
    const exchange = await ctx.send({ seq: n, body: ctx.source.at(n) });
    ctx.sink(exchange);
  };
  const more = () => !ctx.signal.aborted && (plan.requests === undefined || seq < plan.requests) && performance.now() < deadline;

  try {
    while (more()) {
      if (limit.activeCount + limit.pendingCount >= plan.concurrency) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      outstanding++;
      void limit(one, seq++).finally(() => {
        outstanding--;
        if (outstanding === 0) drained?.();
        wakeFeeder();
      });
    }
    if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  } finally {
    clearTimeout(deadlineTimer);
    ctx.signal.removeEventListener('abort', wakeFeeder);
  }
  return { sent: seq, dropped: 0, late: 0 };
}
