import { dirname } from 'node:path';
import { renderHtml } from '../report/html.js';
import { reportToJunit } from '../report/junit-report.js';
import { writeOutputs } from '../report/write.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { renderForcedLines } from '../report/summary.js';
import { readReports, refuseOrForce } from './read-report.js';

export interface ReportOptions {
  /** A saved report.json. */
  file: string;
  /** Where report.html and junit.xml go; default: beside the JSON. */
  out?: string;
  /** Render a report whose figures do not add up anyway; the HTML records what was forced. */
  force?: boolean;
}

/**
 * `chatload report report.json [--out DIR]`: re-renders report.html and junit.xml from a saved
 * report, so a CI can keep only the JSON. Exit 0 once written: gating is `run`'s and `compare`'s job.
 */
export async function renderReportFiles(options: ReportOptions, io: CommandIo): Promise<number> {
  checkOutOption(options.out);
  const [read] = await readReports([{ file: options.file, label: '' }]);
  const forced = refuseOrForce(read!.overridable, options.force, 'report');
  const report = forced.length ? { ...read!.report, forced: [...(read!.report.forced ?? []), ...forced] } : read!.report;
  const outDir = options.out ?? dirname(options.file);
  const files = await writeOutputs(outDir, { 'report.html': renderHtml(report), 'junit.xml': reportToJunit(report) }, []);
  const forcedLines = renderForcedLines(forced).map((l) => `${l}\n`).join('');
  io.out(`${report.scenario.name}: verdict ${String(report.verdict).toUpperCase()}\n${forcedLines}${files.map((f) => `  wrote ${f}\n`).join('')}`);
  return 0;
}
