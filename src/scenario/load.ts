import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, INTERRUPTED_BEFORE_SENDING, InterruptedError, type InputProblem } from '../errors.js';
import { IRREGULAR_FIX, irregularKind } from '../regular-file.js';
import { CSV_OPTIONS, csvProblem, csvRows, inputsSteps, variablesJsonSteps, type Steps } from './data.js';
import { decodeUtf8 } from './decode.js';
import { findLiteralKeys } from './literal-keys.js';
import { NESTING_FIX, NESTING_MESSAGE, nestsDeeperThan } from './nesting.js';
import { normaliseScenario } from './normalise.js';
import type { Scenario, ScenarioFile } from './types.js';
import { validateScenarioDocument } from './validate.js';

const PATH_FIX = "check the path; relative paths in a scenario are read from the scenario file's folder";

type ReadResult = { ok: true; text: string } | { ok: false; problem: InputProblem; reading: boolean };

function notInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
}

/** Lets the event loop run (a signal handler among it), then stops if the run was interrupted meanwhile. */
async function pause(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  notInterrupted(signal);
}

/** Runs a parse's steps, pausing between them. */
async function finishSteps<T>(steps: Steps<T>, signal: AbortSignal | undefined): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause(signal);
  }
}

/** Characters of CSV handed to the parser at a time (cut after a line feed, never inside a character). */
const CSV_SLICE_CHARS = 64 * 1024;

