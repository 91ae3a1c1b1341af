import autocannon from 'autocannon';
import { classifyTransportError } from '../client/errors.js';
import { CancelledError, CREATE_CHAT_PATH, DEFAULT_MAX_BODY_BYTES } from '../client/http-client.js';
import type { CreateChatRequest, PlannedRequest, TransportError } from '../exchange.js';
import { canContinue, emptyStats, type EngineContext, type EngineStats } from './engine.js';
import { MaxConnection, type AutocannonClient, type ConnectionHooks, type MaxControl } from './max-connection.js';
import type { MaxPlan } from './plan.js';
import { seqOf, shareOf, WHOLE } from './plan.js';

/** Distinct bodies pre-built as autocannon request buffers (see docs/benchmarks.md, "Max mode"). */
export const MAX_TEMPLATES = 256;

export interface MaxTarget {
  baseUrl: string;
  headers: Record<string, string>;
  /** Bodies above this many bytes are checked as truncated (the `body-size` rule). */
  maxBodyBytes?: number;
  /** Aborted when the grace period after an interrupt is over: requests still in flight end as `closed`. */
  cancel?: AbortSignal;
}

/** What autocannon's per-connection context carries between the turns of a conversation. */
interface TurnContext {
  /** seq of the last answer this connection got: a turn continues only the turn right before it. */
  lastSeq?: number;
  previousChatId?: string;
  failed?: boolean;
  /** The request as setupRequest built it (with previousChatId), until it is queued. */
  planned?: PlannedRequest;
}

/** A request entry of autocannon's, tagged with the template it was built from (autocannon deep-clones entries). */
type Entry = autocannon.Request & { chatloadTemplate: number };

/** One request as written, for the answer (or the error) to be recorded against. */
interface Sent {
  request: PlannedRequest;
  last: boolean;
  /** The connection's conversation state (conversations only). */
  context?: TurnContext;
}

/** autocannon's stop timer must fit a 32-bit timer: chatload stops the run itself. */
const FOREVER_S = 2_000_000;

/** Requests autocannon cycles through on each connection: the first bodies of this slice's stream. */
function templates(plan: MaxPlan, ctx: EngineContext): PlannedRequest[][] {
  const slice = ctx.slice ?? WHOLE;
  // Conversations differ by their agent, first input and variable set: as many as there are combinations, within the request budget.
  const conversations = Math.max(1, Math.min(ctx.source.combinations, Math.floor(MAX_TEMPLATES / plan.turns)));
  const out: PlannedRequest[][] = [];
  for (let j = 0; j < conversations; j++) {
    const id = slice.index + slice.count * j;
    const turns: PlannedRequest[] = [];
    for (let turn = 0; turn < plan.turns; turn++) {
      const seq = seqOf(id, turn, plan.turns);
      turns.push({ seq, body: ctx.source.at(seq), ...(plan.turns > 1 ? { conversation: { id, turn } } : {}) });
    }
    out.push(turns);
  }
  return out;
}

/**
 * Max mode: autocannon with N connections, for peak throughput. autocannon keeps its speed
 * only with pre-built request buffers, so the bodies are a finite prefix of the scenario's
 * stream, each a static `requests` entry; only later turns of a conversation are built per
 * request (they need the previous chatId). Each autocannon Client is taken over as it is made
 * (`MaxConnection`): it verifies TLS certificates, caps bodies, and ends every request written
 * exactly once, which then goes through the same checks and recorder as in the other engines.
 */
