import { ExitCode } from '../errors.js';
import { renderBaselineLines } from '../report/baseline-summary.js';
import { renderHtml } from '../report/html.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { readReport } from './read-report.js';

export interface CompareOptions {
  baseline: string;
  current: string;
  /** When set, the current report with the comparison attached is written here (json, html, junit). */
  out?: string;
}

/** `chatload compare OLD NEW`: exits 1 when a metric of NEW regressed against OLD, 0 otherwise. */
export async function compareCommand(options: CompareOptions, io: CommandIo): Promise<number> {
  checkOutOption(options.out);
  const before = await readReport(options.baseline, 'BASELINE');
  const after = await readReport(options.current, 'CURRENT');
  const gate = await prepareGate({ fromReports: [{ file: options.current, thresholds: after.thresholds.map((t) => t.expression) }] });
  const { report, junit } = gateReport(after, { ...gate, baseline: { file: options.baseline, report: before } });
  const baseline = report.baseline!;
  const lines = [`chatload compare · ${after.scenario.name} (${after.startedAt}) against ${before.scenario.name} (${before.startedAt})`];
  // Comparing unlike runs is allowed (a renamed scenario), but never silently.
  if (after.scenario.name !== before.scenario.name) lines.push(`  warning    the runs come from different scenarios (${before.scenario.name} → ${after.scenario.name})`);
  if (after.conformance.profile !== before.conformance.profile) lines.push(`  warning    the runs were checked with different profiles (${before.conformance.profile} → ${after.conformance.profile}): violation rates are not comparable`);
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
