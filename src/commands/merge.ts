import { join } from 'node:path';
import { ExitCode } from '../errors.js';
import { renderHtml } from '../report/html.js';
import { mergeReports } from '../report/merge-reports.js';
import { renderSummary } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import { historyLookup } from './history-baseline.js';
import { prepareHistory, recordInHistory, type HistoryOptions } from './history-record.js';
import type { CommandIo } from './io.js';
import { readReport } from './read-report.js';
import { runId } from './run.js';

export interface MergeOptions extends HistoryOptions {
  files: string[];
  out?: string;
  /** Extra `--threshold` expressions, on top of those the shard reports carry. */
  thresholds?: string[];
  baseline?: string;
}

/** `chatload merge A.json B.json … --out DIR`: one exact report from shard reports, gated again. */
export async function mergeCommand(options: MergeOptions, io: CommandIo): Promise<number> {
  const history = prepareHistory(options);
  const reports = [];
  for (const [i, file] of options.files.entries()) reports.push(await readReport(file, `REPORT ${i + 1}`));
  const gate = await prepareGate({
    fromReports: reports.map((r, i) => ({ file: options.files[i]!, thresholds: r.thresholds.map((t) => t.expression) })),
    flags: options.thresholds ?? [],
    ...(options.baseline !== undefined ? { baseline: options.baseline, history: historyLookup(history, { scenario: reports[0]!.scenario.name, target: reports[0]!.target.url, kind: 'load' }, io) } : {}),
  });
  const { report: merged, warnings } = mergeReports(reports);
  for (const w of warnings) io.err(`chatload: warning: ${w}\n`);
  const { report, junit } = gateReport(merged, gate);
  const outDir = options.out ?? join('reports', `${runId(report.scenario.name, new Date(report.startedAt))}-merged`);
  const files = await writeOutputs(outDir, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report), 'junit.xml': junit }, []);
  io.out(`merged ${reports.length} reports: ${options.files.join(', ')}\n${renderSummary(report, files)}`);
  await recordInHistory(history, { command: 'merge', report, outDir, secrets: [] }, io);
  return report.verdict === 'pass' ? ExitCode.pass : ExitCode.verdictFailed;
}
