import { compareReports } from '../verdict/baseline.js';
import { applyGate } from '../verdict/gate.js';
import { parseThresholds, type Threshold } from '../verdict/thresholds.js';
import { InputError } from '../errors.js';
import { checkComparable, type RunShape } from '../report/check-alike.js';
import { baselineDrawing } from '../report/baseline-run.js';
import { reportToJunit } from '../report/junit-report.js';
import type { RunReport } from '../run-report.js';
import { isHistoryBaseline } from '../history/baseline.js';
import { historyBaseline, type HistoryLookup } from './history-baseline.js';
import { readReport } from './read-report.js';

/** What a run, a merge or a compare is gated on: thresholds, and optionally a baseline report. */
export interface Gate {
  thresholds: Threshold[];
  baseline?: { file: string; report: RunReport };
}

export interface GateOptions {
  /** Expressions from the scenario file (its `thresholds:`), if any. */
  scenario?: { file: string; thresholds: readonly string[] };
  /** Expressions from the command line (`--threshold`, repeatable). */
  flags?: readonly string[];
  /** Expressions carried over from reports (merge re-evaluates them). */
  fromReports?: { file: string; thresholds: readonly string[] }[];
  baseline?: string;
  /** Where a `history:…` baseline is looked up (docs/history.md). */
  history?: HistoryLookup;
}

/** Parses every threshold and reads the baseline before any traffic, so bad input stops the run at once (exit 2). */
export async function prepareGate(options: GateOptions): Promise<Gate> {
  const expressions = [
    ...(options.scenario?.thresholds ?? []).map((expression, i) => ({ expression, file: options.scenario!.file, field: `thresholds[${i}]` })),
    ...(options.fromReports ?? []).flatMap((r) => r.thresholds.map((expression, i) => ({ expression, file: r.file, field: `thresholds[${i}].expression` }))),
    ...(options.flags ?? []).map((expression) => ({ expression, file: '(command line)', field: '--threshold' })),
  ];
  const seen = new Set<string>();
  const unique = expressions.filter((e) => !seen.has(e.expression.trim()) && seen.add(e.expression.trim()));
  const thresholds = parseThresholds(unique);
  if (options.baseline === undefined) return { thresholds };
  if (isHistoryBaseline(options.baseline)) {
    const baseline = await historyBaseline(options.baseline, options.history);
    return baseline ? { thresholds, baseline } : { thresholds };
  }
  return { thresholds, baseline: { file: options.baseline, report: await readReport(options.baseline, '--baseline') } };
}

/** The gated report and its junit.xml. */
export function gateReport(report: RunReport, gate: Gate): { report: RunReport; junit: string } {
  const warnings = gate.baseline ? checkComparable(gate.baseline.report, report).warnings : [];
  const compared = gate.baseline ? compareReports(gate.baseline.report, report, gate.baseline.file) : undefined;
  const allWarnings = [...warnings, ...(compared?.warnings ?? [])];
  const baseline = compared && gate.baseline ? { ...compared, ...(allWarnings.length ? { warnings: allWarnings } : {}), ...baselineDrawing(gate.baseline.report) } : null;
  const gated = applyGate(report, gate.thresholds, baseline);
  return { report: gated, junit: reportToJunit(gated) };
}

/**
 * A run about to start against its `--baseline`: runs that cannot be compared (another load model,
 * a conform report) stop it before anything is sent (exit 2). `run` has no --force: compare them afterwards.
 */
export function assertBaselineComparable(baseline: { file: string; report: RunReport }, run: RunShape): void {
  const refused = checkComparable(baseline.report, run).refused;
  if (!refused.length) return;
  const fix = `give a --baseline of a run of the same kind, here the ${run.load.model} model, or compare the two reports afterwards with \`chatload compare --force\``;
  throw new InputError(refused.map((r) => ({ file: baseline.file, field: `--baseline: ${r.field}`, message: r.message, fix })));
}
