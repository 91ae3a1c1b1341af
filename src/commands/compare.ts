import { ExitCode, InputError } from '../errors.js';
import { checkSelectors, reportGroups } from '../verdict/selectors.js';
import { renderBaselineLines } from '../report/baseline-summary.js';
import { checkComparable } from '../report/check-alike.js';
import { renderHtml } from '../report/html.js';
import { renderForcedLines } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { readReports, refuseOrForce } from './read-report.js';

export interface CompareOptions {
  baseline: string;
  current: string;
  /** When set, the current report with the comparison attached is written here (json, html, junit). */
  out?: string;
  /** Compare inconsistent or unlike reports anyway; the output records what was forced. */
  force?: boolean;
}

/** `chatload compare OLD NEW`: exits 1 when a metric of NEW regressed against OLD, 0 otherwise. */
export async function compareCommand(options: CompareOptions, io: CommandIo): Promise<number> {
  checkOutOption(options.out);
  const [old, current] = await readReports([
    { file: options.baseline, label: 'BASELINE' },
    { file: options.current, label: 'CURRENT' },
  ]);
  const before = old!.report;
  const after = current!.report;
  // Unlike runs are refused where comparing means nothing, and warned about (in the comparison) where it still does.
  const unlike = checkComparable(before, after).refused.map((u) => ({ file: options.current, field: `CURRENT: ${u.field}`, message: u.message, fix: 'compare a run with a run of the same kind: one load model, conform with conform', forceable: true }));
  const forced = refuseOrForce([...old!.overridable, ...current!.overridable, ...unlike], options.force, 'compare');
  const gate = await prepareGate({ fromReports: [{ file: options.current, thresholds: after.thresholds.map((t) => t.expression) }] });
  const unknownGroups = checkSelectors(gate.thresholds, reportGroups(after.breakdown), 'CURRENT');
  if (unknownGroups.length) throw new InputError(unknownGroups);
  const { report, junit } = gateReport(forced.length ? { ...after, forced: [...(after.forced ?? []), ...forced] } : after, { ...gate, baseline: { file: options.baseline, report: before } });
  const baseline = report.baseline!;
  const lines = [`chatload compare · ${after.scenario.name} (${after.startedAt}) against ${before.scenario.name} (${before.startedAt})`];
  lines.push(...renderForcedLines(forced));
  lines.push('', ...renderBaselineLines(baseline), '');
  const failed = baseline.metrics.filter((m) => m.verdict === 'fail').map((m) => m.metric);
  lines.push(`  verdict    ${failed.length ? `FAIL: ${failed.join(', ')} regressed` : 'PASS: no regression beyond tolerance and noise'}`);
  // compare gates on the comparison alone; the run's own failures stay visible (and in the written report).
  const own = report.verdictReasons.filter((r) => !r.includes('against the baseline'));
  if (own.length) lines.push(`  the run    its own verdict fails as well: ${own.join('; ')} (not part of this comparison's exit code; \`run --baseline\` gates on both)`);
  if (options.out !== undefined) {
    const files = await writeOutputs(options.out, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report), 'junit.xml': junit }, []);
    lines.push(`  report     ${files.join('  ')}`);
  }
  io.out(`${lines.join('\n')}\n`);
  return failed.length ? ExitCode.verdictFailed : ExitCode.pass;
}
