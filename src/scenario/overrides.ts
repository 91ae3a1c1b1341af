import { InputError, type InputProblem } from '../errors.js';
import type { Profile } from '../contract/types.js';
import { parseDuration } from '../units.js';
import type { Scenario } from './types.js';
import { urlCarriesKey } from './literal-keys.js';
import { MAX_TIMER_MS, MAX_TIMER_TEXT } from './normalise.js';
import { parseWarmup, warmupProblem } from './normalise-load.js';

/** Command-line flags that override the scenario file. */
export interface ScenarioOverrides {
  target?: string;
  concurrency?: number;
  rate?: number;
  duration?: string;
  requests?: number;
  profile?: Profile;
  seed?: number;
  timeout?: string;
  /** Max model: autocannon connections. */
  max?: number;
  /** Worker threads. */
  workers?: number;
  /** A number of requests ("50") or a duration ("5s") kept apart at the start. */
  warmup?: string;
}

const CLI = '(command line)';

/** Applies flags over a loaded scenario. Pure; bad values are reported together, naming the flag. */
export function applyOverrides(scenario: Scenario, flags: ScenarioOverrides): Scenario {
  const problems: InputProblem[] = [];
  const bad = (flag: string, message: string, fix: string) => problems.push({ file: CLI, field: flag, message, fix });
  const positive = (flag: string, value: number | undefined, integer: boolean) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      bad(flag, `must be a ${integer ? 'whole number' : 'number'} above 0, got ${value}`, `e.g. ${flag} 10`);
    }
  };
  positive('--concurrency', flags.concurrency, true);
  positive('--rate', flags.rate, false);
  positive('--requests', flags.requests, true);
  if (flags.concurrency !== undefined && flags.rate !== undefined) bad('--rate', 'cannot be combined with --concurrency', 'use --rate for the open model or --concurrency for the closed model');
  positive('--max', flags.max, true);
  positive('--workers', flags.workers, true);
  if (flags.max !== undefined && (flags.rate !== undefined || flags.concurrency !== undefined)) bad('--max', `cannot be combined with ${flags.rate !== undefined ? '--rate' : '--concurrency'}`, 'choose one model: --rate for open, --concurrency for closed, or --max for autocannon');
  const durationMs = durationFlag('--duration', flags.duration, 'the run would end before it began', '30s', bad);
  const timeoutMs = durationFlag('--timeout', flags.timeout, 'every request would time out at once', '10s', bad);
  if (flags.target !== undefined && !/^(mock|https?:\/\/\S+)$/.test(flags.target)) bad('--target', `"${flags.target}" is neither "mock" nor an http(s) URL`, 'use --target mock or --target https://api.sigmamind.ai');
  // A credential in the URL would be printed and stored with the target: the key belongs in the environment.
  else if (flags.target !== undefined && urlCarriesKey(flags.target)) bad('--target', 'puts a credential in the URL', 'remove it and export SIGMAMIND_API_KEY=<your key> instead; it is sent as X-API-Key and never stored');
  if (durationMs !== undefined && durationMs > MAX_TIMER_MS) bad('--duration', `is longer than ${MAX_TIMER_TEXT}`, 'split a longer soak into several runs');
  if (timeoutMs !== undefined && timeoutMs > MAX_TIMER_MS) bad('--timeout', `is longer than ${MAX_TIMER_TEXT}`, 'use a per-request timeout such as 30s');
  if (flags.seed !== undefined && (!Number.isInteger(flags.seed) || flags.seed < 0)) bad('--seed', `must be a whole number ≥ 0, got ${flags.seed}`, 'e.g. --seed 7');
  const warmup = flags.warmup === undefined ? undefined : parseWarmup(flags.warmup);
  if (flags.warmup !== undefined && !warmup) bad('--warmup', `"${flags.warmup}" is neither a number of requests above 0 nor a duration above zero`, 'e.g. --warmup 50 for 50 requests, or --warmup 5s');
  if (problems.length) throw new InputError(problems);

  const load = { ...scenario.load };
  if (flags.rate !== undefined) {
    load.model = 'open';
    load.rate = flags.rate;
    delete load.concurrency;
  }
  if (flags.concurrency !== undefined) {
    load.model = 'closed';
    load.concurrency = flags.concurrency;
    delete load.rate;
  }
  applyModelFlags(load, flags);
  // A flag that says how long replaces the file's stop condition rather than adding to it.
  if (durationMs !== undefined || flags.requests !== undefined) {
    delete load.durationMs;
    delete load.requests;
    if (durationMs !== undefined) load.durationMs = durationMs;
    if (flags.requests !== undefined) load.requests = flags.requests;
  }
  if (warmup) load.warmup = warmup;
  // The flags may have shortened the run below the file's warm-up, or the flag's warm-up be too long.
  const tooLong = warmupProblem(load);
  if (tooLong) throw InputError.single(flags.warmup !== undefined ? CLI : scenario.file, flags.warmup !== undefined ? '--warmup' : 'load.warmup', tooLong.message, tooLong.fix);
  return {
    ...scenario,
    load,
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    mix: flags.seed !== undefined ? { ...scenario.mix, seed: flags.seed } : scenario.mix,
  };
}

/** A duration flag in milliseconds; undefined when absent or bad (then a problem says which: not a duration, or zero). */
function durationFlag(flag: string, text: string | undefined, whyNotZero: string, example: string, bad: (flag: string, message: string, fix: string) => void): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) bad(flag, `"${text}" is not a duration`, `write it with a unit, e.g. ${flag} ${example}`);
  else if (ms === 0) bad(flag, `"${text}" is a duration of zero: ${whyNotZero}`, `give a duration above zero, e.g. ${flag} ${example}`);
  return ms ? ms : undefined;
}

/** --rate, --concurrency and --max switch the model: drop the file's settings that belong to another model. */
function applyModelFlags(load: Scenario['load'], flags: ScenarioOverrides): void {
  if (flags.rate === undefined && flags.concurrency === undefined && flags.max === undefined) {
    if (flags.workers !== undefined) load.workers = flags.workers;
    return;
  }
  // A flat --rate over a file's stages keeps the stages' length when nothing else says how long.
  if (load.stages && load.durationMs === undefined && load.requests === undefined) load.durationMs = load.stages.reduce((sum, s) => sum + s.durationMs, 0);
  delete load.stages;
  if (flags.rate === undefined) delete load.arrival;
  if (flags.max === undefined) {
    delete load.connections;
    delete load.pipelining;
  } else {
    load.model = 'max';
    load.connections = flags.max;
    delete load.rate;
    delete load.concurrency;
    delete load.arrival;
    delete load.thinkTimeMs;
  }
  if (flags.workers !== undefined) load.workers = flags.workers;
}
