import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * chatload reads its input files (scenario, data, reports, mock config) whole. Reading a FIFO or
 * a device could block for ever, so a path that is not a regular file is refused before it is opened.
 */

/** The fix for a pipe, socket or device named where a file is read. */
export const IRREGULAR_FIX = "point it at a regular file; chatload reads the whole file before it starts, so save a pipe's output to a file first";

/** A file's kind when it is not a regular file, e.g. "a named pipe (FIFO), not a regular file". */
export function irregularKind(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a directory, not a file';
  if (info.isFIFO()) return 'a named pipe (FIFO), not a regular file';
  if (info.isSocket()) return 'a socket, not a regular file';
  return 'a device, not a regular file';
}

/** What is wrong with reading `path` whole, when it exists and is not a regular file; otherwise undefined (reading it says the rest). */
export async function irregularFile(path: string): Promise<string | undefined> {
  try {
    return irregularKind(await stat(path));
  } catch {
    return undefined;
  }
}