export async function runMax(plan: MaxPlan, ctx: EngineContext, target: MaxTarget): Promise<EngineStats> {
  const slice = ctx.slice ?? WHOLE;
  const stats = ctx.stats ?? emptyStats();
  const amount = plan.requests === undefined ? undefined : shareOf(plan.requests, slice);
  const connections = Math.min(shareOf(plan.connections, slice), amount ?? Number.POSITIVE_INFINITY);
  if (connections === 0 || ctx.signal.aborted) return stats;
  const base = new URL(target.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;

  // Each connection's context: one still holding a chatId at the end is a conversation the run's end cut.
  const contexts = new Set<TurnContext>();

  // Single requests are recorded against their template as is: nothing is allocated per request for them.
  const list: Sent[] = [];
  const requests: Entry[] = templates(plan, ctx).flatMap((turns) =>
    turns.map((request, turn): Entry => {
      const entry: Entry = { method: 'POST', path, body: JSON.stringify(request.body), chatloadTemplate: list.length };
      list.push({ request, last: turn === turns.length - 1 });
      if (turn > 0) {
        entry.setupRequest = (req, context) => {
          const c = context as TurnContext;
          const previousAnswered = c.lastSeq === request.seq - 1;
          if (c.failed || c.previousChatId === undefined || !previousAnswered) {
            // The turn before failed (counted when it ended) or never ended on this connection: counted here.
            if (!c.failed && !previousAnswered) stats.conversationsAborted++;
            c.failed = false;
            c.previousChatId = undefined;
            // A falsy value makes autocannon restart the connection's cycle: the conversation ends there.
            return undefined as unknown as autocannon.Request;
          }
          const body: CreateChatRequest = { ...request.body, previousChatId: c.previousChatId };
          c.planned = { ...request, body };
          return { ...req, body: JSON.stringify(body) };
        };
      }
      return entry;
    }),
  );

  const control: MaxControl = { stopping: false };
  const taken: MaxConnection<Sent>[] = [];
  let fatal: unknown;
  const hooks: ConnectionHooks<Sent> = {
    control,
    maxBodyBytes: target.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    // A request counts as sent when it is written (so sent − ended is what is in flight); each is settled once.
    identify(entry, context) {
      stats.sent++;
      const template = list[(entry as Entry).chatloadTemplate]!;
      if (plan.turns === 1) return template;
      const c = context as TurnContext;
      let request = template.request;
      if (c.planned !== undefined) {
        if (c.planned.seq === request.seq) request = c.planned;
        c.planned = undefined;
      }
      return { request, last: template.last, context: c };
    },
    settle(sent, exchange) {
      const outcome = ctx.sink(exchange);
      const c = sent.context;
      if (c === undefined) return;
      contexts.add(c);
      c.lastSeq = sent.request.seq;
      if (sent.last || canContinue(outcome)) {
        c.failed = false;
        c.previousChatId = sent.last ? undefined : outcome.chatId;
      } else {
        c.failed = true;
        c.previousChatId = undefined;
        stats.conversationsAborted++;
      }
    },
    fatal(error) {
      fatal ??= error;
      cut({ kind: 'closed', message: 'still in flight when the run stopped on an error' });
    },
  };

  let finished!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (finished = (error) => (error ? reject(error) : resolve())));
  const instance = autocannon(
    {
      url: base.origin,
      connections,
      // A later turn needs the answer to the one before: conversations cannot be pipelined.
      pipelining: plan.turns > 1 ? 1 : plan.pipelining,
      // autocannon's own option counts whole seconds; each connection is given the plan's in ms.
      timeout: Math.max(1, Math.ceil(plan.timeoutMs / 1000)),
      headers: target.headers,
      requests,
      // The duration is kept here, so that requests in flight at its end still finish.
      ...(amount !== undefined ? { amount } : { duration: FOREVER_S }),
      initialContext: {},
      setupClient: (client) => void taken.push(new MaxConnection(client as unknown as AutocannonClient, hooks, plan.timeoutMs)),
    },
    (error: unknown) => finished(error ?? fatal),
  );

  /** No new request; each connection closes when what it has in flight has ended. */
  const stopSending = () => {
    control.stopping = true;
    for (const connection of taken) connection.stopIfIdle();
  };
  /** Ends what is still in flight at once, as `error`. */
  function cut(error: TransportError) {
    control.stopping = true;
    control.cutOff ??= error;
    for (const connection of taken) connection.cut();
    instance.stop();
  }
  const onCancel = () => cut(classifyTransportError(new CancelledError('still in flight when the grace period after the interrupt ended')));

  ctx.signal.addEventListener('abort', stopSending, { once: true });
  target.cancel?.addEventListener('abort', onCancel, { once: true });
  const stopTimer = plan.durationMs !== undefined || amount === undefined ? setTimeout(stopSending, plan.durationMs ?? 10_000) : undefined;
  try {
    await done;
  } finally {
    clearTimeout(stopTimer);
    ctx.signal.removeEventListener('abort', stopSending);
    target.cancel?.removeEventListener('abort', onCancel);
  }
  for (const context of contexts) if (context.previousChatId !== undefined) stats.conversationsCut++;
  return stats;
}
