import type { Exchange } from '../exchange.js';
import { redactSecrets } from '../redact.js';
import { ChatIdSet } from './chat-id-set.js';
import type { CompiledContract } from './compile.js';
import { checkExchange, type CheckResult } from './rules.js';
import { semanticViolations, withoutSchemaOverlaps } from './semantic.js';
import type { Profile, Violation } from './types.js';

export const DEFAULT_CLOCK_SKEW_MS = 5000;

export interface CheckerOptions {
  contract: CompiledContract;
  profile: Profile;
  /** Allowance on each side of the request's window for `createdAt`; default 5 s. */
  skewMs?: number;
  /** Never to appear in a message (the API key): messages quote what the server sent, which may echo it. */
  secrets?: readonly string[];
}

/** What the checker tells the report about itself: the profile, and the cost and error rate of the chatId set. */
export interface CheckerStats {
  profile: Profile;
  skewMs: number;
  chatIds: { tracked: number; bytes: number; falseDuplicateProbability: number };
}

export interface Checker {
  /** Pure apart from remembering chatIds; never throws. */
  check(exchange: Exchange): CheckResult;
  stats(): CheckerStats;
}

/**
 * One checker per run: the `spec` rules for every exchange, plus, in the `strict` profile, the
 * semantic rules; the only state is the set of chatIds already returned (for `chat-id-unique`).
 */
export function createChecker(options: CheckerOptions): Checker {
  const { contract, profile } = options;
  const skewMs = options.skewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const chatIds = new ChatIdSet();

  const secrets = options.secrets ?? [];
  const redacted = (result: CheckResult): CheckResult =>
    secrets.length === 0 || result.violations.length === 0 ? result : { ...result, violations: result.violations.map((v) => ({ ...v, message: redactSecrets(v.message, secrets) })) };

  function checkAll(exchange: Exchange): CheckResult {
    const result = checkExchange(exchange, contract, secrets);
    if (profile === 'spec' || result.json === undefined || exchange.status === undefined) return result;
    const status = exchange.status;
    // checkExchange returns a fresh array: the strict rules add to it.
    const violations: Violation[] = withoutSchemaOverlaps(semanticViolations(exchange, result.json, result.schema, skewMs, result.violations), result.schemaErrorPaths);
    const chatId = (result.json as { chatId?: unknown } | null)?.chatId;
    if (status >= 200 && status < 300 && typeof chatId === 'string' && !chatIds.add(chatId)) {
      violations.push({ rule: 'chat-id-unique', message: `chatId ${JSON.stringify(chatId)} was already returned earlier in this run`, schemaPath: '#/properties/chatId', instancePath: '/chatId' });
    }
    return { violations, json: result.json };
  }

  function check(exchange: Exchange): CheckResult {
    return redacted(checkAll(exchange));
  }

  return {
    check,
    stats: () => ({ profile, skewMs, chatIds: { tracked: chatIds.size, bytes: chatIds.bytes, falseDuplicateProbability: chatIds.falseDuplicateProbability() } }),
  };
}

/** Checker figures of several slices (workers) of one run: each kept its own chatId set. */
export function mergeCheckerStats(parts: CheckerStats[]): CheckerStats {
  const first = parts[0];
  if (!first) throw new Error('no checker stats to merge');
  return {
    profile: first.profile,
    skewMs: first.skewMs,
    chatIds: {
      tracked: parts.reduce((n, p) => n + p.chatIds.tracked, 0),
      bytes: parts.reduce((n, p) => n + p.chatIds.bytes, 0),
      // Union bound over the slices' sets.
      falseDuplicateProbability: Math.min(1, parts.reduce((n, p) => n + p.chatIds.falseDuplicateProbability, 0)),
    },
  };
}
