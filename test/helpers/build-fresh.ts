import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// What the build reads: a change to any of these makes dist/ stale.
const INPUTS = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * vitest globalSetup: the CLI tests run bin/chatload.js, which runs the compiled dist/. `npm test`
 * builds first; a test file run on its own (`npx vitest run test/e2e/x.test.ts`) gets dist/ rebuilt
 * here when a source is newer, so no test ever runs a stale build.
 */
export default function buildWhenStale(): void {
  if (builtAt() >= Math.max(...INPUTS.map((p) => newest(join(ROOT, p))))) return;
  process.stderr.write('dist/ is older than the sources: npm run build\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}
