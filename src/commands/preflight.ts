import { createInterface } from 'node:readline';
import { ChatloadError, ExitCode, InputError } from '../errors.js';
import type { ExchangeOutcome, Exchange } from '../exchange.js';
import { plannedRequests, type Plan } from '../load/plan.js';
import { containsSecret, redactSecrets, valuesContainSecret } from '../redact.js';
import type { RequestSource } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { formatDuration } from '../units.js';
import type { CommandIo } from './io.js';
import { API_KEY_ENV, isLoopbackUrl } from './target.js';

/** Every request to a paid API costs money: without a flag saying otherwise, a remote run stops here. */
export const DEFAULT_REMOTE_MAX_REQUESTS = 10_000;
export const DRY_RUN_BODIES = 3;

/** The run's safety flags (`--yes`, `--dry-run`, `--max-requests`, `--api-key-env`). */
export interface SafetyOptions {
  /** Run against a non-loopback target without asking. */
  yes?: boolean;
  /** Print the plan and the first bodies; send nothing. */
  dryRun?: boolean;
  /** Hard cap on requests sent; default DEFAULT_REMOTE_MAX_REQUESTS for non-loopback targets. */
  maxRequests?: number;
  /** The environment variable holding the API key; default SIGMAMIND_API_KEY. */
  apiKeyEnv?: string;
  /** Asks the user a yes/no question; undefined means nobody can answer (not a terminal). */
  confirm?: ((question: string) => Promise<boolean>) | undefined;
}

const CLI = '(command line)';

export function isRemoteTarget(target: string): boolean {
  return target !== 'mock' && !isLoopbackUrl(target);
}

/** Checks the safety flags themselves; bad values are input errors naming the flag. */
export function checkSafetyOptions(options: SafetyOptions): void {
  if (options.maxRequests !== undefined && (!Number.isInteger(options.maxRequests) || options.maxRequests <= 0)) {
    throw InputError.single(CLI, '--max-requests', `must be a whole number above 0, got ${options.maxRequests}`, 'e.g. --max-requests 20000');
  }
  if (options.apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.apiKeyEnv)) {
    throw InputError.single(CLI, '--api-key-env', `"${options.apiKeyEnv}" is not an environment variable name`, `give the variable's name, not its value, e.g. --api-key-env ${API_KEY_ENV}`);
  }
}

/** The key itself, in any form, found anywhere in the scenario file or its data files: refuse before anything is sent. */
export function assertKeyNotInScenario(scenario: Pick<Scenario, 'file'>, apiKey: string | undefined, envName = API_KEY_ENV): void {
  if (!apiKey || !valuesContainSecret(scenario, [apiKey])) return;
  throw InputError.single(scenario.file, '(contents)', `contains the value of $${envName}, the API key, written out literally`, `remove it from the scenario and its data files; chatload reads the key from $${envName} and never stores it`);
}

/** The key itself in a flag's value (a URL path, a folder name): refuse, naming the flag rather than the scenario. */
export function assertKeyNotInFlags(flags: Record<string, string | readonly string[] | undefined>, apiKey: string | undefined, envName = API_KEY_ENV): void {
  if (!apiKey) return;
  const found = Object.entries(flags).filter(([, value]) => value !== undefined && containsSecret(JSON.stringify(value), [apiKey]));
  if (found.length === 0) return;
  throw new InputError(found.map(([flag]) => ({ file: CLI, field: flag, message: `contains the value of $${envName}, the API key`, fix: `remove it from the command line; chatload reads the key from $${envName} and never prints or stores it` })));
}

/** The cap in force for a target: the flag, or the default for a non-loopback target. */
export function requestCap(target: string, maxRequests: number | undefined): number | undefined {
  return maxRequests ?? (isRemoteTarget(target) ? DEFAULT_REMOTE_MAX_REQUESTS : undefined);
}

/** Applies a hard cap to a plan: a known count above it is refused, an open-ended run stops at it. Pure. */
export function capPlan(plan: Plan, cap: number | undefined, target: string): Plan {
  if (cap === undefined) return plan;
  const planned = plannedRequests(plan);
  if (planned !== undefined && planned > cap) {
    throw InputError.single(
      CLI,
      '--max-requests',
      `the plan sends ${planned.toLocaleString('en-US')} requests to ${target}, above the cap of ${cap.toLocaleString('en-US')}`,
      `raise the cap explicitly with --max-requests ${planned}, or send fewer with --requests, --duration or --rate`,
    );
  }
  // Known and within the cap: nothing to change. Open-ended: the cap becomes a stop condition.
  return planned !== undefined ? plan : { ...plan, requests: cap };
}

