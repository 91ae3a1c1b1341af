import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { executeCase, type CaseRunner } from './execute.js';
import { fuzzBodies } from './fuzz-bodies.js';
import { expectationFor } from './oracle.js';
import { fuzzReplay } from './render.js';
import type { CaseResult, ConformCase, FuzzSummary } from './types.js';

/** Requests shrinking may send after the first failure; past it, the smallest failing body found so far is reported. */
export const SHRINK_BUDGET = 300;

export interface FuzzOptions {
  runs: number;
  seed: number;
  requestSchema: unknown;
  validateRequest: ValidateFunction;
  agents: string[];
  variables?: Record<string, unknown>;
  shrinkBudget?: number;
}

const ORACLE_WHY = 'each body is checked against the request schema first: invalid → 400; valid → 201, or 404 when agentId names none of the scenario\'s agents or previousChatId names a chat; every response through every rule of the profile';

/**
 * `conform --fuzz N`: N bodies from fast-check, sent one after another, each judged like a case.
 * The first failing body is shrunk (each smaller candidate is sent again) and reported as the
 * smallest body that still fails. The same seed and N send the same bodies again.
 */
export async function runFuzz(options: FuzzOptions, runner: CaseRunner): Promise<{ result: CaseResult; summary: FuzzSummary }> {
  const arbitrary = fuzzBodies(options.requestSchema, { agents: options.agents, ...(options.variables ? { variables: options.variables } : {}) });
  const budget = options.runs + (options.shrinkBudget ?? SHRINK_BUDGET);
  let requests = 0;
  let generated = 0;
  let invalid = 0;
  let ms = 0;
  let failure: CaseResult | undefined;

  const property = fc.asyncProperty(arbitrary, async ({ body, variant }) => {
    if (requests >= budget) return true;
    requests++;
    const expectation = expectationFor(body, options.validateRequest, options.agents);
    if (!failure) {
      generated++;
      if (expectation.status === 400) invalid++;
    }
    const c: ConformCase = {
      id: 'fuzz/property',
      group: 'fuzz',
      title: `a generated body (${variant})`,
      source: expectation.source,
      why: expectation.why,
      ...(expectation.assumption ? { assumption: expectation.assumption } : {}),
      steps: [{ request: { body }, expectStatus: expectation.status }],
    };
    const result = await executeCase(c, runner);
    ms += result.ms;
    if (!result.ok) failure = result;
    return result.ok;
  });

  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs });
  // The property threw (not a failed case): a bug here, not in the target.
  if (details.failed && !failure) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  const replay = fuzzReplay(options);
  const summary: FuzzSummary = {
    runs: options.runs,
    seed: options.seed,
    generated,
    requests,
    invalid,
    ...(details.failed && details.counterexamplePath ? { failure: { run: details.numRuns, shrinks: details.numShrinks, path: details.counterexamplePath } } : {}),
  };
  if (failure && summary.failure) {
    return {
      summary,
      result: {
        ...failure,
        title: `${failure.title}: body ${summary.failure.run} of ${options.runs} failed, shrunk ${summary.failure.shrinks} times to this one (seed ${options.seed})`,
        failures: [...failure.failures, `replay with ${replay}`],
        ms: Math.round(ms * 10) / 10,
      },
    };
  }
  return {
    summary,
    result: {
      id: 'fuzz/property',
      group: 'fuzz',
      title: `${options.runs} bodies generated from the request schema, ${invalid} of them invalid (seed ${options.seed})`,
      source: '#/components/schemas/CreateChatRequest',
      why: ORACLE_WHY,
      expected: 'per body',
      actual: `${generated} as expected`,
      ok: true,
      failures: [],
      ms: Math.round(ms * 10) / 10,
      steps: [],
    },
  };
}
