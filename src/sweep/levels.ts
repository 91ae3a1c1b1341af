import type { WindowState } from '../record/state.js';
import { formatDuration } from '../units.js';
import type { Spacing, SweepEnding, SweepLevel } from './types.js';

/**
 * The pure part of a sweep: which rates to offer, when to stop, where the capacity lies and
 * where the knee is. The command (commands/sweep.ts) runs the levels; this decides.
 */

/** A level whose achieved throughput is below this share of the offered rate is saturated. */
export const SATURATION_RATIO = 0.9;
/** Bisection stops here however wide the bracket still is (each probe is a whole level). */
export const MAX_REFINE_LEVELS = 10;

/** A rate rounded for display and for the plan: two decimals. */
export const roundRate = (rate: number) => Math.round(rate * 100) / 100;

/** The lowest level when none is given: a tenth of the ceiling (geometric), or one step of it (linear). */
export function defaultMinRate(ceiling: number, steps: number, spacing: Spacing): number {
  return spacing === 'geometric' ? ceiling / 10 : ceiling / steps;
}

/**
 * The planned levels, from `minRate` up to the ceiling: geometric spacing (each level a fixed
 * factor above the one before: dense where the rates are low, where most targets live) or linear.
 */
export function stepRates(ceiling: number, steps: number, spacing: Spacing, minRate = defaultMinRate(ceiling, steps, spacing)): number[] {
  if (steps <= 1 || minRate >= ceiling) return [roundRate(ceiling)];
  return Array.from({ length: steps }, (_, i) => {
    const f = i / (steps - 1);
    return roundRate(spacing === 'geometric' ? minRate * (ceiling / minRate) ** f : minRate + (ceiling - minRate) * f);
  });
}

/** What the decisions read of a level. */
export type LevelOutcome = Pick<SweepLevel, 'offered' | 'achieved' | 'pass' | 'saturated' | 'complete' | 'phase'> & { p99: number | null };

/**
 * Achieved below 90 % of offered, by more than one request over the `seconds` counted: a slow
 * level's count moves by one request with where the window edges fall, which is not saturation.
 */
export function isSaturated(offered: number, achieved: number, seconds = Number.POSITIVE_INFINITY): boolean {
  return achieved < offered * SATURATION_RATIO && (offered - achieved) * seconds > 1 + 1e-9;
}

/**
 * Whether the planned levels stop early, after the last one ran: it saturated (the target no
 * longer keeps up: higher rates only queue), or it and the one before both broke an SLO.
 */
export function stepsStop(levels: readonly LevelOutcome[]): 'saturated' | 'two-failed' | undefined {
  const steps = levels.filter((l) => l.phase === 'step' && l.complete);
  const last = steps.at(-1);
  if (!last) return undefined;
  if (last.saturated) return 'saturated';
  const before = steps.at(-2);
  return before && !before.pass && !last.pass ? 'two-failed' : undefined;
}

/**
 * The capacity and its bracket from the complete levels: `low` is the highest offered rate that
 * met every SLO, `high` the lowest rate above it that did not. Without a passing level, `high`
 * is the lowest failing rate.
 */
export function capacityBracket(levels: readonly LevelOutcome[]): { capacity: number | null; bracket: { low: number | null; high: number | null } } {
  const done = levels.filter((l) => l.complete);
  const passing = done.filter((l) => l.pass).map((l) => l.offered);
  const low = passing.length ? Math.max(...passing) : null;
  const failing = done.filter((l) => !l.pass && (low === null || l.offered > low)).map((l) => l.offered);
  const high = failing.length ? Math.min(...failing) : null;
  return { capacity: low, bracket: { low, high } };
}

/** True when the bracket is narrower than `resolution` (a fraction of its low end). */
export function narrowEnough(low: number, high: number, resolution: number): boolean {
  return (high - low) / low < resolution;
}

/** The next rate to try between the bracket's ends (bisection), or undefined when it is narrow enough or has no two ends. */
export function nextRefineRate(levels: readonly LevelOutcome[], resolution: number): number | undefined {
  const { bracket } = capacityBracket(levels);
  if (bracket.low === null || bracket.high === null) return undefined;
  if (narrowEnough(bracket.low, bracket.high, resolution)) return undefined;
  if (levels.filter((l) => l.phase === 'refine').length >= MAX_REFINE_LEVELS) return undefined;
  const mid = roundRate((bracket.low + bracket.high) / 2);
  return mid > bracket.low && mid < bracket.high ? mid : undefined;
}

/** Bisection levels needed at most to narrow a bracket of relative width `width` below `resolution`. */
export function refineLevelsFor(width: number, resolution: number): number {
  if (!(width >= resolution)) return 0;
  return Math.min(MAX_REFINE_LEVELS, Math.ceil(Math.log2(width / resolution)) + 1);
}

