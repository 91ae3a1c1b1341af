import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { InputProblem } from '../errors.js';
import { NESTING_FIX, NESTING_MESSAGE, nestsDeeperThan } from './nesting.js';

/** Pure parsers for the data files a scenario points at. Each returns values or problems, never throws. */

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

function problem(file: string, field: string, message: string, fix?: string): Parsed<never> {
  return { ok: false, problems: [{ file, field, message, ...(fix ? { fix } : {}) }] };
}

/**
 * A parse done in steps: each `yield` is a point where a caller may let the event loop run (so a
 * Ctrl-C is heard while a large file parses); the return value is the result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Lines handled between two steps. */
const LINES_PER_STEP = 20_000;

/** Runs the steps to the end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Calls `onLine` with each line (without its \r\n or \n) and its 1-based number, a step every LINES_PER_STEP lines. */
function* eachLine(text: string, onLine: (line: string, number: number) => void): Steps<void> {
  for (let start = 0, number = 1; ; number++) {
    const feed = text.indexOf('\n', start);
    const end = feed === -1 ? text.length : feed > start && text[feed - 1] === '\r' ? feed - 1 : feed;
    onLine(text.slice(start, end), number);
    if (feed === -1) return;
    start = feed + 1;
    if (number % LINES_PER_STEP === 0) yield;
  }
}

/** Plain text: one message per line, blank lines skipped. JSONL: a JSON string or {"input": "..."} per line. */
export function parseInputs(text: string, file: string): Parsed<string[]> {
  return runSteps(inputsSteps(text, file));
}

/** `parseInputs` in steps. */
export function* inputsSteps(text: string, file: string): Steps<Parsed<string[]>> {
  const jsonl = file.toLowerCase().endsWith('.jsonl');
  const inputs: string[] = [];
  const problems: InputProblem[] = [];
  yield* eachLine(text, (line, number) => {
    if (line.trim() === '') return;
    if (!jsonl) {
      inputs.push(line);
      return;
    }
    const field = `line ${number}`;
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

/** How chatload reads a variables CSV: a header row, cells trimmed, blank lines and a BOM skipped. */
export const CSV_OPTIONS = { columns: true, skip_empty_lines: true, trim: true, bom: true } as const;

/** CSV with a header row; every row must have as many cells as the header. Values stay strings. */
export function parseVariablesCsv(text: string, file: string): Parsed<Record<string, string>[]> {
  try {
    return csvRows(parseCsv(text, CSV_OPTIONS) as Record<string, string>[], file);
  } catch (error) {
    return csvProblem(error, file);
  }
}

/** The rows csv-parse gave (with `CSV_OPTIONS`), checked. */
export function csvRows(rows: Record<string, string>[], file: string): Parsed<Record<string, string>[]> {
  if (rows.length === 0) return problem(file, '', 'has a header but no rows', 'add one row per variable set under the header');
  return { ok: true, value: rows };
}

/** What csv-parse's error means, naming the line. */
export function csvProblem(error: unknown, file: string): Parsed<never> {
  if (error instanceof CsvError) {
    const where = (error as CsvError & { lines?: number }).lines;
    const field = where ? `line ${where}` : '';
    // With `columns: true` a ragged row is always this code (CSV_RECORD_INCONSISTENT_FIELDS_LENGTH is the headerless one).
    if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      return problem(file, field, 'has a different number of cells than the header row', 'give every row exactly one cell per header column, and quote cells that contain commas');
    }
    return problem(file, field, error.message, 'check the CSV quoting and the header row');
  }
  return problem(file, '', (error as Error).message);
}

/** JSON (an array of objects) or JSONL (one object per line) variable sets. */
export function parseVariablesJson(text: string, file: string): Parsed<Record<string, unknown>[]> {
  return runSteps(variablesJsonSteps(text, file));
}

/** `parseVariablesJson` in steps (a JSON array is parsed in one). */
export function* variablesJsonSteps(text: string, file: string): Steps<Parsed<Record<string, unknown>[]>> {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (file.toLowerCase().endsWith('.jsonl')) {
    const sets: Record<string, unknown>[] = [];
    const problems: InputProblem[] = [];
    yield* eachLine(text, (line, number) => {
      if (line.trim() === '') return;
      try {
        const value: unknown = JSON.parse(line);
        if (nestsDeeperThan(value)) problems.push({ file, field: `line ${number}`, message: NESTING_MESSAGE, fix: NESTING_FIX });
        else if (isObject(value)) sets.push(value);
        else problems.push({ file, field: `line ${number}`, message: 'is not a JSON object', fix: 'write one {"name": "value"} object per line' });
      } catch (error) {
        problems.push({ file, field: `line ${number}`, message: `is not valid JSON (${(error as Error).message})`, fix: 'write one JSON object per line' });
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
