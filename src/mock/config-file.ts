import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { InputError, type InputProblem } from '../errors.js';
import { IRREGULAR_FIX, irregularFile } from '../regular-file.js';
import { problemsFromErrors, scenarioValidator } from '../scenario/validate.js';
import { normaliseMockSection, type MockSectionFile, type MockSettings } from './settings.js';

const EXAMPLE = 'a mock config is a YAML mapping such as `faults: { http500: 0.01 }`; its fields are those of a scenario\'s `mock:` section, described in docs/mock.md';

/** Parses and checks the text of a mock config (YAML, or JSON by extension). Pure. */
export function parseMockConfig(text: string, file: string): { ok: true; value: MockSettings } | { ok: false; problems: InputProblem[] } {
  let doc: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [{ file, field: '', message: `is not valid JSON: ${(error as Error).message}`, fix: 'fix the JSON syntax, or write it in YAML, as a .yaml file' }] };
    }
  } else {
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (document.errors.length) {
      return {
        ok: false,
        problems: document.errors.map((e) => ({ file, field: e.linePos?.[0] ? `line ${e.linePos[0].line}` : '', message: `is not valid YAML: ${e.message.split('\n')[0]}`, fix: 'fix the YAML syntax: indentation, quotes and colons' })),
      };
    }
    doc = document.toJS({ maxAliasCount: 100 }) ?? {};
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, problems: [{ file, field: '', message: 'is not a mapping of fields', fix: EXAMPLE }] };
  // The same schema as a scenario's `mock:` section, so both say the same thing and give the same fixes.
  const validateSection = scenarioValidator<MockSectionFile>('mockSection');
  if (!validateSection(doc)) return { ok: false, problems: problemsFromErrors(validateSection.errors ?? [], file) };
  const problems: InputProblem[] = [];
  const value = normaliseMockSection(doc, file, '', problems);
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** Reads `chatload mock --config FILE`; every problem is reported at once (InputError, exit 2). */
export async function loadMockConfig(file: string): Promise<MockSettings> {
  const kind = await irregularFile(file);
  if (kind) throw InputError.single(file, '--config', `mock config is ${kind}`, kind.startsWith('a directory') ? 'check the path given to --config' : IRREGULAR_FIX);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw InputError.single(file, '', code === 'ENOENT' ? 'mock config not found' : `mock config cannot be read (${code ?? (error as Error).message})`, 'check the path given to --config');
  }
  const parsed = parseMockConfig(text, file);
  if (!parsed.ok) throw new InputError(parsed.problems);
  return parsed.value;
}
