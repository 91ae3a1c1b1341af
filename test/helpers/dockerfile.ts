import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { ROOT } from './cli.js';

export interface Instruction {
  keyword: string;
  /** The arguments as one line (continuations joined), without the flags' values kept apart. */
  args: string;
  /** The whole instruction as written, flags included. */
  text: string;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The repository's Dockerfile, parsed (dockerfile-ast) into its stages. */
export function readDockerfile(): Stage[] {
  const stages: Stage[] = [];
  for (const i of DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).getInstructions()) {
    const instruction = { keyword: i.getKeyword(), args: (i.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim(), text: i.toString() };
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(' ');
      stages.push({ image: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/**
 * The build stage's RUN commands after `npm ci`: they turn the built checkout into the image's
 * /app (the packed package with its production dependencies). test/e2e/package.test.ts runs these
 * very commands, with APP and PACK (the stage's ARGs) in a temp folder.
 */
export function packageSteps(stages: Stage[] = readDockerfile()): string[] {
  const runs = stages[0]!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const ci = runs.findIndex((r) => r.startsWith('npm ci'));
  if (ci === -1) throw new Error('the Dockerfile has no RUN npm ci in its first stage');
  return runs.slice(ci + 1);
}
