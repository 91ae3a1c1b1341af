import { InputError, type InputProblem } from '../errors.js';
import { parseThresholds, type Threshold } from '../verdict/thresholds.js';
import { parseDuration } from '../units.js';
import type { Spacing } from './types.js';

export const DEFAULT_STEPS = 8;
export const DEFAULT_LEVEL_MS = 30_000;
export const DEFAULT_SWEEP_WARMUP_MS = 5_000;
export const DEFAULT_RESOLUTION = 0.05;
/** Virtual users of the closed-model run that measures the ceiling, when the scenario does not say. */
export const DEFAULT_CEILING_CONCURRENCY = 64;
/** The ceiling run's measured part: at most this long (after its warm-up). */
export const CEILING_RUN_MAX_MS = 10_000;
const MAX_STEPS = 50;

/** The sweep's flags as given on the command line (strings where the user writes units). */
export interface SweepFlags {
  slos?: readonly string[];
  ceiling?: number;
  concurrency?: number;
  steps?: number;
  spacing?: string;
  minRate?: number;
  levelDuration?: string;
  warmup?: string;
  resolution?: string | number;
}

/** The sweep's settings, checked. */
export interface SweepSettings {
  slos: Threshold[];
  ceiling?: number;
  concurrency?: number;
  steps: number;
  spacing: Spacing;
  minRate?: number;
  levelMs: number;
  warmupMs: number;
  resolution: number;
}

const CLI = '(command line)';

/** "5%", "0.05" or 0.05 → 0.05; undefined when it is not a share. */
export function parseShare(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) return Number(percent[1]) / 100;
  return /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}

/** Checks every sweep flag; all problems at once, each naming the flag and the fix (exit 2). Pure. */
export function parseSweepFlags(flags: SweepFlags): SweepSettings {
  const problems: InputProblem[] = [];
  const bad = (field: string, message: string, fix: string) => problems.push({ file: CLI, field, message, fix });
  const sloTexts = flags.slos ?? [];
  if (sloTexts.length === 0) bad('--slo', 'is missing: a sweep looks for the highest rate that meets its SLOs, and needs at least one', "e.g. --slo 'p99<2s' --slo 'errorRate<1%' (the threshold grammar of docs/ci.md)");
  let slos: Threshold[] = [];
  try {
    slos = parseThresholds(sloTexts.map((expression) => ({ expression, file: CLI, field: '--slo' })));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  for (const slo of slos) {
    if (slo.metric.kind === 'capacity') bad('--slo', `"${slo.expression}" bounds the capacity, which is what the sweep finds, not a level's SLO`, `gate on it with --threshold '${slo.expression}', and give the levels' SLOs with --slo, e.g. --slo 'p99<2s'`);
  }
  const whole = (field: string, value: number | undefined, min: number, max: number, example: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) bad(field, `must be a whole number from ${min} to ${max}, got ${value}`, `e.g. ${field} ${example}`);
  };
  whole('--steps', flags.steps, 1, MAX_STEPS, String(DEFAULT_STEPS));
  whole('--concurrency', flags.concurrency, 1, 100_000, String(DEFAULT_CEILING_CONCURRENCY));
  const positive = (field: string, value: number | undefined, example: string) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) bad(field, `must be a rate above 0 (requests per second), got ${value}`, `e.g. ${field} ${example}`);
  };
  positive('--ceiling', flags.ceiling, '200');
  positive('--min-rate', flags.minRate, '5');
  if (flags.ceiling !== undefined && flags.minRate !== undefined && flags.minRate >= flags.ceiling) bad('--min-rate', `(${flags.minRate}/s) is not below --ceiling (${flags.ceiling}/s): the levels rise from one to the other`, 'give a --min-rate below the ceiling, or leave it out (a tenth of the ceiling)');
  if (flags.spacing !== undefined && flags.spacing !== 'geometric' && flags.spacing !== 'linear') bad('--spacing', `must be geometric or linear, got "${flags.spacing}"`, 'e.g. --spacing linear');
  const resolution = flags.resolution === undefined ? DEFAULT_RESOLUTION : parseShare(flags.resolution);
  if (resolution === undefined || !(resolution > 0 && resolution < 1)) {
    bad('--resolution', `must be a share above 0 % and below 100 %, got ${JSON.stringify(flags.resolution)}`, 'the bisection stops once the capacity bracket is narrower than this share of its low end, e.g. --resolution 5%');
  }
  const levelMs = flags.levelDuration === undefined ? DEFAULT_LEVEL_MS : parseDuration(flags.levelDuration);
  if (levelMs === undefined || levelMs < 1000) bad('--level-duration', `must be a duration of 1s or more, got "${flags.levelDuration}"`, "each level's throughput is counted over its whole seconds, e.g. --level-duration 30s");
  const warmupMs = flags.warmup === undefined ? DEFAULT_SWEEP_WARMUP_MS : /^\s*0\s*$/.test(flags.warmup) ? 0 : parseDuration(flags.warmup);
  if (warmupMs === undefined) bad('--warmup', `must be a duration (0s for none), got "${flags.warmup}"`, "each level's first seconds are kept out of its figures, e.g. --warmup 5s");
  if (problems.length) throw new InputError(problems);
  return {
    slos,
    ...(flags.ceiling !== undefined ? { ceiling: flags.ceiling } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    steps: flags.steps ?? DEFAULT_STEPS,
    spacing: (flags.spacing as Spacing | undefined) ?? 'geometric',
    ...(flags.minRate !== undefined ? { minRate: flags.minRate } : {}),
    levelMs: levelMs!,
    warmupMs: warmupMs!,
    resolution: resolution!,
  };
}
