import autocannon from 'autocannon';
import { classifyTransportError } from '../client/errors.js';
import { CREATE_CHAT_PATH } from '../client/http-client.js';
import type { CreateChatRequest, Exchange, PlannedRequest } from '../exchange.js';
import { canContinue, emptyStats, type EngineContext, type EngineStats } from './engine.js';
import type { MaxPlan } from './plan.js';
import { seqOf, shareOf, WHOLE } from './plan.js';

/** Distinct bodies pre-built as autocannon request buffers (see docs/benchmarks.md, "Max mode"). */
export const MAX_TEMPLATES = 256;

export interface MaxTarget {
  baseUrl: string;
  headers: Record<string, string>;
  /** Bodies above this many bytes are checked as truncated (the `body-size` rule). */
  maxBodyBytes?: number;
}

/** What autocannon's per-connection context carries between the turns of a conversation. */
interface TurnContext {
  /** seq of the last answer this connection got: a turn continues only the turn right before it. */
  lastSeq?: number;
  previousChatId?: string;
  failed?: boolean;
  /** The request as sent by setupRequest (with previousChatId), for the answer to be recorded against. */
  planned?: PlannedRequest;
}

interface Pending {
  request: PlannedRequest;
  endAt: number;
  status: number;
  body: string;
  headers: Record<string, unknown> | undefined;
  context: TurnContext;
  last: boolean;
}

function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) out[key.toLowerCase()] = String(headers[key]);
  return out;
}

/** The content-type among autocannon's headers, as `lowerCaseKeys` would give it, without copying the rest. */
function contentTypeIn(headers: Record<string, unknown> | undefined): string | undefined {
  let found: string | undefined;
  for (const key in headers) if (key.length === 12 && key.toLowerCase() === 'content-type') found = String(headers[key]);
  return found;
}

/**
 * An answer as autocannon hands it over: the body already decoded to a string, the headers as
 * an object with the server's spelling. The checks read `text` and `contentType`; the bytes and
 * the lower-cased headers are built only when something asks (a violation sample).
 */
class MaxExchange implements Exchange {
  readonly contentType: string | undefined;
  private bytes?: Buffer;
  private lowered?: Record<string, string>;

  constructor(
    readonly request: PlannedRequest,
    readonly sentAt: number,
    readonly endAt: number,
    readonly status: number,
    readonly text: string,
    private readonly rawHeaders: Record<string, unknown> | undefined,
  ) {
    this.contentType = contentTypeIn(rawHeaders);
  }

  get body(): Buffer {
    return (this.bytes ??= Buffer.from(this.text));
  }

  get headers(): Record<string, string> {
    return (this.lowered ??= lowerCaseKeys(this.rawHeaders));
  }

  /** Plain data for JSON, as before the body and headers became lazy. */
  toJSON(): Exchange {
    const { request, sentAt, endAt, status, headers, body } = this;
    return { request, sentAt, endAt, status, headers, body };
  }
}

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
 * stream, each a static `requests` entry with its own `onResponse`; only later turns of a
 * conversation are built per request (they need the previous chatId). Every response body
 * goes through the same checks and recorder as the other engines: `onResponse` keeps the
 * body and takes the end time, and autocannon's `response` event, emitted synchronously
 * right after it, brings the response time.
 */
