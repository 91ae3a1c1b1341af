import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { redactSecrets } from '../redact.js';

/** Writes a file atomically: a temporary file beside it, then a rename, so no reader sees half a report. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
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
      await writeFileAtomic(path, redactSecrets(content, secrets));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw InputError.single(path, '--out', `cannot be written (${code})`, 'choose an output folder you can write to with --out');
    }
    written.push(path);
  }
  return written;
}
