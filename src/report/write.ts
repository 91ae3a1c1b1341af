import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { redactOutput } from '../redact.js';

/**
 * Creates a folder and its missing parents one level at a time. (Node 20's recursive mkdir spins
 * forever on some refusals, e.g. under /proc; one level at a time, each refusal is an error.)
 */
export async function makeDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      await mkdir(at);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || dirname(at) === at) throw error;
      missing.push(at);
    }
  }
  for (const at of missing.reverse()) await mkdir(at).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Checks before a run that its reports can be written, so no traffic is spent for results that would be lost. */
export async function assertWritableDir(dir: string): Promise<void> {
  const probe = join(dir, `.chatload-write-check.${process.pid}.tmp`);
  try {
    await makeDir(dir);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw InputError.single(dir, '--out', `cannot be written (${code}); nothing was sent`, 'choose an output folder you can write to with --out');
  }
}

/** Writes a file atomically: a temporary file beside it, then a rename, so no reader sees half a report. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await makeDir(dirname(path));
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

/** Writes each output file, redacting every secret on the way out. Returns the paths written. */
export async function writeOutputs(dir: string, files: Record<string, string>, secrets: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    try {
      await writeFileAtomic(path, redactOutput(name, content, secrets));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw InputError.single(path, '--out', `cannot be written (${code})`, 'choose an output folder you can write to with --out');
    }
    written.push(path);
  }
  return written;
}