export async function runMax(plan: MaxPlan, ctx: EngineContext, target: MaxTarget): Promise<EngineStats> {
  const slice = ctx.slice ?? WHOLE;
  const stats = emptyStats();
  const amount = plan.requests === undefined ? undefined : shareOf(plan.requests, slice);
  const connections = Math.min(shareOf(plan.connections, slice), amount ?? Number.POSITIVE_INFINITY);
  if (connections === 0 || ctx.signal.aborted) return stats;
  const base = new URL(target.baseUrl);
  const path = `${base.pathname.replace(/\/+$/, '')}${CREATE_CHAT_PATH}`;
  const { maxBodyBytes } = target;
  let pending: Pending | undefined;
  // Each connection's latest context: one still holding a chatId at the end is a conversation the run's end cut.
  const contexts = new Map<unknown, TurnContext>();

  const requests: autocannon.Request[] = templates(plan, ctx).flatMap((turns) =>
    turns.map((request, turn): autocannon.Request => {
      const last = turn === turns.length - 1;
      const entry: autocannon.Request = {
        method: 'POST',
        path,
        body: JSON.stringify(request.body),
        onResponse(status, body, context, headers) {
          const endAt = performance.now();
          const c = context as TurnContext;
          const planned = c.planned !== undefined && c.planned.seq === request.seq ? c.planned : request;
          pending = { request: planned, endAt, status, body, headers, context: c, last };
        },
      };
      if (turn > 0) {
        entry.setupRequest = (req, context) => {
          const c = context as TurnContext;
          const previousAnswered = c.lastSeq === request.seq - 1;
          if (c.failed || c.previousChatId === undefined || !previousAnswered) {
            // The turn before failed (counted when it was answered) or got no answer at all (a timeout
            // or a dropped connection, which autocannon reports without saying whose): counted here.
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

  let finished!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (finished = (error) => (error ? reject(error) : resolve())));
  const instance = autocannon({
    url: base.origin,
    connections,
    // A later turn needs the answer to the one before: conversations cannot be pipelined.
    pipelining: plan.turns > 1 ? 1 : plan.pipelining,
    // autocannon counts its (inactivity) timeout in seconds, at least 1.
    timeout: Math.max(1, plan.timeoutMs / 1000),
    headers: target.headers,
    requests,
    ...(amount !== undefined ? { amount } : { duration: (plan.durationMs ?? 10_000) / 1000 }),
    initialContext: {},
  }, (error: unknown) => finished(error));

  instance.on('response', (client, _status, _bytes, responseTime) => {
    const p = pending;
    pending = undefined;
    if (!p) return;
    if (plan.turns > 1) contexts.set(client, p.context);
    stats.sent++;
    const sentAt = p.endAt - responseTime;
    // autocannon has read the whole body already; past the cap it is checked as the client would have cut it.
    const overCap = maxBodyBytes !== undefined && p.body.length > maxBodyBytes / 3 && Buffer.byteLength(p.body) > maxBodyBytes;
    const exchange: Exchange = overCap
      ? { request: p.request, sentAt, endAt: p.endAt, status: p.status, headers: lowerCaseKeys(p.headers), body: Buffer.from(p.body).subarray(0, maxBodyBytes), truncated: true }
      : new MaxExchange(p.request, sentAt, p.endAt, p.status, p.body, p.headers);
    const outcome = ctx.sink(exchange);
    if (plan.turns > 1) {
      const c = p.context;
      c.planned = undefined;
      c.lastSeq = p.request.seq;
      if (p.last || canContinue(outcome)) {
        c.failed = false;
        c.previousChatId = p.last ? undefined : outcome.chatId;
      } else {
        c.failed = true;
        c.previousChatId = undefined;
        stats.conversationsAborted++;
      }
    }
  });
  instance.on('reqError', (error: unknown) => {
    const endAt = performance.now();
    stats.sent++;
    const classified = classifyTransportError(error);
    const kind = (error as Error)?.message === 'request timed out' ? 'timeout' : classified.kind;
    // autocannon does not say which request failed; the exchange carries the first body as a stand-in.
    const request: PlannedRequest = { seq: -1, body: ctx.source.at(0) };
    ctx.sink({ request, sentAt: kind === 'timeout' ? endAt - plan.timeoutMs : endAt, endAt, error: { ...classified, kind } });
  });

  const onAbort = () => instance.stop();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const stopTimer = amount !== undefined && plan.durationMs !== undefined ? setTimeout(onAbort, plan.durationMs) : undefined;
  try {
    await done;
  } finally {
    clearTimeout(stopTimer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
  for (const context of contexts.values()) if (context.previousChatId !== undefined) stats.conversationsCut++;
  return stats;
}
