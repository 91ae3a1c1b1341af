import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { removeTempDirs, ROOT } from './cli.js';

/**
 * Runs around every test file (vitest `setupFiles`): the temp folders the file made are removed
 * after it, and a file that wrote into the user's reports/ fails, naming what it left there.
 */

const REPORTS = join(ROOT, 'reports');
const entries = (): string[] => {
  try {
    return readdirSync(REPORTS);
  } catch {
    return [];
  }
};

let before = new Set<string>();
beforeAll(() => {
  before = new Set(entries());
});

afterAll(async () => {
  await removeTempDirs();
  const added = entries().filter((name) => !before.has(name));
  if (added.length) throw new Error(`this test file wrote into the user's reports/ folder (${added.join(', ')}): give the run --out under tempDir()`);
});
