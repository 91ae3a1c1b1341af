import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { parseAge } from '../history/age.js';
import { renderRunDetails, renderRunList } from '../history/render.js';
import { HistoryStore, type OpenOptions } from '../history/store.js';
import { computeTrend, TREND_METRICS, type TrendMetric } from '../history/trend.js';
import { renderTrendHtml } from '../history/trend-html.js';
import { writeOutputs } from '../report/write.js';
import { HISTORY_ENV, historyFile, historyInputError, type HistoryFile } from './history-record.js';
import type { CommandIo } from './io.js';

/** The options every `chatload history …` command takes. */
export interface HistoryReadOptions {
  history?: string;
  env?: NodeJS.ProcessEnv;
}

function where(options: HistoryReadOptions, command: string): HistoryFile {
  const found = historyFile(options, options.env ?? process.env);
  if (!found) throw new UsageError(`chatload history ${command} needs the history file: --history FILE (or set ${HISTORY_ENV})`);
  return found;
}

/** Opens the history, runs `use`, closes it; a file problem is exit 2 naming the file and the fix. */
async function withStore<T>(file: HistoryFile, open: OpenOptions, use: (store: HistoryStore) => T): Promise<T> {
  let store: HistoryStore | undefined;
  try {
    store = await HistoryStore.open(file.file, open);
    return use(store);
  } catch (error) {
    throw historyInputError(file, error);
  } finally {
    store?.close();
  }
}

function wholeNumber(value: number | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw InputError.single('(command line)', flag, `must be a whole number of at least ${min}, got ${value}`, `e.g. ${flag} ${Math.max(min, 20)}`);
  return value;
}

export async function historyList(options: HistoryReadOptions & { scenario?: string; last?: number }, io: CommandIo): Promise<number> {
  const last = wholeNumber(options.last, '--last', 1);
  const file = where(options, 'list');
  const runs = await withStore(file, { readonly: true }, (store) => store.list({ ...(options.scenario !== undefined ? { scenario: options.scenario } : {}), ...(last !== undefined ? { last } : {}) }));
  io.out(renderRunList(runs, file.file));
  return 0;
}

export async function historyShow(options: HistoryReadOptions & { run: string; json?: boolean }, io: CommandIo): Promise<number> {
  const file = where(options, 'show');
  if (options.run !== 'last' && !/^\d+$/.test(options.run)) throw InputError.single('(command line)', 'RUN', `"${options.run}" is not a run number`, 'give a run number from chatload history list, or "last"');
  const stored = await withStore(file, { readonly: true }, (store) => {
    const id = options.run === 'last' ? store.lastId() : Number(options.run);
    return id === undefined ? undefined : store.get(id);
  });
  if (!stored) throw InputError.single(file.file, 'RUN', options.run === 'last' ? 'holds no runs' : `has no run ${options.run}`, 'chatload history list shows the runs it holds');
  io.out(options.json ? `${JSON.stringify(stored.report, null, 2)}\n` : renderRunDetails(stored.run, stored.report));
  return 0;
}

export async function historyTrend(options: HistoryReadOptions & { metric?: string; scenario?: string; last?: number; out?: string }, io: CommandIo): Promise<number> {
  const metric = (options.metric ?? 'p99') as TrendMetric;
  if (!TREND_METRICS.includes(metric)) throw InputError.single('(command line)', '--metric', `"${options.metric}" is not a trend metric`, `choose one of ${TREND_METRICS.join(', ')}`);
  const last = wholeNumber(options.last, '--last', 1);
  const file = where(options, 'trend');
  const outDir = options.out ?? join('reports', 'trend');
  const runs = await withStore(file, { readonly: true }, (store) => store.reports({ ...(options.scenario !== undefined ? { scenario: options.scenario } : {}), ...(last !== undefined ? { last } : {}) }));
  const trend = computeTrend(runs, { metric, outDir: resolve(outDir) });
  const files = await writeOutputs(outDir, { 'trend.json': `${JSON.stringify(trend, null, 2)}\n`, 'trend.html': renderTrendHtml(trend, file.file) }, []);
  const regressed = trend.series.reduce((n, s) => n + s.points.filter((p) => p.regressions.length).length, 0);
  io.out(`trend of ${trend.runs} run${trend.runs === 1 ? '' : 's'} in ${trend.series.length} series (${regressed} regressed against the run before)\n  wrote      ${files.join('  ')}\n`);
  return 0;
}

export async function historyPrune(options: HistoryReadOptions & { keep?: number; olderThan?: string }, io: CommandIo): Promise<number> {
  const keep = wholeNumber(options.keep, '--keep', 0);
  const age = options.olderThan === undefined ? undefined : parseAge(options.olderThan);
  if (options.olderThan !== undefined && age === undefined) throw InputError.single('(command line)', '--older-than', `"${options.olderThan}" is not an age`, 'write a number and a unit: 90d, 2w, 12h');
  if (keep === undefined && age === undefined) throw new UsageError('chatload history prune needs --keep N (runs to keep) or --older-than AGE (e.g. 90d), or both');
  const file = where(options, 'prune');
  const { removed, left } = await withStore(file, { create: false }, (store) => {
    const removed = store.prune({ ...(keep !== undefined ? { keep } : {}), ...(age !== undefined ? { before: new Date(Date.now() - age) } : {}) });
    return { removed, left: store.count() };
  });
  io.out(`${file.file}: removed ${removed} run${removed === 1 ? '' : 's'}, ${left} left\n`);
  return 0;
}
