import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { checkRate, descriptorNeed, fitDescriptors, type DescriptorLimit, type Setting } from '../load/limits.js';
import type { Plan } from '../load/plan.js';
import type { ScenarioOverrides } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/types.js';
import type { CommandIo } from './io.js';

const CLI = '(command line)';
/** The usual default soft limit: below it, an unknown limit is not worth a warning. */
const COMMON_SOFT_LIMIT = 1024;
/** What a process holds before its first connection when /proc cannot say (measured: 28 on Linux). */
const OPEN_GUESS = 32;

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'unlimited' || text === 'infinity') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Node has no getrlimit: Linux states the limits in /proc/self/limits. */
async function limitsFromProc(): Promise<{ soft: number; hard: number } | undefined> {
  const text = await readFile('/proc/self/limits', 'utf8').catch(() => undefined);
  const match = text?.match(/^Max open files\s+(\S+)\s+(\S+)/m);
  const soft = parseLimit(match?.[1]);
  const hard = parseLimit(match?.[2]);
  return soft === undefined || hard === undefined ? undefined : { soft, hard };
}

/** Elsewhere a shell asks for them; a child inherits the parent's limits. */
function limitsFromShell(): Promise<{ soft: number; hard: number } | undefined> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', 'ulimit -n; ulimit -Hn'], { timeout: 2000 }, (error, stdout) => {
      const [soft, hard] = error ? [] : stdout.trim().split(/\s+/).map(parseLimit);
      resolve(soft === undefined ? undefined : { soft, hard: hard ?? soft });
    });
  });
}

async function openDescriptors(): Promise<number | undefined> {
  for (const dir of ['/proc/self/fd', '/dev/fd']) {
    const entries = await readdir(dir).catch(() => undefined);
    if (entries) return entries.length;
  }
  return undefined;
}

/** The process's descriptor limit and what it holds already; undefined when neither /proc nor a shell can tell. */
export async function readDescriptorLimit(): Promise<DescriptorLimit | undefined> {
  const limits = (await limitsFromProc()) ?? (await limitsFromShell());
  if (!limits) return undefined;
  return { ...limits, open: (await openDescriptors()) ?? OPEN_GUESS };
}

/** The flag, or else the scenario field, that set what a problem is about. */
function connectionSetting(plan: Plan, scenario: Scenario, flags: ScenarioOverrides): Setting {
  if (plan.model === 'closed') return flags.concurrency !== undefined ? { file: CLI, field: '--concurrency' } : { file: scenario.file, field: 'load.concurrency' };
  if (plan.model === 'max') return flags.max !== undefined ? { file: CLI, field: '--max' } : { file: scenario.file, field: scenario.load.connections !== undefined ? 'load.connections' : 'load.concurrency' };
  return { file: scenario.file, field: 'load.maxInFlight' };
}

function rateSetting(scenario: Scenario, flags: ScenarioOverrides): Setting {
  return flags.rate !== undefined ? { file: CLI, field: '--rate' } : { file: scenario.file, field: scenario.load.stages?.length ? 'load.stages' : 'load.rate' };
}

/** What names the settings a problem is about, and how the process is laid out. */
export interface MachineFitOptions {
  workers: number;
  mockInProcess: boolean;
  /** Whether an open plan's in-flight cap is the default (rate × timeout), which may be lowered instead of refused. */
  inFlightIsDefault: boolean;
  rate: Setting;
  connections: Setting;
}

/** A rate no generator thread can schedule is refused (exit 2); one above what the threads can carry is warned about. */
export function checkRateOrThrow(plan: Plan, workers: number, setting: Setting, io: CommandIo): void {
  const rate = checkRate(plan, workers, setting);
  if (rate.problem) throw new InputError([rate.problem]);
  if (rate.note) io.err(`chatload: warning: ${rate.note}\n`);
}

/**
 * Refuses a plan this machine cannot carry before anything is sent (exit 2): a rate no generator
 * thread can schedule, more connections than the process may open files. A default in-flight cap
 * above the limit is lowered, and a rate above what the threads can carry is warned about.
 * `limit` is read from the process unless given (a sweep reads it once; tests).
 */
export async function fitToMachine(plan: Plan, options: MachineFitOptions, io: CommandIo, limit?: DescriptorLimit): Promise<Plan> {
  checkRateOrThrow(plan, options.workers, options.rate, io);
  const known = limit ?? (await readDescriptorLimit());
  if (!known) {
    const need = descriptorNeed(plan, { open: OPEN_GUESS }, options);
    if (need.needed > COMMON_SOFT_LIMIT) io.err(`chatload: warning: cannot read this process's file-descriptor limit (ulimit -n); the plan needs about ${need.needed.toLocaleString('en-US')}, and connections beyond the limit fail as generator errors\n`);
    return plan;
  }
  const fit = fitDescriptors(plan, known, { ...options, setting: options.connections });
  if ('problem' in fit) throw new InputError([fit.problem]);
  if (fit.note) io.err(`chatload: ${fit.note}\n`);
  return fit.plan;
}

/** `run`'s plan fitted to the machine, its problems named by the flag or the scenario field that set them. */
export function fitPlanToMachine(plan: Plan, scenario: Scenario, flags: ScenarioOverrides, workers: number, io: CommandIo, limit?: DescriptorLimit): Promise<Plan> {
  return fitToMachine(
    plan,
    { workers, mockInProcess: scenario.target === 'mock', inFlightIsDefault: scenario.load.maxInFlight === undefined, rate: rateSetting(scenario, flags), connections: connectionSetting(plan, scenario, flags) },
    io,
    limit,
  );
}
