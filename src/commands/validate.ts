import { InputError, formatProblem, type InputProblem } from '../errors.js';
import { readScenario } from '../scenario/load.js';
import { checkSelectors, scenarioGroups } from '../verdict/selectors.js';
import { prepareGate } from './gate.js';
import type { CommandIo } from './io.js';
import { assertKeyNotInScenario, checkSafetyOptions } from './preflight.js';
import { API_KEY_ENV, apiKeyProblem } from './target.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export interface ValidateOptions {
  env?: NodeJS.ProcessEnv;
  /** The variable holding the API key, as for `run` (default SIGMAMIND_API_KEY). */
  apiKeyEnv?: string;
}

/** The problems of an input error, or rethrows anything else. */
function problemsOf(action: () => void | Promise<unknown>): Promise<InputProblem[]> {
  return Promise.resolve()
    .then(action)
    .then(
      () => [],
      (error: unknown) => {
        if (error instanceof InputError) return error.problems;
        throw error;
      },
    );
}

/** A document's thresholds when they are all strings (otherwise the schema has already said what is wrong). */
const stringList = (value: unknown): string[] => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : []);

/**
 * `chatload validate a.yaml b.yaml`: lints scenario files as `run` would check them (every
 * problem of every stage in one pass, thresholds and the key from the environment included);
 * exit 2 when any has a problem.
 */
export async function validateScenarios(files: string[], io: CommandIo, options: ValidateOptions = {}): Promise<number> {
  checkSafetyOptions({ apiKeyEnv: options.apiKeyEnv });
  const envName = options.apiKeyEnv ?? API_KEY_ENV;
  const envKey = (options.env ?? process.env)[envName]?.trim();
  // A key run would refuse for itself says nothing about the files; only a usable one is looked for in them.
  const apiKey = envKey && !apiKeyProblem(envKey, envName) ? envKey : undefined;
  let failed = 0;
  for (const file of files) {
    const read = await readScenario(file);
    const problems = read.ok ? [] : [...read.problems];
    // Thresholds are part of the file: a run would refuse a bad one, so the lint does too.
    const thresholds = read.ok ? read.value.thresholds : stringList(read.doc?.thresholds);
    problems.push(
      ...(await problemsOf(async () => {
        const gate = await prepareGate({ scenario: { file, thresholds } });
        // `{agent=…}` / `{turn=…}` must name a group of this scenario, as `run` checks.
        if (read.ok) {
          const s = read.value;
          const unknown = checkSelectors(gate.thresholds, scenarioGroups(s.agents, s.conversation?.turns ?? 1, s.checks.maxGroups), 'the scenario');
          if (unknown.length) throw new InputError(unknown);
        }
      })),
    );
    // As `run` does: the value of the key variable anywhere in the file or its data files is refused.
    const contents = read.ok ? read.value : read.doc && { ...read.doc, file };
    if (contents) problems.push(...(await problemsOf(() => assertKeyNotInScenario(contents, apiKey, envName))));
    if (read.ok && problems.length === 0) {
      const s = read.value;
      io.out(`ok    ${file}  (${count(s.agents.length, 'agent')} × ${count(s.inputs.length, 'input')} × ${count(Math.max(1, s.variables.length), 'variable set')}, ${s.load.model} model)\n`);
      continue;
    }
    failed++;
    io.err(`FAIL  ${file}\n${problems.map((p) => `      ${formatProblem(p)}`).join('\n')}\n`);
  }
  return failed ? 2 : 0;
}
