import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { checkReportShape } from '../report/check-report.js';
import type { RunReport } from '../report/types.js';

const FIX = 'give the path of a report.json written by chatload run (not the HTML or JUnit file)';

/**
 * Reads a report.json written by chatload and checks it against report.schema.json; a missing
 * or foreign file is bad input (exit 2), naming the file, the argument or flag, and the fix.
 */
export async function readReport(file: string, field = ''): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw InputError.single(file, field, code === 'ENOENT' ? 'report not found' : `cannot be read (${code ?? (error as Error).message})`, FIX);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw InputError.single(file, field, `is not valid JSON (${(error as Error).message})`, FIX);
  }
  const problems = checkReportShape(doc, file);
  if (problems.length) throw new InputError(problems.map((p) => (field && p.field ? { ...p, field: `${field}: ${p.field}` } : field ? { ...p, field } : p)));
  return doc as RunReport;
}
