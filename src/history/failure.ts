import { SCHEMA_VERSION } from './migrations.js';

/** A history file chatload will not touch: another program's SQLite file, or a newer chatload's. */
export class HistoryFileError extends Error {
  constructor(
    readonly reason: 'foreign' | 'newer' | 'missing' | 'directory',
    message: string,
  ) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

export interface HistoryProblem {
  message: string;
  fix: string;
}

const ANOTHER_FILE = 'give --history a new file name (chatload creates it) or a file chatload wrote';

/**
 * What went wrong with a history file, and the fix, from an error of better-sqlite3 (its SQLite
 * result code) or of the file system. Pure.
 */
export function describeHistoryFailure(error: unknown): HistoryProblem {
  if (error instanceof HistoryFileError) {
    switch (error.reason) {
      case 'foreign':
        return { message: `is not a chatload history database (${error.message}); it was left untouched`, fix: ANOTHER_FILE };
      case 'newer':
        return { message: `was written by a newer chatload (${error.message}; this chatload knows schema v${SCHEMA_VERSION})`, fix: 'upgrade chatload, or give --history another file' };
      case 'missing':
        return { message: 'history file not found', fix: 'check the path, or record a run first with chatload run --history FILE' };
      case 'directory':
        return { message: 'is a directory, not a history file', fix: 'give --history a file path, e.g. history/chatload.db' };
    }
  }
  const code = String((error as { code?: unknown })?.code ?? '');
  const detail = (error as Error)?.message ?? String(error);
  if (code === 'SQLITE_NOTADB') return { message: `is not a chatload history database (not an SQLite file: ${detail}); it was left untouched`, fix: ANOTHER_FILE };
  if (code.startsWith('SQLITE_CORRUPT')) {
    return { message: `is damaged (SQLite: ${detail})`, fix: 'restore it from a backup or the CI cache, or start a new file; `sqlite3 FILE .recover` saves what is left' };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return {
      message: `cannot be written (${code}: ${detail})`,
      fix: 'make the file and its folder writable, as SQLite keeps FILE-wal and FILE-shm beside it, or give --history another file',
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { message: `is locked by another process (${detail})`, fix: 'let the other chatload finish, and check that no other program holds the file open in a transaction' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { message: `cannot be written: the disk is full (${detail})`, fix: 'free some space, or drop old runs with chatload history prune --keep 200' };
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return { message: `cannot be written (I/O error ${code}: ${detail})`, fix: 'check the disk and the file system, or give --history another file' };
  return { message: `cannot be used (${code ? `${code}: ` : ''}${detail})`, fix: 'give --history another file' };
}
