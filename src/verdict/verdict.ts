import type { BaselineReport, RunReport, ThresholdResult } from '../run-report.js';
import { wholeRunFailure } from './outcome.js';

/** Rule violations: one per rule broken by one exchange (an exchange can break several). */
export function ruleViolationsOf(byRule: Partial<Record<string, number>>): number {
  return Object.values(byRule).reduce((sum: number, n) => sum + (n ?? 0), 0);
}

export interface Verdict {
  verdict: 'pass' | 'fail';
  reasons: string[];
}

/** The run passes when every exchange met the contract, every threshold held and nothing regressed against the baseline. Pure. */
export function decideVerdict(report: Pick<RunReport, 'conformance' | 'totals' | 'partial' | 'stoppedBy' | 'status' | 'transportErrors' | 'scenario' | 'warmup'> & { sweep?: Pick<NonNullable<RunReport['sweep']>, 'ended' | 'conclusion'> }, thresholds: ThresholdResult[], baseline: BaselineReport | null = null): Verdict {
  const reasons: string[] = [];
  const whole = wholeRunFailure(report);
  if (whole) reasons.push(whole);
  const { violating, checked, byRule } = report.conformance;
  if (violating > 0) {
    const rules = Object.entries(byRule).map(([rule, n]) => `${rule} ${n}`).join(', ');
    const hits = ruleViolationsOf(byRule);
    reasons.push(`${violating} of ${checked} exchanges broke the contract: ${hits} rule violation${hits === 1 ? '' : 's'} (${rules})`);
  }
  // The contract holds from the first request: the warm-up is kept out of the figures and thresholds, not out of the checks.
  const warm = report.warmup?.conformance;
  if (warm && warm.violating > 0) {
    const hits = ruleViolationsOf(warm.byRule);
    const rules = Object.entries(warm.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ');
    reasons.push(`${warm.violating} of ${warm.checked} warm-up exchanges broke the contract: ${hits} rule violation${hits === 1 ? '' : 's'} (${rules})`);
  }
  // A sweep whose every level broke an SLO found no capacity: the target cannot meet them at any rate tried.
  if (report.sweep?.ended === 'none-met') reasons.push(report.sweep.conclusion);
  for (const t of thresholds) if (!t.ok) reasons.push(`threshold ${t.expression} failed${t.message ? ` (${t.message})` : t.actual === null ? '' : ` (actual ${t.actual})`}`);
  for (const m of baseline?.metrics ?? []) if (m.verdict === 'fail') reasons.push(`${m.metric} regressed against the baseline: ${m.note ?? `${m.old} → ${m.new}`}`);
  const generatorErrors = report.totals.generatorErrors ?? 0;
  if (generatorErrors > 0) {
    reasons.push(`the load generator was the bottleneck: ${generatorErrors} of ${report.totals.requests} requests failed on this machine before reaching the target (out of file descriptors or local ports; raise ulimit -n or lower the load)`);
  }
  if (report.totals.requests === 0) reasons.push(report.warmup?.totals.requests ? 'every request fell in the warm-up: nothing was measured' : 'no request was sent');
  if (report.stoppedBy !== undefined) reasons.push(`the run stopped early after an error: ${report.stoppedBy}`);
  else if (report.partial) reasons.push('the run was interrupted: the figures are partial');
  return { verdict: reasons.length ? 'fail' : 'pass', reasons };
}
