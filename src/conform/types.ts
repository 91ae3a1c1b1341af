import type { Violation } from '../contract/types.js';

/** Which API key a raw request carries: the configured one, none at all, or a wrong one. */
export type KeyChoice = 'valid' | 'missing' | 'invalid';

/** One HTTP request of a case, as raw as a contract tester needs: any body text, any content-type. */
export interface CaseRequest {
  /** The JSON body; serialised as is. Ignored when `rawBody` is set. */
  body?: unknown;
  /** Body text sent verbatim (malformed JSON). */
  rawBody?: string;
  /** Default application/json. */
  contentType?: string;
  /** Default 'valid'. */
  key?: KeyChoice;
  /** Set `previousChatId` to the chatId the step before returned. */
  chainPreviousChatId?: boolean;
}

export type CaseGroup = 'valid' | 'required' | 'boundary' | 'type' | 'extra' | 'raw' | 'auth' | 'reference' | 'conversation';

/** A spec-derived case: its requests (one, or a conversation) and the status each must get. */
export interface ConformCase {
  id: string;
  group: CaseGroup;
  title: string;
  /** Where in the request schema the case comes from, e.g. "#/properties/input/maxLength". */
  source?: string;
  steps: { request: CaseRequest; expectStatus: number }[];
}

/** What one step got back, after every contract rule ran on it. */
export interface StepOutcome {
  expectStatus: number;
  status?: number;
  transportError?: string;
  violations: Violation[];
  ms: number;
}

export interface CaseResult {
  id: string;
  group: CaseGroup;
  title: string;
  source?: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** Why it failed: what was expected and what came back. */
  failures: string[];
  ms: number;
}

/** The `conform` section of report.json. */
export interface ConformReport {
  profile: string;
  cases: number;
  passed: number;
  failed: number;
  results: CaseResult[];
}