/** A p99 rise of at least this share between two levels can mark the knee (smaller rises are noise). */
const KNEE_MIN_RISE = 0.1;

/**
 * The knee: the last level before p99 climbs faster than the rate — between it and the next
 * level (by offered rate), p99 grows by a larger factor than the rate does (and by 10 % at least).
 */
export function findKnee(levels: readonly LevelOutcome[]): { offered: number; achieved: number; p99: number } | null {
  const sorted = levels.filter((l) => l.complete && l.p99 !== null && l.p99 > 0).sort((a, b) => a.offered - b.offered);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    const p99Rise = b.p99! / a.p99!;
    if (b.offered > a.offered && p99Rise > 1 + KNEE_MIN_RISE && p99Rise > b.offered / a.offered) return { offered: a.offered, achieved: a.achieved, p99: a.p99! };
  }
  return null;
}

/**
 * Achieved throughput of one level: the exchanges (not the warm-up's) that ended within the
 * whole timeline windows between `fromMs` and `toMs` after the level's start, per second. The
 * wait for requests still in flight after the schedule is left out, so an overloaded target
 * shows its own rate (a plateau), not the offered one. Undefined when no whole window fits.
 */
export function achievedRate(timeline: readonly WindowState[], windowMs: number, fromMs: number, toMs: number): number | undefined {
  const first = Math.ceil(fromMs / windowMs - 1e-9);
  const end = Math.floor(toMs / windowMs + 1e-9);
  if (end <= first) return undefined;
  let requests = 0;
  for (const w of timeline) if (w.index >= first && w.index < end) requests += w.requests;
  return roundRate((requests * 1000) / ((end - first) * windowMs));
}

const rate = (r: number) => `${roundRate(r)}/s`;

/** Why the sweep ended, and one sentence saying what it found. Pure. */
export function concludeSweep(input: {
  levels: readonly LevelOutcome[];
  slos: readonly string[];
  ceiling: number;
  resolution: number;
  /** Set when something other than the plan ended the sweep. */
  cut?: 'interrupted' | 'max-requests' | 'error';
}): { ended: SweepEnding; conclusion: string } {
  const { capacity, bracket } = capacityBracket(input.levels);
  const slos = input.slos.join(', ');
  const done = input.levels.filter((l) => l.complete);
  const found =
    bracket.low !== null && bracket.high !== null
      ? `capacity ${rate(bracket.low)} under ${slos}: the highest offered rate that met every SLO; ${rate(bracket.high)} did not (bracket ${rate(bracket.low)} … ${rate(bracket.high)}, ${+((bracket.high - bracket.low) / bracket.low * 100).toFixed(1)} % wide)`
      : bracket.low !== null
        ? `every level met ${slos} up to ${rate(bracket.low)}`
        : done.length
          ? `no level met every SLO (${slos}), down to ${rate(Math.min(...done.map((l) => l.offered)))}`
          : 'no level finished';
  if (input.cut === 'interrupted') return { ended: 'interrupted', conclusion: `interrupted after ${done.length} complete level${done.length === 1 ? '' : 's'}: ${found}` };
  if (input.cut === 'max-requests') return { ended: 'max-requests', conclusion: `the request cap ran out after ${done.length} complete level${done.length === 1 ? '' : 's'} (raise --max-requests to go on): ${found}` };
  if (input.cut === 'error') return { ended: 'error', conclusion: `stopped by an error after ${done.length} complete level${done.length === 1 ? '' : 's'}: ${found}` };
  if (capacity === null) return { ended: 'none-met', conclusion: `${found}: the capacity under these SLOs is below that; give a lower --min-rate to look further down` };
  if (bracket.high === null) return { ended: 'ceiling', conclusion: `${found}, the ceiling of ${rate(input.ceiling)}: the capacity is at least that; give a higher --ceiling to look further` };
  return { ended: 'bracketed', conclusion: found };
}

/** "8 geometric levels from 16/s to 160/s, 5s warm-up + 30s each". Pure. */
export function describeLevels(rates: readonly number[], spacing: Spacing, warmupMs: number, levelMs: number): string {
  const each = warmupMs ? `${formatDuration(warmupMs)} warm-up + ${formatDuration(levelMs)} each` : `${formatDuration(levelMs)} each`;
  if (rates.length === 1) return `1 level at ${rate(rates[0]!)}, ${each}`;
  return `${rates.length} ${spacing} levels from ${rate(rates[0]!)} to ${rate(rates.at(-1)!)}, ${each}`;
}
