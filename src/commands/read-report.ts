import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { RunReport } from '../report/types.js';

/** Reads a report.json written by chatload; a missing or foreign file is bad input (exit 2), naming the flag or argument. */
export async function readReport(file: string, field: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw InputError.single(file, field, code === 'ENOENT' ? 'report not found' : `cannot be read (${code ?? (error as Error).message})`, 'give the path of a report.json written by chatload run');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw InputError.single(file, field, `is not valid JSON (${(error as Error).message})`, 'give the path of a report.json written by chatload run');
  }
  const r = doc as Partial<RunReport> | null;
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || typeof r.latency?.hdr !== 'string' || typeof r.totals?.requests !== 'number') {
    throw InputError.single(file, field, 'is not a chatload report (schemaVersion 1 with latency histograms)', 'give the report.json of a chatload run, not the HTML or JUnit file');
  }
  return r as RunReport;
}
