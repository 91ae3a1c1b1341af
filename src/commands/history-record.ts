import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { describeHistoryFailure, HistoryFileError } from '../history/failure.js';
import { gitInfo } from '../history/git.js';
import { historyEntry, parseTags, urlSecrets } from '../history/record.js';
import { HistoryStore } from '../history/store.js';
import { redactDeep } from '../redact.js';
import type { RunReport } from '../run-report.js';
import type { CommandIo } from './io.js';

export const HISTORY_ENV = 'CHATLOAD_HISTORY';

/** `--history FILE` and `--tag k=v`: the option group of every command that writes a report. */
export interface HistoryOptions {
  /** The SQLite run history to add the run to; default $CHATLOAD_HISTORY. */
  history?: string;
  /** `--tag key=value`, repeatable: stored with the run. */
  tags?: string[];
}

/** Which history file, and where it was named (for messages). */
export interface HistoryFile {
  file: string;
  field: string;
}

export interface HistoryTarget extends HistoryFile {
  tags: Record<string, string>;
}

export function historyFile(options: HistoryOptions, env: NodeJS.ProcessEnv = process.env): HistoryFile | undefined {
  if (options.history) return { file: options.history, field: '--history' };
  const fromEnv = env[HISTORY_ENV]?.trim();
  return fromEnv ? { file: fromEnv, field: HISTORY_ENV } : undefined;
}

/** Checked before anything is sent: a malformed tag, or tags with no history to go to, is bad input. */
export function prepareHistory(options: HistoryOptions, env: NodeJS.ProcessEnv = process.env): HistoryTarget | undefined {
  const tags = parseTags(options.tags ?? []);
  const where = historyFile(options, env);
  if (where) return { ...where, tags };
  if (Object.keys(tags).length) throw InputError.single('(command line)', '--tag', 'tags are stored in the run history, and no history file is named', `add --history FILE or set ${HISTORY_ENV}`);
  return undefined;
}

/** A history file's failure as bad input (exit 2) naming the file and the fix; a programming error is passed on as it is. */
export function historyInputError(where: HistoryFile, error: unknown, note = ''): unknown {
  const known = error instanceof HistoryFileError || typeof (error as { code?: unknown })?.code === 'string';
  if (!known) return error;
  const problem = describeHistoryFailure(error);
  return InputError.single(where.file, where.field, `${problem.message}${note ? `; ${note}` : ''}`, problem.fix);
}

export interface RecordedRun {
  command: string;
  report: RunReport;
  outDir: string;
  secrets: readonly string[];
}

/**
 * Adds a run to the history, after its report files are written: a history that cannot take it
 * is exit 2, and what was measured is already on disk. What is stored is what report.json holds
 * (secrets redacted the same way), plus the git commit and branch and the tags.
 */
export async function recordInHistory(target: HistoryTarget | undefined, run: RecordedRun, io: CommandIo): Promise<void> {
  if (!target) return;
  const { commit, branch } = await gitInfo();
  const secrets = [...run.secrets, ...urlSecrets(run.report.target.url)];
  const entry = historyEntry(JSON.stringify(redactDeep(run.report, secrets)), {
    command: run.command,
    recordedAt: new Date().toISOString(),
    commit,
    branch,
    tags: target.tags,
    reportDir: resolve(run.outDir),
  });
  let store: HistoryStore | undefined;
  try {
    store = await HistoryStore.open(target.file);
    const id = store.insert(entry);
    io.out(`  history    run ${id} in ${target.file}\n`);
  } catch (error) {
    throw historyInputError(target, error, `the report files are written (${run.outDir}), but the run is not in the history`);
  } finally {
    store?.close();
  }
}
