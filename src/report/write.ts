import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
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
    await unlink(probe).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw InputError.single(dir, '--out', `cannot be written (${code}); nothing was sent`, FIX_BY_CODE[code] ?? 'choose an output folder you can write to with --out');
  }
}

/** Writes a file atomically: a temporary file beside it, then a rename, so no reader sees half a report. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await makeDir(dirname(path));
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    // A full disk leaves part of the file behind: nothing half-written stays.
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** How to get out of the refusals a writer meets after a run; the rest: write somewhere else. */
const FIX_BY_CODE: Record<string, string> = {
  ENOSPC: 'free space on that disk, or write elsewhere with --out',
  EDQUOT: 'free space within your disk quota, or write elsewhere with --out',
  EFBIG: 'raise the file-size limit (ulimit -f), or write elsewhere with --out',
  EMFILE: 'raise the open-file limit (ulimit -n), or lower the connections',
  ENFILE: 'close other programs holding files, or lower the connections',
};

/** Descriptors still held by sockets being closed come back within moments: such a refusal is tried again. */
const RETRIED_CODES = new Set(['EMFILE', 'ENFILE']);
const WRITE_ATTEMPTS = 5;
const RETRY_DELAY_MS = 100;

/** An output file the system refused (no partial file is left); `written` are the files written before it. */
export class OutputWriteError extends InputError {
  constructor(
    problem: InputProblem,
    readonly written: string[],
  ) {
    super([problem]);
  }
}

/** Writes each output file, redacting every secret on the way out. Returns the paths written. */
export async function writeOutputs(dir: string, files: Record<string, string>, secrets: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    const text = redactOutput(name, content, secrets);
    for (let attempt = 1; ; attempt++) {
      try {
        await writeFileAtomic(path, text);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (attempt < WRITE_ATTEMPTS && RETRIED_CODES.has(code)) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
          continue;
        }
        throw new OutputWriteError({ file: path, field: '--out', message: `cannot be written (${code})`, fix: FIX_BY_CODE[code] ?? 'choose an output folder you can write to with --out' }, written);
      }
    }
    written.push(path);
  }
  return written;
}
