import { join } from 'node:path';
import { ExitCode, InputError } from '../errors.js';
import { checkSelectors, reportGroups } from '../verdict/selectors.js';
import { checkComparable, checkMergeInputs } from '../report/check-alike.js';
import { renderHtml } from '../report/html.js';
import { mergeReports } from '../report/merge-reports.js';
import { renderSummary } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import { isHistoryBaseline } from '../history/baseline.js';
import { historyLookup } from './history-baseline.js';
import { prepareHistory, recordInHistory, type HistoryOptions } from './history-record.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { readReports, refuseOrForce } from './read-report.js';
import { runId } from './run.js';

export interface MergeOptions extends HistoryOptions {
  files: string[];
  out?: string;
  /** Extra `--threshold` expressions, on top of those the shard reports carry. */
  thresholds?: string[];
  baseline?: string;
  /** Merge inconsistent, duplicate or unlike reports anyway; the merged report records what was forced. */
  force?: boolean;
}

/** `chatload merge A.json B.json … --out DIR`: one exact report from shard reports, gated again. */
export async function mergeCommand(options: MergeOptions, io: CommandIo): Promise<number> {
  checkOutOption(options.out);
  const history = prepareHistory(options);
  // A history: baseline is looked up by the gate; a file is read and checked with the shards.
  const baselineFile = options.baseline !== undefined && !isHistoryBaseline(options.baseline) ? options.baseline : undefined;
  const read = await readReports([...options.files.map((file, i) => ({ file, label: `REPORT ${i + 1}` })), ...(baselineFile !== undefined ? [{ file: baselineFile, label: '--baseline' }] : [])]);
  const inputs = read.slice(0, options.files.length);
  const baseline = baselineFile !== undefined ? read[options.files.length] : undefined;
  const reports = inputs.map((r) => r.report);
  const { refused, warnings: inputWarnings } = checkMergeInputs(inputs);
  // The merged report has the first shard's load model: compare it with the baseline's before merging.
  const unlike = baseline ? checkComparable(baseline.report, { ...reports[0]!, partial: reports.some((r) => r.partial) }).refused : [];
  const forced = refuseOrForce(
    [
      ...read.flatMap((r) => r.overridable),
      ...refused,
      ...unlike.map((u) => ({ file: baselineFile!, field: `--baseline: ${u.field}`, message: u.message, fix: 'give a --baseline of the same load model as the merged reports', forceable: true })),
    ],
    options.force,
    'merge',
  );
  const gate = await prepareGate({
    fromReports: reports.map((r, i) => ({ file: options.files[i]!, thresholds: r.thresholds.map((t) => t.expression) })),
    flags: options.thresholds ?? [],
    ...(options.baseline !== undefined && baselineFile === undefined ? { baseline: options.baseline, history: historyLookup(history, { scenario: reports[0]!.scenario.name, target: reports[0]!.target.url, kind: 'load' }, io) } : {}),
  });
  const { report: merged, warnings } = mergeReports(reports);
  const unknownGroups = checkSelectors(gate.thresholds, reportGroups(merged.breakdown), 'the merged run');
  if (unknownGroups.length) throw new InputError(unknownGroups);
  for (const w of [...inputWarnings, ...warnings]) io.err(`chatload: warning: ${w}\n`);
  const { report, junit } = gateReport(forced.length ? { ...merged, forced } : merged, { ...gate, ...(baseline ? { baseline: { file: baseline.file, report: baseline.report } } : {}) });
  const outDir = options.out ?? join('reports', `${runId(report.scenario.name, new Date(report.startedAt))}-merged`);
  const files = await writeOutputs(outDir, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report), 'junit.xml': junit }, []);
  io.out(`merged ${reports.length} report${reports.length === 1 ? '' : 's'}: ${options.files.join(', ')}\n${renderSummary(report, files)}`);
  await recordInHistory(history, { command: 'merge', report, outDir, secrets: [] }, io);
  return report.verdict === 'pass' ? ExitCode.pass : ExitCode.verdictFailed;
}
