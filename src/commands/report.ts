import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { checkReportShape } from '../report/check-report.js';
import { renderHtml } from '../report/html.js';
import { reportToJunit } from '../report/junit-report.js';
import type { RunReport } from '../report/types.js';
import { writeOutputs } from '../report/write.js';
import type { CommandIo } from './io.js';

export interface ReportOptions {
  /** A saved report.json. */
  file: string;
  /** Where report.html and junit.xml go; default: beside the JSON. */
  out?: string;
}

async function readReport(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw InputError.single(file, '', code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`, 'give the path of a report.json written by `chatload run`');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw InputError.single(file, '', `is not valid JSON (${(error as Error).message})`, 'pass the report.json itself, not the HTML or a log');
  }
  const problems = checkReportShape(value, file);
  if (problems.length) throw new InputError(problems);
  return value as RunReport;
}

/**
 * `chatload report report.json [--out DIR]`: re-renders report.html and junit.xml from a saved
 * report, so a CI can keep only the JSON. Exit 0 once written: gating is `run`'s and `compare`'s job.
 */
export async function renderReportFiles(options: ReportOptions, io: CommandIo): Promise<number> {
  const report = await readReport(options.file);
  const outDir = options.out ?? dirname(options.file);
  const files = await writeOutputs(outDir, { 'report.html': renderHtml(report), 'junit.xml': reportToJunit(report) }, []);
  io.out(`${report.scenario.name}: verdict ${String(report.verdict).toUpperCase()}\n${files.map((f) => `  wrote ${f}\n`).join('')}`);
  return 0;
}
