import type { BaselineReport, RunReport } from '../run-report.js';
import { evaluateThresholds, type Threshold } from './thresholds.js';
import { decideVerdict } from './verdict.js';

/** Thresholds evaluated on the report, the baseline comparison attached, the verdict decided again. Pure. */
export function applyGate(report: RunReport, thresholds: readonly Threshold[], baseline: BaselineReport | null): RunReport {
  const results = evaluateThresholds(thresholds, report);
  const verdict = decideVerdict(report, results, baseline);
  return { ...report, thresholds: results, baseline, verdict: verdict.verdict, verdictReasons: verdict.reasons };
}
