import { InputError, formatProblem } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import { prepareGate } from './gate.js';
import type { CommandIo } from './io.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** `chatload validate a.yaml b.yaml`: lints scenario files; exit 2 when any has a problem. */
export async function validateScenarios(files: string[], io: CommandIo): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      const s = await loadScenario(file);
      // Thresholds are part of the file: a run would refuse a bad one, so the lint does too.
      await prepareGate({ scenario: s });
      io.out(`ok    ${file}  (${count(s.agents.length, 'agent')} × ${count(s.inputs.length, 'input')} × ${count(Math.max(1, s.variables.length), 'variable set')}, ${s.load.model} model)\n`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed++;
      io.err(`FAIL  ${file}\n${error.problems.map((p) => `      ${formatProblem(p)}`).join('\n')}\n`);
    }
  }
  return failed ? 2 : 0;
}
