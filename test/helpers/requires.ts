import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * "This test file needs executable X": found, it gives the path; missing, the file's tests are
 * skipped with one line saying why and how to install it, or, where the environment demands it
 * (CI, which installs X), the file fails instead.
 */
export interface Executable {
  /** What it is, for the line: "Chromium". */
  name: string;
  /** What is skipped without it: "the browser tests (report.html in Chromium)". */
  needs: string;
  /** Environment variable naming its path; when set, nothing else is searched. */
  pathEnv: string;
  /** Where to look otherwise: absolute paths, or names searched on PATH, in order. */
  candidates: readonly string[];
  /** Environment variable that, set to 1, turns the skip into a failure. */
  requireEnv: string;
  /** How to install it. */
  install: string;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first candidate that is an executable file (bare names are looked up on PATH). */
export function findExecutable(candidates: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const candidate of candidates) {
    const paths = isAbsolute(candidate) ? [candidate] : dirs.map((dir) => join(dir, candidate));
    const found = paths.find(isExecutableFile);
    if (found) return found;
  }
  return undefined;
}

/**
 * The executable's path, or undefined after writing the one skip line (call it once, while the
 * test file is collected, and skip its tests on undefined). Throws when `requireEnv` is 1.
 */
export function requireExecutable(x: Executable, env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (line) => void process.stderr.write(line)): string | undefined {
  const given = env[x.pathEnv];
  const found = given ? findExecutable([given], env) : findExecutable(x.candidates, env);
  if (found) return found;
  const why = given ? `${x.pathEnv}=${given} is not an executable file` : `${x.name} was not found (looked for ${x.candidates.join(', ')})`;
  const how = `install it with \`${x.install}\`, or set ${x.pathEnv} to its path`;
  if (env[x.requireEnv] === '1') throw new Error(`${x.needs} must run here (${x.requireEnv}=1), but ${why}: ${how}`);
  write(`skipping ${x.needs}: ${why}; ${how}\n`);
  return undefined;
}