/** A variables CSV through csv-parse's stream API a slice at a time, pausing between slices. */
async function parseCsvInSlices(text: string, file: string, signal: AbortSignal | undefined): Promise<ReturnType<typeof csvRows>> {
  // Loaded when a scenario has a CSV: most runs do not, and every start would pay for it.
  const { Parser: CsvParser } = await import('csv-parse');
  const parser = new CsvParser(CSV_OPTIONS);
  const rows: Record<string, string>[] = [];
  let failure: unknown;
  parser.on('data', (row: Record<string, string>) => rows.push(row));
  parser.on('error', (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => parser.on('end', resolve).on('close', resolve));
  try {
    for (let start = 0; start < text.length && failure === undefined; ) {
      const feed = text.indexOf('\n', start + CSV_SLICE_CHARS);
      const end = feed === -1 ? text.length : feed + 1;
      parser.write(text.slice(start, end));
      start = end;
      await pause(signal);
    }
    if (failure === undefined) parser.end();
    await ended;
  } finally {
    parser.destroy();
  }
  return failure === undefined ? csvRows(rows, file) : csvProblem(failure, file);
}

/** Reads a regular file as UTF-8. `reading` says the file could not be read at all (as opposed to holding bad text). */
async function readText(file: string, what: string, signal?: AbortSignal): Promise<ReadResult> {
  const cannot = (message: string, fix = PATH_FIX): ReadResult => ({ ok: false, reading: true, problem: { file, field: '', message, fix } });
  try {
    const kind = irregularKind(await stat(file));
    if (kind) return cannot(`${what} is ${kind}`, kind.startsWith('a directory') ? PATH_FIX : IRREGULAR_FIX);
    const bytes = await readFile(file, signal ? { signal } : {});
    await pause(signal);
    const decoded = decodeUtf8(bytes, file);
    return decoded.ok ? decoded : { ok: false, reading: false, problem: decoded.problem };
  } catch (error) {
    // An interrupt (from pause) lands here too: the signal is aborted then, so this throws it again.
    notInterrupted(signal);
    const code = (error as NodeJS.ErrnoException).code;
    return cannot(code === 'ENOENT' ? `${what} not found` : code === 'EISDIR' ? `${what} is a directory, not a file` : code === 'EACCES' ? `${what} cannot be read (permission denied)` : `${what} cannot be read (${code ?? (error as Error).message})`);
  }
}

/** Parses YAML or JSON text into a document; problems carry the line of the syntax error. */
export function parseScenarioText(text: string, file: string): { ok: true; doc: unknown } | { ok: false; problems: InputProblem[] } {
  const fail = (message: string, fix: string, field = ''): { ok: false; problems: InputProblem[] } => ({ ok: false, problems: [{ file, field, message, fix }] });
  if (text.trim() === '') return fail('is empty', 'start from scenarios/smoke.yaml');
  let doc: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return fail(`is not valid JSON: ${(error as Error).message}`, 'fix the JSON syntax, or write the scenario in YAML, as a .yaml file');
    }
  } else {
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    // The first syntax error is the real one; the parser's later errors follow from it.
    const first = document.errors[0];
    if (first) {
      const field = first.linePos?.[0] ? `line ${first.linePos[0].line}` : '';
      // The parser itself recurses: thousands of nested levels overflow its stack.
      if (first.message.includes('Maximum call stack size exceeded')) return fail(NESTING_MESSAGE, NESTING_FIX, field);
      return fail(`is not valid YAML: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, 'fix the YAML syntax: indentation, quotes and colons', field);
    }
    try {
      doc = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      if (error instanceof RangeError && error.message.includes('call stack')) return fail(NESTING_MESSAGE, NESTING_FIX);
      // Found by fuzzing: an alias to an anchor not yet set, or an alias bomb, only fails here.
      return fail(`is not valid YAML: ${(error as Error).message.trim()}`, 'define each &anchor before its *alias, and avoid aliases that expand many times');
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail('is not a mapping of fields', 'a scenario is a YAML mapping with name, agents, inputs and load; start from scenarios/smoke.yaml');
  }
  if (nestsDeeperThan(doc)) return fail(NESTING_MESSAGE, NESTING_FIX);
  return { ok: true, doc };
}

/** A scenario read and checked, or every problem found in it; `doc` is the parsed document when there is one. */
export type ScenarioRead = { ok: true; value: Scenario } | { ok: false; problems: InputProblem[]; doc?: Record<string, unknown> };

const fileField = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { file?: unknown }).file === 'string' ? (value as { file: string }).file : undefined;

/**
 * Reads a scenario file and the data files it names, and checks them: every problem of every
 * stage (credentials, schema, data files, the rules the schema cannot say) in one pass.
 */
export async function readScenario(file: string, options: { signal?: AbortSignal } = {}): Promise<ScenarioRead> {
  const { signal } = options;
  const read = await readText(file, 'scenario file', signal);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const parsed = parseScenarioText(read.text, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const raw = parsed.doc as Record<string, unknown>;
  const problems: InputProblem[] = findLiteralKeys(raw, file);
  const credentialFields = new Set(problems.map((p) => p.field));
  const checked = validateScenarioDocument(raw, file);
  // A credential field is also an unknown one; saying so twice helps nobody.
  if (!checked.ok) problems.push(...checked.problems.filter((p) => !credentialFields.has(p.field)));

  // Data files are read even when the document has other problems, so one pass finds them all.
  const base = dirname(file);
  type DataParse = (text: string, path: string) => Promise<{ ok: true; value: unknown[] } | { ok: false; problems: InputProblem[] }>;
  const readData = async (name: 'inputs' | 'variables', parse: DataParse): Promise<unknown[] | undefined> => {
    const relative = fileField(raw[name]);
    if (relative === undefined) return undefined;
    const path = resolve(base, relative);
    const text = await readText(path, `${name} file`, signal);
    if (!text.ok) {
      problems.push(text.reading ? { ...text.problem, file, field: `${name}.file`, message: `${text.problem.message}: ${path}` } : text.problem);
      return undefined;
    }
    const result = await parse(text.text, path);
    if (result.ok) return result.value;
    problems.push(...result.problems);
    return undefined;
  };
  // Large data files parse a slice at a time, so a Ctrl-C is heard within moments (exit 130).
  const inputsFromFile = await readData('inputs', (text, path) => finishSteps(inputsSteps(text, path), signal));
  const variablesFromFile = await readData('variables', (text, path) => {
    const lower = path.toLowerCase();
    return lower.endsWith('.json') || lower.endsWith('.jsonl') ? finishSteps(variablesJsonSteps(text, path), signal) : parseCsvInSlices(text, path, signal);
  });
  notInterrupted(signal);
  if (!checked.ok) return { ok: false, problems, doc: raw };

  const doc: ScenarioFile = checked.value;
  const inputs = Array.isArray(doc.inputs) ? doc.inputs : ((inputsFromFile ?? []) as string[]);
  const variables = Array.isArray(doc.variables) ? doc.variables : ((variablesFromFile ?? []) as Record<string, unknown>[]);
  const normalised = normaliseScenario(doc, file, { inputs, variables });
  if (!normalised.ok) problems.push(...normalised.problems);
  if (problems.length || !normalised.ok) return { ok: false, problems, doc: raw };
  return normalised;
}

/** Reads and checks a scenario; throws one InputError listing every problem found. */
export async function loadScenario(file: string, options: { signal?: AbortSignal } = {}): Promise<Scenario> {
  const result = await readScenario(file, options);
  if (!result.ok) throw new InputError(result.problems);
  return result.value;
}
