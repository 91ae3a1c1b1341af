import { ExitCode, InputError } from '../errors.js';
import { isHistoryBaseline } from '../history/baseline.js';
import { seriesOf } from '../history/record.js';
import type { RunReport } from '../run-report.js';
import { checkSelectors, reportGroups } from '../verdict/selectors.js';
import { renderBaselineLines } from '../report/baseline-summary.js';
import { checkComparable } from '../report/check-alike.js';
import { renderHtml } from '../report/html.js';
import { renderForcedLines } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import { historyBaseline } from './history-baseline.js';
import { historyFile } from './history-record.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import type { ReportProblem } from '../report/check-invariants.js';
import { readReports, refuseOrForce } from './read-report.js';

export interface CompareOptions {
  baseline: string;
  current: string;
  /** When set, the current report with the comparison attached is written here (json, html, junit). */
  out?: string;
  /** Compare inconsistent or unlike reports anyway; the output records what was forced. */
  force?: boolean;
  /** The history a `history:…` baseline is read from; default $CHATLOAD_HISTORY. */
  history?: string;
  env?: NodeJS.ProcessEnv;
}

interface BaselineRead {
  /** What the comparison names it by: the file, or the history runs it sums. */
  file: string;
  report: RunReport;
  overridable: ReportProblem[];
}

/** A `history:…` baseline of the current report's series: its scenario, target, kind and shard. */
async function baselineFromHistory(options: CompareOptions, current: RunReport, io: CommandIo): Promise<BaselineRead | undefined> {
  const where = historyFile(options, options.env ?? process.env);
  const found = await historyBaseline(options.baseline, { where, series: seriesOf(current), argument: 'BASELINE', warn: (text) => io.err(`chatload: warning: ${text}\n`) });
  return found && { ...found, overridable: [] };
}

/** `chatload compare OLD NEW`: exits 1 when a metric of NEW regressed against OLD, 0 otherwise. */
export async function compareCommand(options: CompareOptions, io: CommandIo): Promise<number> {
  checkOutOption(options.out);
  const fromHistory = isHistoryBaseline(options.baseline);
  const read = await readReports([...(fromHistory ? [] : [{ file: options.baseline, label: 'BASELINE' }]), { file: options.current, label: 'CURRENT' }]);
  const current = read.at(-1)!;
  const after = current.report;
  const old: BaselineRead | undefined = fromHistory ? await baselineFromHistory(options, after, io) : { ...read[0]!, file: options.baseline };
  if (!old) {
    // As `run --baseline history:…` on a first CI run: no baseline yet is not a regression.
    io.out(`chatload compare · ${after.scenario.name} (${after.startedAt}): no baseline, nothing compared; verdict PASS${options.out !== undefined ? ', nothing written' : ''}\n`);
    return ExitCode.pass;
  }
  const before = old.report;
  // Unlike runs are refused where comparing means nothing, and warned about (in the comparison) where it still does.
  const unlike = checkComparable(before, after).refused.map((u) => ({ file: options.current, field: `CURRENT: ${u.field}`, message: u.message, fix: 'compare a run with a run of the same kind: one load model, conform with conform', forceable: true }));
  const forced = refuseOrForce([...old.overridable, ...current.overridable, ...unlike], options.force, 'compare');
  const gate = await prepareGate({ fromReports: [{ file: options.current, thresholds: after.thresholds.map((t) => t.expression) }] });
  const unknownGroups = checkSelectors(gate.thresholds, reportGroups(after.breakdown), 'CURRENT');
  if (unknownGroups.length) throw new InputError(unknownGroups);
  const { report, junit } = gateReport(forced.length ? { ...after, forced: [...(after.forced ?? []), ...forced] } : after, { ...gate, baseline: { file: old.file, report: before } });
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
