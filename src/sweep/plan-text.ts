import { formatDuration } from '../units.js';
import { CEILING_RUN_MAX_MS, type SweepSettings } from './settings.js';
import { describeLevels, refineLevelsFor, stepRates } from './levels.js';

const int = (n: number) => n.toLocaleString('en-US');

/** The ceiling run's measured part: the level duration, at most 10 s. */
export function ceilingRunMs(settings: Pick<SweepSettings, 'levelMs'>): number {
  return Math.min(settings.levelMs, CEILING_RUN_MAX_MS);
}

/**
 * The most requests the levels can send once the ceiling is known: every planned level at its
 * rate for its warm-up and duration, and the bisection levels (each at most at the ceiling). Pure.
 */
export function levelsBudget(settings: SweepSettings, ceiling: number): { steps: number; refine: number; total: number; rates: number[] } {
  const rates = stepRates(ceiling, settings.steps, settings.spacing, settings.minRate);
  const seconds = (settings.warmupMs + settings.levelMs) / 1000;
  const steps = rates.reduce((n, r) => n + Math.ceil(r * seconds), 0);
  const widest = rates.slice(1).reduce((w, r, i) => Math.max(w, (r - rates[i]!) / rates[i]!), 0);
  const refine = refineLevelsFor(widest, settings.resolution) * Math.ceil(ceiling * seconds);
  return { steps, refine, total: steps + refine, rates };
}

/** The sweep's plan as lines a person can check before anything is sent (`--dry-run`, the confirmation). Pure. */
export function describeSweepPlan(input: { target: string; settings: SweepSettings; concurrency: number; timeoutMs: number; cap: number | undefined }): string {
  const { settings, cap } = input;
  const url = input.target === 'mock' ? 'embedded mock' : `${input.target.replace(/\/+$/, '')}/v1/chats`;
  const capNote = cap === undefined ? '' : ` (cap ${int(cap)} across every level; raise it with --max-requests)`;
  const seconds = (settings.warmupMs + settings.levelMs) / 1000;
  const lines = [`  target     ${url}`, `  SLOs       ${settings.slos.map((s) => s.expression).join(', ')}`];
  if (settings.ceiling !== undefined) {
    const budget = levelsBudget(settings, settings.ceiling);
    lines.push(`  ceiling    ${settings.ceiling}/s (given)`);
    lines.push(`  levels     ${describeLevels(budget.rates, settings.spacing, settings.warmupMs, settings.levelMs)}; then bisection to ${+(settings.resolution * 100).toFixed(2)} %`);
    lines.push(`  requests   at most ${int(budget.total)}: ${int(budget.steps)} in the levels, up to ${int(budget.refine)} in the bisection${capNote}`);
    const levels = budget.rates.length + (budget.refine ? budget.refine / Math.ceil(settings.ceiling * seconds) : 0);
    lines.push(`  duration   at most about ${formatDuration(levels * seconds * 1000)} (each level also waits for its requests in flight)`);
  } else {
    const ceilingMs = ceilingRunMs(settings);
    // Relative to the ceiling (a tenth of it up to it, by default), as the ceiling is not known yet.
    const rates = stepRates(100, settings.steps, settings.spacing);
    const perCeiling = rates.reduce((n, r) => n + r * seconds, 0) / 100;
    lines.push(`  ceiling    measured first: a closed-model run of ${input.concurrency} virtual users, ${settings.warmupMs ? `${formatDuration(settings.warmupMs)} warm-up + ` : ''}${formatDuration(ceilingMs)} (or give --ceiling N)`);
    lines.push(`  levels     ${settings.steps} ${settings.spacing} levels up to the ceiling${settings.minRate !== undefined ? ` from ${settings.minRate}/s` : ''}, ${settings.warmupMs ? `${formatDuration(settings.warmupMs)} warm-up + ` : ''}${formatDuration(settings.levelMs)} each; then bisection to ${+(settings.resolution * 100).toFixed(2)} %`);
    lines.push(`  requests   ${cap === undefined ? 'not known before the ceiling is' : `at most ${int(cap)}`}${capNote}: the levels send about ${+perCeiling.toFixed(1)} × the ceiling rate (e.g. ${int(Math.round(perCeiling * 100))} at 100/s), plus the ceiling run and the bisection`);
  }
  lines.push(`  timeout    ${formatDuration(input.timeoutMs)} per request`);
  return lines.join('\n');
}
