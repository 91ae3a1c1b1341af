import { historyEntry, type EntryContext, type HistoryRun } from '../../src/history/record.js';
import type { StoredRun } from '../../src/history/store.js';
import type { RunReport } from '../../src/run-report.js';

/** A run as the history returns it, built from a report the way `--history` stores one (no database). */
export function storedRun(id: number, report: RunReport, context: Partial<EntryContext> = {}): StoredRun {
  const { histograms: _histograms, report: _rest, ...summary } = historyEntry(JSON.stringify(report), {
    command: 'run',
    recordedAt: report.endedAt,
    commit: null,
    branch: null,
    tags: {},
    reportDir: null,
    ...context,
  });
  const run: HistoryRun = { id, ...summary };
  return { run, report };
}
