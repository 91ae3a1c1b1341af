import { InputError } from '../errors.js';
import { HistoryFileError } from '../history/failure.js';
import { parseHistoryBaseline, sumOfRuns } from '../history/baseline.js';
import { targetForHistory, type HistoryKind, type SeriesKey } from '../history/record.js';
import { HistoryStore, type StoredRun } from '../history/store.js';
import type { RunReport } from '../run-report.js';
import { HISTORY_ENV, historyInputError, type HistoryFile } from './history-record.js';
import type { CommandIo } from './io.js';

/** Where `--baseline history:…` looks: the history file, and the series this run belongs to. */
export interface HistoryLookup {
  where: HistoryFile | undefined;
  series: SeriesKey;
  /** Told when the history has no passing run of the series yet (the run then has no baseline). */
  warn(text: string): void;
  /** How the command line gave the baseline, for messages: `--baseline` (run, the default) or `BASELINE` (compare). */
  argument?: string;
}

/**
 * Resolves `--baseline history:last-pass` or `history:median:N` before anything is sent. A history
 * without a passing run of this scenario and target (a first CI run, an empty cache) gives no
 * baseline and a warning, not a failure.
 */
export async function historyBaseline(spec: string, lookup: HistoryLookup | undefined): Promise<{ file: string; report: RunReport } | undefined> {
  const argument = lookup?.argument ?? '--baseline';
  const parsed = parseHistoryBaseline(spec, argument);
  if (!lookup?.where) throw InputError.single('(command line)', argument, `${spec} reads the run history, and no history file is named`, `add --history FILE or set ${HISTORY_ENV}`);
  const { where, series } = lookup;
  let store: HistoryStore | undefined;
  let runs: StoredRun[];
  try {
    store = await HistoryStore.open(where.file, { readonly: true });
    runs = store.passing(series, parsed.kind === 'median' ? parsed.runs : 1);
  } catch (error) {
    if (error instanceof HistoryFileError && error.reason === 'missing') runs = [];
    else throw historyInputError(where, error, `needed by ${argument} ${spec}; nothing was sent`);
  } finally {
    store?.close();
  }
  const of = `${series.scenario} against ${series.target}${series.shard ? ` (shard ${series.shard})` : ''}`;
  if (runs.length === 0) {
    lookup.warn(`no passing run of ${of} in ${where.file} yet: this run has no baseline (${argument} ${spec})`);
    return undefined;
  }
  const ids = runs.map((r) => r.run.id).reverse();
  if (parsed.kind === 'median' && runs.length < parsed.runs) lookup.warn(`only ${runs.length} passing run${runs.length === 1 ? '' : 's'} of ${of} in ${where.file}: the baseline sums ${runs.length === 1 ? 'that one' : 'those'}`);
  const label = `${spec} (${where.file}: run${ids.length === 1 ? '' : 's'} ${ids.join(', ')})`;
  return { file: label, report: sumOfRuns(runs.map((r) => r.report)) };
}

/** The lookup of a run about to start: its scenario, its target (credentials dropped), its shard. */
export function historyLookup(where: HistoryFile | undefined, run: { scenario: string; target: string; kind: HistoryKind; shard?: { index: number; count: number } | undefined }, io: CommandIo): HistoryLookup {
  return {
    where,
    series: { scenario: run.scenario, target: targetForHistory(run.target), kind: run.kind, shard: run.shard ? `${run.shard.index}/${run.shard.count}` : null },
    warn: (text) => io.err(`chatload: warning: ${text}\n`),
  };
}
