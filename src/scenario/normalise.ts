import type { InputProblem } from '../errors.js';
import { parseDuration } from '../units.js';
import { normaliseMockSection } from '../mock/settings.js';
import { normaliseChecks } from './checks.js';
import { normaliseLoadExtras, warmupProblem } from './normalise-load.js';
import type { LoadSpec, Scenario, ScenarioFile } from './types.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Node timers hold at most 2^31-1 ms; a longer one fires at once (found by fuzzing). */
export const MAX_TIMER_MS = 2 ** 31 - 1;
export const MAX_TIMER_TEXT = '24 days (the longest timer Node can set)';

/** Checks the rules a schema cannot say well, and fills in defaults. Pure. */
export function normaliseScenario(
  doc: ScenarioFile,
  file: string,
  data: { inputs: string[]; variables: Record<string, unknown>[] },
): { ok: true; value: Scenario } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const load = normaliseLoad(doc.load, file, problems);
  if (doc.timeout && (parseDuration(doc.timeout) ?? 0) > MAX_TIMER_MS) problems.push({ file, field: 'timeout', message: `is longer than ${MAX_TIMER_TEXT}`, fix: 'use a per-request timeout such as 30s' });
  const checks = normaliseChecks(doc.checks, file, problems);
  const mock = normaliseMockSection(doc.mock, file, 'mock', problems);
  if (problems.length || !load) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: doc.name,
      file,
      ...(doc.description ? { description: doc.description } : {}),
      target: doc.target ?? 'mock',
      agents: doc.agents,
      inputs: data.inputs,
      variables: data.variables,
      mix: { strategy: doc.mix?.strategy ?? 'cartesian', ...(doc.mix?.seed !== undefined ? { seed: doc.mix.seed } : {}) },
      load,
      timeoutMs: doc.timeout ? (parseDuration(doc.timeout) ?? DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
      profile: doc.profile ?? 'strict',
      checks,
      thresholds: doc.thresholds ?? [],
      mock,
      ...(doc.conversation?.turns !== undefined ? { conversation: { turns: doc.conversation.turns } } : {}),
      ...(doc.expect === 'errors' ? { expect: 'errors' as const } : {}),
    },
  };
}

function normaliseLoad(load: ScenarioFile['load'], file: string, problems: InputProblem[]): LoadSpec | undefined {
  const fail = (field: string, message: string, fix: string) => {
    problems.push({ file, field, message, fix });
    return undefined;
  };
  if (load.concurrency !== undefined && load.rate !== undefined) {
    return fail('load', 'sets both `concurrency` and `rate`', 'keep `rate`, arrivals per second, for the open model, or `concurrency`, virtual users, for the closed model; not both');
  }
  const model = load.model ?? (load.rate !== undefined || load.stages !== undefined ? 'open' : load.connections !== undefined ? 'max' : 'closed');
  const extra = normaliseLoadExtras(load, model, file, problems);
  if (!extra) return undefined;
  if (model === 'open' && load.rate === undefined && load.stages === undefined) return fail('load.rate', 'is required by the open model', 'add `rate: 20`, in requests per second');
  if (model === 'closed' && load.concurrency === undefined) return fail('load.concurrency', 'is required by the closed model', 'add `concurrency: 10`, the number of virtual users');
  if (load.duration === undefined && load.requests === undefined && load.stages === undefined) {
    return fail('load', 'says neither how long nor how many', 'add `duration: 30s` or `requests: 500`, or both: the run stops at whichever comes first');
  }
  const durationMs = load.duration === undefined ? undefined : parseDuration(load.duration);
  if (durationMs === 0) return fail('load.duration', 'is zero', 'use a duration above zero, e.g. 10s');
  if (durationMs !== undefined && durationMs > MAX_TIMER_MS) return fail('load.duration', `is longer than ${MAX_TIMER_TEXT}`, 'split a longer soak into several runs');
  const warmup = warmupProblem({ ...extra, ...(durationMs !== undefined ? { durationMs } : {}), ...(load.requests !== undefined ? { requests: load.requests } : {}) });
  if (warmup) return fail('load.warmup', warmup.message, warmup.fix);
  return {
    model,
    ...(load.concurrency !== undefined ? { concurrency: load.concurrency } : {}),
    ...(load.rate !== undefined ? { rate: load.rate } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(load.requests !== undefined ? { requests: load.requests } : {}),
    ...(load.maxInFlight !== undefined ? { maxInFlight: load.maxInFlight } : {}),
    ...extra,
  };
}
