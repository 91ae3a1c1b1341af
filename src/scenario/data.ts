import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { InputProblem } from '../errors.js';
import { NESTING_FIX, NESTING_MESSAGE, nestsDeeperThan } from './nesting.js';

/** Pure parsers for the data files a scenario points at. Each returns values or problems, never throws. */

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

function problem(file: string, field: string, message: string, fix?: string): Parsed<never> {
  return { ok: false, problems: [{ file, field, message, ...(fix ? { fix } : {}) }] };
}

/** Plain text: one message per line, blank lines skipped. JSONL: a JSON string or {"input": "..."} per line. */
export function parseInputs(text: string, file: string): Parsed<string[]> {
  const lines = text.split(/\r?\n/);
  const jsonl = file.toLowerCase().endsWith('.jsonl');
  const inputs: string[] = [];
  const problems: InputProblem[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (!jsonl) {
      inputs.push(line);
      return;
    }
    const field = `line ${index + 1}`;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'string') inputs.push(value);
      else if (value && typeof value === 'object' && typeof (value as { input?: unknown }).input === 'string') inputs.push((value as { input: string }).input);
      else problems.push({ file, field, message: 'is neither a JSON string nor an object with a string "input"', fix: 'write "text" or {"input": "text"} on each line' });
    } catch (error) {
      problems.push({ file, field, message: `is not valid JSON (${(error as Error).message})`, fix: 'write one JSON value per line' });
    }
  });
  if (problems.length) return { ok: false, problems };
  if (inputs.length === 0) return problem(file, '', 'has no inputs', 'write at least one message, one per line');
  return { ok: true, value: inputs };
}

/** CSV with a header row; every row must have as many cells as the header. Values stay strings. */
export function parseVariablesCsv(text: string, file: string): Parsed<Record<string, string>[]> {
  try {
    const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
    if (rows.length === 0) return problem(file, '', 'has a header but no rows', 'add one row per variable set under the header');
    return { ok: true, value: rows };
  } catch (error) {
    if (error instanceof CsvError) {
      const where = (error as CsvError & { lines?: number }).lines;
      const field = where ? `line ${where}` : '';
      if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
        return problem(file, field, 'has a different number of cells than the header row', 'give every row exactly one cell per header column, and quote cells that contain commas');
      }
      return problem(file, field, error.message, 'check the CSV quoting and the header row');
    }
    return problem(file, '', (error as Error).message);
  }
}

/** JSON (an array of objects) or JSONL (one object per line) variable sets. */
export function parseVariablesJson(text: string, file: string): Parsed<Record<string, unknown>[]> {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (file.toLowerCase().endsWith('.jsonl')) {
    const sets: Record<string, unknown>[] = [];
    const problems: InputProblem[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const value: unknown = JSON.parse(line);
        if (nestsDeeperThan(value)) problems.push({ file, field: `line ${index + 1}`, message: NESTING_MESSAGE, fix: NESTING_FIX });
        else if (isObject(value)) sets.push(value);
        else problems.push({ file, field: `line ${index + 1}`, message: 'is not a JSON object', fix: 'write one {"name": "value"} object per line' });
      } catch (error) {
        problems.push({ file, field: `line ${index + 1}`, message: `is not valid JSON (${(error as Error).message})`, fix: 'write one JSON object per line' });
      }
    });
    return problems.length ? { ok: false, problems } : { ok: true, value: sets };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (nestsDeeperThan(value)) return problem(file, '', NESTING_MESSAGE, NESTING_FIX);
    if (Array.isArray(value) && value.every(isObject)) return { ok: true, value };
    return problem(file, '', 'is not a JSON array of objects', 'write [{"customer_name": "Ann"}, ...]');
  } catch (error) {
    return problem(file, '', `is not valid JSON (${(error as Error).message})`);
  }
}
