import type { CheckResult } from '../contract/rules.js';
import type { Violation } from '../contract/types.js';
import type { CreateChatRequest, Exchange } from '../exchange.js';
import { redactSecrets } from '../redact.js';
import { alteredChatId } from './cases-state.js';
import { excerptRaw, excerptResponse, excerptValue } from './excerpt.js';
import { judgeCase } from './judge.js';
import type { RawRequest, RawResponse } from './send.js';
import type { CaseRequest, CaseResult, ConformCase, KeyChoice, SentExcerpt, StepOutcome } from './types.js';

/** A key no server issues; it never contains the real one. */
export const INVALID_API_KEY = 'chatload-invalid-key-0000';

export interface CaseRunner {
  send(request: RawRequest): Promise<RawResponse>;
  /** Every rule of the run's profile, on every response. */
  check(exchange: Exchange): CheckResult;
  /** Seen by the recorder (latency, counts, violation samples). */
  record(exchange: Exchange, violations: readonly Violation[]): void;
  apiKey: string;
  /** Numbers the exchanges across cases. */
  nextSeq(): number;
}

function keyFor(choice: KeyChoice | undefined, apiKey: string): string | undefined {
  return choice === 'missing' ? undefined : choice === 'invalid' ? INVALID_API_KEY : apiKey;
}

function bodyOf(request: CaseRequest, previousChatId: string | undefined): unknown {
  if (!request.chainPreviousChatId || previousChatId === undefined) return request.body;
  return { ...(request.body as Record<string, unknown>), previousChatId: request.alterPreviousChatId ? alteredChatId(previousChatId) : previousChatId };
}

/** The bytes on the wire, and how the reports show them. */
function wireBody(request: CaseRequest, body: unknown): { payload?: string | Uint8Array; excerpt: string } {
  if (request.noBody) return { excerpt: '(no body)' };
  if (request.rawBody !== undefined) return { payload: request.rawBody, excerpt: request.rawBody.length ? excerptRaw(request.rawBody) : '(empty)' };
  return { payload: JSON.stringify(body), excerpt: excerptValue(body) };
}

/** The request body as the rules and samples read it: a negative case's body is deliberately not a CreateChatRequest (or not JSON); both read it defensively. */
function recordedBody(body: unknown, payload: string | Uint8Array | undefined): CreateChatRequest {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as CreateChatRequest;
  const raw = typeof payload === 'string' ? payload : payload === undefined ? '' : Buffer.from(payload).toString('utf8');
  return { raw: raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw } as unknown as CreateChatRequest;
}

/** Runs one case's steps in order; a conversation stops at the first step that gives no chatId. */
export async function executeCase(c: ConformCase, runner: CaseRunner): Promise<CaseResult> {
  const outcomes: StepOutcome[] = [];
  const secrets = [runner.apiKey];
  let previousChatId: string | undefined;
  for (const step of c.steps) {
    const { request } = step;
    if (request.chainPreviousChatId && previousChatId === undefined) break;
    const body = bodyOf(request, previousChatId);
    const method = request.method ?? 'POST';
    const contentType = request.contentType === undefined ? 'application/json' : request.contentType;
    const apiKey = keyFor(request.key, runner.apiKey);
    const { payload, excerpt } = wireBody(request, body);
    const response = await runner.send({ method, ...(payload !== undefined ? { body: payload } : {}), ...(contentType !== null ? { contentType } : {}), ...(apiKey !== undefined ? { apiKey } : {}) });
    const exchange: Exchange = { request: { seq: runner.nextSeq(), body: recordedBody(body, payload) }, ...response };
    // A 405 to a method the document does not declare answers no declared operation: the operation's rules do not apply to it.
    const outsideOperation = method !== 'POST' && response.status === 405;
    const { violations, json } = outsideOperation ? { violations: [] as Violation[], json: undefined } : runner.check(exchange);
    runner.record(exchange, violations);
    const sent: SentExcerpt = {
      method,
      contentType,
      key: request.key ?? 'valid',
      bytes: payload === undefined ? 0 : typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength,
      body: redactSecrets(excerpt, secrets),
    };
    const responseExcerpt = excerptResponse(response.body);
    outcomes.push({
      expectStatus: step.expectStatus,
      ...(step.alsoAccept ? { alsoAccept: step.alsoAccept } : {}),
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error ? { transportError: `${response.error.kind}: ${response.error.message}` } : {}),
      violations,
      ms: response.endAt - response.sentAt,
      sent,
      ...(response.headers?.allow !== undefined ? { allow: response.headers.allow } : {}),
      ...(response.headers?.['content-type'] !== undefined ? { contentType: response.headers['content-type'] } : {}),
      ...(responseExcerpt !== undefined ? { bodyExcerpt: redactSecrets(responseExcerpt, secrets) } : {}),
    });
    const chatId = (json as { chatId?: unknown } | undefined)?.chatId;
    previousChatId = typeof chatId === 'string' ? chatId : undefined;
  }
  return judgeCase(c, outcomes);
}
