import { InputError, formatProblem } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import type { CommandIo } from './io.js';

/** `chatload validate a.yaml b.yaml`: lints scenario files; exit 2 when any has a problem. */
export async function validateScenarios(files: string[], io: CommandIo): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      const s = await loadScenario(file);
      io.out(`ok    ${file}  (${s.agents.length} agents × ${s.inputs.length} inputs × ${Math.max(1, s.variables.length)} variable sets, ${s.load.model} model)\n`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed++;
      io.err(`FAIL  ${file}\n${error.problems.map((p) => `      ${formatProblem(p)}`).join('\n')}\n`);
    }
  }
  return failed ? 2 : 0;
}
