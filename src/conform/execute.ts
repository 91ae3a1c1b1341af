import type { CheckResult } from '../contract/rules.js';
import type { Violation } from '../contract/types.js';
import type { CreateChatRequest, Exchange } from '../exchange.js';
import { judgeCase } from './judge.js';
import type { RawRequest, RawResponse } from './send.js';
import type { CaseRequest, CaseResult, ConformCase, KeyChoice, StepOutcome } from './types.js';

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
  if (!request.chainPreviousChatId) return request.body;
  return { ...(request.body as Record<string, unknown>), previousChatId };
}

/** Runs one case's steps in order; a conversation stops at the first step that gives no chatId. */
export async function executeCase(c: ConformCase, runner: CaseRunner): Promise<CaseResult> {
  const outcomes: StepOutcome[] = [];
  let previousChatId: string | undefined;
  for (const step of c.steps) {
    if (step.request.chainPreviousChatId && previousChatId === undefined) break;
    const body = bodyOf(step.request, previousChatId);
    const apiKey = keyFor(step.request.key, runner.apiKey);
    const response = await runner.send({
      bodyText: step.request.rawBody ?? JSON.stringify(body),
      contentType: step.request.contentType ?? 'application/json',
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
    // The rules and the samples read the request body as a CreateChatRequest; a negative case's body is
    // deliberately not one (or not JSON at all), and both only read it defensively.
    const requestBody = (body !== null && typeof body === 'object' ? body : { raw: step.request.rawBody ?? body }) as CreateChatRequest;
    const exchange: Exchange = { request: { seq: runner.nextSeq(), body: requestBody }, ...response };
    const { violations, json } = runner.check(exchange);
    runner.record(exchange, violations);
    outcomes.push({
      expectStatus: step.expectStatus,
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error ? { transportError: `${response.error.kind}: ${response.error.message}` } : {}),
      violations,
      ms: response.endAt - response.sentAt,
    });
    const chatId = (json as { chatId?: unknown } | undefined)?.chatId;
    previousChatId = typeof chatId === 'string' ? chatId : undefined;
  }
  return judgeCase(c, outcomes);
}
