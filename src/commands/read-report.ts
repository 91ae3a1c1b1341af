import { readFile } from 'node:fs/promises';
import { InputError, type InputProblem } from '../errors.js';
import { IRREGULAR_FIX, irregularFile } from '../regular-file.js';
import type { ReadBack } from '../report/check-alike.js';
import { checkReportInvariants, type ReportProblem } from '../report/check-invariants.js';
import { checkReportShape } from '../report/check-report.js';
import { upgradeReport } from '../report/upgrade.js';
import type { ForcedCheck, RunReport } from '../run-report.js';

const FIX = 'give the path of a report.json written by chatload run, not the HTML or JUnit file';

const labelled = (p: InputProblem, field: string): InputProblem => (field && p.field ? { ...p, field: `${field}: ${p.field}` } : field ? { ...p, field } : p);

async function parseReport(file: string, field: string): Promise<unknown> {
  const kind = await irregularFile(file);
  if (kind) throw InputError.single(file, field, `is ${kind}`, kind.startsWith('a directory') ? FIX : IRREGULAR_FIX);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw InputError.single(file, field, code === 'ENOENT' ? 'report not found' : `cannot be read (${code ?? (error as Error).message})`, FIX);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw InputError.single(file, field, 'is UTF-16 text; chatload writes and reads report.json as UTF-8', 'save the file as UTF-8 (or use the report.json chatload wrote, unconverted)');
  }
  // A UTF-8 byte-order mark (some editors add one) is not part of the JSON.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw InputError.single(file, field, `is not valid JSON (${(error as Error).message})`, FIX);
  }
}

/**
 * Reads a report.json and checks it: the JSON Schema, then the invariants (histograms decode, counts
 * add up). Anything that makes it unusable is thrown (exit 2, naming the file, the argument or flag,
 * the field and the fix); figures that do not add up are returned, for the command to refuse or force.
 */
async function readChecked(file: string, field: string): Promise<{ report: RunReport; overridable: ReportProblem[] }> {
  const doc = upgradeReport(await parseReport(file, field));
  const shape = checkReportShape(doc, file);
  if (shape.length) throw new InputError(shape.map((p) => labelled(p, field)));
  const problems = checkReportInvariants(doc as RunReport, file).map((p) => ({ ...labelled(p, field), forceable: p.forceable }));
  const fatal = problems.filter((p) => !p.forceable);
  if (fatal.length) throw new InputError(fatal);
  return { report: doc as RunReport, overridable: problems };
}

/** Reads a report.json that must be whole and consistent (a `--baseline`): any problem is exit 2. */
export async function readReport(file: string, field = ''): Promise<RunReport> {
  const { report, overridable } = await readChecked(file, field);
  if (overridable.length) throw new InputError(overridable.map(({ forceable: _, ...p }) => p));
  return report;
}

/**
 * Reads several reports, reporting the problems of all of them at once: unusable files throw;
 * each report comes back with the problems `--force` may override.
 */
export async function readReports(entries: { file: string; label: string }[]): Promise<(ReadBack & { overridable: ReportProblem[] })[]> {
  const results = await Promise.allSettled(entries.map((e) => readChecked(e.file, e.label)));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const unexpected = errors.find((e) => !(e instanceof InputError));
  if (unexpected) throw unexpected;
  if (errors.length) throw new InputError(errors.flatMap((e) => (e as InputError).problems));
  return results.map((r, i) => ({ ...entries[i]!, ...(r as PromiseFulfilledResult<{ report: RunReport; overridable: ReportProblem[] }>).value }));
}

/**
 * Refuses the problems (exit 2) unless `--force` was given; forced, they come back as the record the
 * output keeps. Problems no force can override (`forceable: false`) are always refused.
 */
export function refuseOrForce(problems: ReportProblem[], force: boolean | undefined, command: ForcedCheck['command']): ForcedCheck[] {
  const fatal = problems.filter((p) => !p.forceable);
  if (fatal.length || (problems.length && !force)) {
    const hint = `or pass --force to ${command} anyway, which the output records`;
    const shown = force ? fatal : problems;
    throw new InputError(shown.map(({ forceable, ...p }) => (forceable ? { ...p, fix: p.fix ? `${p.fix}; ${hint}` : hint } : p)));
  }
  return problems.map((p) => ({ command, file: p.file, field: p.field, message: p.message }));
}
