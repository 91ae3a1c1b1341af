import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, type InputProblem } from '../errors.js';
import { parseInputs, parseVariablesCsv, parseVariablesJson } from './data.js';
import { findLiteralKeys } from './literal-keys.js';
import { normaliseScenario } from './normalise.js';
import type { Scenario, ScenarioFile } from './types.js';
import { validateScenarioDocument } from './validate.js';

async function readText(file: string, field: string, what: string): Promise<{ ok: true; text: string } | { ok: false; problem: InputProblem }> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `${what} not found` : code === 'EISDIR' ? `${what} is a directory, not a file` : code === 'EACCES' ? `${what} cannot be read (permission denied)` : `${what} cannot be read (${code ?? (error as Error).message})`;
    return { ok: false, problem: { file, field, message, fix: 'check the path (relative paths in a scenario are read from the scenario file\'s folder)' } };
  }
}

/** Parses YAML or JSON text into a document; problems carry the line of the syntax error. */
export function parseScenarioText(text: string, file: string): { ok: true; doc: unknown } | { ok: false; problems: InputProblem[] } {
  if (text.trim() === '') return { ok: false, problems: [{ file, field: '', message: 'is empty', fix: 'start from scenarios/smoke.yaml' }] };
  if (extname(file).toLowerCase() === '.json') {
    try {
      return { ok: true, doc: JSON.parse(text) };
    } catch (error) {
      return { ok: false, problems: [{ file, field: '', message: `is not valid JSON: ${(error as Error).message}`, fix: 'fix the JSON syntax, or write the scenario in YAML (.yaml)' }] };
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length) {
    return {
      ok: false,
      // The first syntax error is the real one; the parser's later errors follow from it.
      problems: document.errors.slice(0, 1).map((e) => ({ file, field: e.linePos?.[0] ? `line ${e.linePos[0].line}` : '', message: `is not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, fix: 'fix the YAML syntax (indentation, quotes, colons)' })),
    };
  }
  let doc: unknown;
  try {
    doc = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Found by fuzzing: an alias to an anchor not yet set, or an alias bomb, only fails here.
    return { ok: false, problems: [{ file, field: '', message: `is not valid YAML: ${(error as Error).message.trim()}`, fix: 'define each &anchor before its *alias, and avoid aliases that expand many times' }] };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, problems: [{ file, field: '', message: 'is not a mapping of fields', fix: 'a scenario is a YAML mapping with name, agents, inputs and load; start from scenarios/smoke.yaml' }] };
  }
  return { ok: true, doc };
}

/** Reads a scenario file and the data files it names; every problem found is reported at once. */
export async function loadScenario(file: string): Promise<Scenario> {
  const read = await readText(file, '', 'scenario file');
  if (!read.ok) throw new InputError([read.problem]);
  const parsed = parseScenarioText(read.text, file);
  if (!parsed.ok) throw new InputError(parsed.problems);
  const literalKeys = findLiteralKeys(parsed.doc, file);
  if (literalKeys.length) throw new InputError(literalKeys);
  const checked = validateScenarioDocument(parsed.doc, file);
  if (!checked.ok) throw new InputError(checked.problems);
  const doc: ScenarioFile = checked.value;

  const problems: InputProblem[] = [];
  const base = dirname(file);
  let inputs: string[] = [];
  if (Array.isArray(doc.inputs)) inputs = doc.inputs;
  else {
    const path = resolve(base, doc.inputs.file);
    const text = await readText(path, 'inputs.file', 'inputs file');
    if (!text.ok) problems.push({ ...text.problem, file, field: 'inputs.file', message: `${text.problem.message}: ${path}` });
    else {
      const result = parseInputs(text.text, path);
      if (result.ok) inputs = result.value;
      else problems.push(...result.problems);
    }
  }
  let variables: Record<string, unknown>[] = [];
  if (Array.isArray(doc.variables)) variables = doc.variables;
  else if (doc.variables) {
    const path = resolve(base, doc.variables.file);
    const text = await readText(path, 'variables.file', 'variables file');
    if (!text.ok) problems.push({ ...text.problem, file, field: 'variables.file', message: `${text.problem.message}: ${path}` });
    else {
      const lower = path.toLowerCase();
      const result = lower.endsWith('.json') || lower.endsWith('.jsonl') ? parseVariablesJson(text.text, path) : parseVariablesCsv(text.text, path);
      if (result.ok) variables = result.value;
      else problems.push(...result.problems);
    }
  }
  const normalised = normaliseScenario(doc, file, { inputs, variables });
  if (!normalised.ok) problems.push(...normalised.problems);
  if (problems.length || !normalised.ok) throw new InputError(problems);
  return normalised.value;
}
