import { createChecker, loadContract, type Checker } from '../../src/contract/index.js';
import type { Exchange, PlannedRequest, TransportErrorKind } from '../../src/exchange.js';
import type { Recorder } from '../../src/record/recorder.js';

/**
 * Exchanges as the client hands them to the checks, with answers shaped the way a target gets them
 * wrong, for fixtures that go through the real checker and recorder: a report can then only hold
 * what a run could have produced (a refused connection always comes with its `transport` violation).
 */

/** What is wrong with an answer; each breaks exactly one rule of the strict profile. */
export type Fault =
  /** `status: "done"`, off the enum: `body-schema`. */
  | 'bad-enum'
  /** `agent.status` left out: `fields-present`. */
  | 'missing-field'
  /** A JSON content type over a body that is not JSON: `json-parse`. */
  | 'not-json'
  /** `text/html` where the document declares `application/json`: `content-type`. */
  | 'html';

export interface Answer {
  /** Default 201. */
  status?: number;
  /** No answer at all: the connection failed this way. */
  transport?: TransportErrorKind;
  fault?: Fault | Fault[];
}

export const FIXTURE_AGENT = 'agent_support_01';

function body(request: PlannedRequest, status: number, sentAt: number, faults: readonly Fault[]): string {
  if (faults.includes('not-json')) return status === 201 ? '{"chatId": "chat_' : '<html>oops</html>';
  if (status >= 400) {
    return JSON.stringify({ timestamp: new Date(performance.timeOrigin + sentAt).toISOString(), status, error: 'Error', message: `answer to request ${request.seq}`, path: '/v1/chats' });
  }
  const agent: Record<string, string> = { name: 'Grace', agentId: request.body.agentId, status: 'Live' };
  if (faults.includes('missing-field')) delete agent.status;
  return JSON.stringify({
    chatId: `chat_${request.seq}`,
    // Within the request's window: the `created-at-window` rule reads the monotonic clock as wall time.
    createdAt: new Date(performance.timeOrigin + sentAt).toISOString(),
    status: faults.includes('bad-enum') ? 'done' : 'ended',
    response: [{ id: `item_${request.seq}`, role: 'assistant', type: 'message', content: [`Hello, about "${request.body.input}"`] }],
    agent,
  });
}

/** One exchange: request `seq` sent at `sentAt` (ms, monotonic), ended at `endAt`, answered as `answer` says. */
export function exchangeOf(seq: number, times: { intendedAt?: number; sentAt: number; endAt: number }, answer: Answer = {}): Exchange {
  const request: PlannedRequest = { seq, ...(times.intendedAt !== undefined ? { intendedAt: times.intendedAt } : {}), body: { agentId: FIXTURE_AGENT, input: `question ${seq}` } };
  const base = { request, sentAt: times.sentAt, endAt: times.endAt };
  if (answer.transport) return { ...base, error: { kind: answer.transport, message: `${answer.transport} while talking to the target` } };
  const status = answer.status ?? 201;
  const faults = answer.fault === undefined ? [] : Array.isArray(answer.fault) ? answer.fault : [answer.fault];
  const contentType = faults.includes('html') ? 'text/html; charset=utf-8' : 'application/json';
  return { ...base, status, headers: { 'content-type': contentType }, body: Buffer.from(body(request, status, times.sentAt, faults)) };
}

/** Fixtures once took hand-made violations; a test written that way would now lose them without a word. */
export function refuseHandMadeViolations(fake: object): void {
  if ('violations' in fake) throw new Error('a fixture exchange no longer takes `violations`: describe what is wrong with the answer (`fault`, test/helpers/exchanges.ts) and the real checker finds them');
}

/** The checker of a run in the default (strict) profile. */
export function strictChecker(): Checker {
  return createChecker({ contract: loadContract(), profile: 'strict' });
}

/** What a run does with each exchange: check it, then record it with the violations found. */
export function checkAndRecord(recorder: Recorder, checker: Checker, exchange: Exchange): void {
  recorder.record(exchange, exchange.error?.kind === 'generator' ? [] : checker.check(exchange).violations);
}