/** The plan as a few lines a person can check before money is spent. Pure. */
export function describePlan(scenario: Scenario, plan: Plan, cap: number | undefined): string {
  const planned = plannedRequests(plan);
  const int = (n: number) => n.toLocaleString('en-US');
  const url = scenario.target === 'mock' ? 'embedded mock' : `${scenario.target.replace(/\/+$/, '')}/v1/chats`;
  const peak =
    plan.model === 'open'
      ? `${plan.rate} ${plan.turns > 1 ? 'conversations' : 'requests'}/s (open model, at most ${int(plan.maxInFlight)} in flight)`
      : plan.model === 'closed'
        ? `not fixed: ${plan.concurrency} virtual users, each waiting for its answer (closed model)`
        : `as fast as the target answers: ${plan.connections} connections (max mode)`;
  const duration = plan.durationMs !== undefined ? formatDuration(plan.durationMs) : plan.model === 'open' ? `about ${formatDuration(((planned ?? 0) * 1000) / plan.rate)}` : 'until the requests are sent';
  const capNote = cap === undefined ? '' : ` (cap ${int(cap)}; raise it with --max-requests)`;
  // A closed run with a duration stops at whichever comes first, so its count is only a bound.
  const bound = planned === undefined || (plan.model === 'closed' && plan.durationMs !== undefined);
  const requests = planned === undefined ? `as many as the duration allows${capNote}` : `${bound ? 'at most ' : ''}${int(planned)}${capNote}`;
  return [
    `  target     ${url}`,
    `  requests   ${requests}`,
    `  peak rate  ${peak}`,
    `  duration   ${duration}`,
    `  timeout    ${formatDuration(plan.timeoutMs)} per request`,
    ...(plan.warmup ? [`  warm-up    ${'requests' in plan.warmup ? `the first ${int(plan.warmup.requests)} requests` : `the first ${formatDuration(plan.warmup.durationMs)}`}, sent and checked, kept out of the figures`] : []),
  ].join('\n');
}

/**
 * The gate before a run: caps the plan, and for a non-loopback target prints it and asks
 * (on a terminal) or requires --yes (anywhere else). Returns the plan to run.
 */
export async function guardTarget(scenario: Scenario, plan: Plan, options: SafetyOptions, io: CommandIo): Promise<Plan> {
  checkSafetyOptions(options);
  const cap = requestCap(scenario.target, options.maxRequests);
  const capped = capPlan(plan, cap, scenario.target);
  if (!isRemoteTarget(scenario.target)) return capped;

  io.err(`chatload: this run sends real requests to a remote API:\n${describePlan(scenario, capped, cap)}\n`);
  if (options.yes) return capped;
  if (!options.confirm) {
    throw InputError.single(CLI, '--yes', `refusing to load ${scenario.target} without confirmation: there is no terminal to ask`, 'add --yes to confirm the plan above, or --dry-run to see it without sending anything');
  }
  if (!(await options.confirm('Send these requests? [y/N] '))) {
    throw new ChatloadError('cancelled at the confirmation prompt: nothing was sent', 'CANCELLED', ExitCode.badInput);
  }
  return capped;
}

/** How many distinct bodies the stream holds, in the terms of its mix strategy. */
function distinctBodies(scenario: Scenario, source: RequestSource): string {
  const n = source.combinations.toLocaleString('en-US');
  return scenario.mix.strategy === 'random' ? `drawn at random from ${n} combinations` : `of ${n} distinct; the stream repeats every ${n}`;
}

/** One body as the dry run shows it: a later turn of a conversation says so, and where its previousChatId comes from. */
function dryRunBody(source: RequestSource, seq: number): string {
  const turn = seq % source.turns;
  if (source.turns === 1) return JSON.stringify(source.at(seq));
  const body = turn === 0 ? source.at(seq) : { ...source.at(seq), previousChatId: `<chatId of #${seq - 1}>` };
  return `turn ${turn + 1}/${source.turns}  ${JSON.stringify(body)}`;
}

/** `run --dry-run`: the plan and the first bodies, nothing sent. Pure. */
export function renderDryRun(scenario: Scenario, plan: Plan, source: RequestSource, options: SafetyOptions, secrets: readonly string[] = []): string {
  const cap = requestCap(scenario.target, options.maxRequests);
  const capped = capPlan(plan, cap, scenario.target);
  const count = Math.min(DRY_RUN_BODIES, plannedRequests(capped) ?? DRY_RUN_BODIES);
  const bodies = Array.from({ length: count }, (_, seq) => `  #${seq}  ${dryRunBody(source, seq)}`);
  const confirmation = isRemoteTarget(scenario.target) ? '\na real run asks for confirmation on a terminal, or needs --yes elsewhere.' : '';
  const text = `chatload dry run of ${scenario.name} (${scenario.file}): nothing is sent.\n${describePlan(scenario, capped, cap)}\nfirst ${count} request bodies (${distinctBodies(scenario, source)}):\n${bodies.join('\n')}${confirmation}\n`;
  return redactSecrets(text, secrets);
}

/**
 * Wraps the engine's sink so an exception in checking or recording ends the run cleanly
 * (the engines call the sink from detached promises, where a throw would be lost or crash
 * the process without a report). The first error is handed to `onFatal`.
 */
export function guardSink(sink: (exchange: Exchange) => ExchangeOutcome, onFatal: (error: unknown) => void): (exchange: Exchange) => ExchangeOutcome {
  return (exchange) => {
    try {
      return sink(exchange);
    } catch (error) {
      onFatal(error);
      return { ok: false };
    }
  };
}

/** A yes/no question on the terminal; undefined when stdin or stderr is not one. */
export function terminalConfirm(): SafetyOptions['confirm'] {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    new Promise<boolean>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const finish = (answer: boolean) => {
        rl.close();
        resolve(answer);
      };
      rl.on('SIGINT', () => finish(false));
      rl.question(question, (answer) => finish(/^y(es)?$/i.test(answer.trim())));
    });
}
