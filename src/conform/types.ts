import type { Violation } from '../contract/types.js';

/** Which API key a raw request carries: the configured one, none at all, or a wrong one. */
export type KeyChoice = 'valid' | 'missing' | 'invalid';

/** One HTTP request of a case, as raw as a contract tester needs: any method, any bytes, any content-type. */
export interface CaseRequest {
  /** Default POST. Any other method is a request the document declares nothing for. */
  method?: string;
  /** The JSON body; serialised as is. Ignored when `rawBody` is set. */
  body?: unknown;
  /** Body sent verbatim: text (malformed JSON, duplicate keys) or bytes (invalid UTF-8). */
  rawBody?: string | Uint8Array;
  /** Send no body bytes at all. */
  noBody?: boolean;
  /** Default application/json; null sends no Content-Type header. */
  contentType?: string | null;
  /** Default 'valid'. */
  key?: KeyChoice;
  /** Set `previousChatId` to the chatId the step before returned. */
  chainPreviousChatId?: boolean;
  /** With chainPreviousChatId: change one character of that chatId first (an id of the right shape that never existed). */
  alterPreviousChatId?: boolean;
}

export type CaseGroup = 'valid' | 'required' | 'boundary' | 'type' | 'extra' | 'raw' | 'body' | 'method' | 'text' | 'variables' | 'auth' | 'reference' | 'conversation' | 'fuzz';

export interface CaseStep {
  request: CaseRequest;
  /** The status the document points to. */
  expectStatus: number;
  /** Further statuses that pass as well (a wrong method: 405 or any declared 4xx). */
  alsoAccept?: number[];
}

/** A spec-derived case: its requests (one, or a conversation) and the status each must get. */
export interface ConformCase {
  id: string;
  group: CaseGroup;
  title: string;
  /** Where in the document the expectation comes from, e.g. "#/properties/input/maxLength". */
  source?: string;
  /** Why that status is expected: the rule of the document (or of the standard it builds on). */
  why: string;
  /** Where the document is silent: the rule this case assumes (also listed in docs/contract.md). */
  assumption?: string;
  steps: CaseStep[];
}

/** What one request of a case carried, as shown in the reports: never the key, long values cut. */
export interface SentExcerpt {
  method: string;
  /** null: no Content-Type header was sent. */
  contentType: string | null;
  /** 'valid' is shown as the header being present (its value is never written). */
  key: KeyChoice;
  /** Size of the body on the wire. */
  bytes: number;
  /** The body, long strings and large objects shortened; invalid UTF-8 shown as \xNN. */
  body: string;
}

/** What came back for one request, as shown in the reports. */
export interface GotExcerpt {
  status?: number;
  transportError?: string;
  contentType?: string;
  /** The response body's start (key redacted). */
  body?: string;
  /** Each contract rule the response broke: "rule: message". */
  violations: string[];
}

/** What one step got back, after every contract rule ran on it: what the judge reads. */
export interface StepOutcome {
  expectStatus: number;
  alsoAccept?: number[];
  status?: number;
  transportError?: string;
  violations: Violation[];
  ms: number;
  /** What was sent (for the reports). */
  sent?: SentExcerpt;
  /** The response's Allow header (a 405 must name the allowed methods). */
  allow?: string;
  contentType?: string;
  /** The response body's start, key redacted. */
  bodyExcerpt?: string;
}

export interface CaseStepResult {
  sent: SentExcerpt;
  /** Every status that passes; the first is the one the document points to. */
  expected: number[];
  got: GotExcerpt;
}

export interface CaseResult {
  id: string;
  group: CaseGroup;
  title: string;
  source?: string;
  /** Why the expected status (absent in reports written before conform v2). */
  why?: string;
  assumption?: string;
  expected: string;
  actual: string;
  ok: boolean;
  /** Why it failed: what was expected and what came back. */
  failures: string[];
  ms: number;
  /** Each request: what was sent, what was expected, what came back (absent in reports before conform v2). */
  steps?: CaseStepResult[];
}

/** How the property-based part went (`--fuzz N`). */
export interface FuzzSummary {
  /** Bodies asked for (N). */
  runs: number;
  /** The seed: the same seed and N send the same bodies again (`--fuzz-seed`). */
  seed: number;
  /** Bodies generated and sent before the run ended (N, or fewer when one failed). */
  generated: number;
  /** Requests the fuzzing sent, shrinking included. */
  requests: number;
  /** How many of the generated bodies were invalid by the schema (expected 400). */
  invalid: number;
  /** Set when a body failed: the run (1-based) it was found at and how often it was shrunk. */
  failure?: { run: number; shrinks: number; path: string };
}

/** The `conform` section of report.json. */
export interface ConformReport {
  profile: string;
  cases: number;
  passed: number;
  failed: number;
  results: CaseResult[];
  fuzz?: FuzzSummary;
}
