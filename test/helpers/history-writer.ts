/**
 * A child process for the concurrency test: waits until START_AT (ms since epoch), then adds COUNT
 * runs of scenario LABEL to FILE, opening the history for each run as `chatload run --history` does.
 * Usage: node --import tsx test/helpers/history-writer.ts FILE COUNT LABEL START_AT
 */
import { historyEntry } from '../../src/history/record.js';
import { HistoryStore } from '../../src/history/store.js';
import { reportOf } from './reports.js';

const [file, count, label, startAt] = process.argv.slice(2) as [string, string, string, string];
const json = JSON.stringify(reportOf([{ ms: 10 }, { ms: 20 }, { ms: 30 }], { scenario: { name: label, file: `${label}.yaml` } }));
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
for (let i = 0; i < Number(count); i++) {
  const store = await HistoryStore.open(file);
  try {
    store.insert(historyEntry(json, { command: 'run', recordedAt: new Date().toISOString(), commit: null, branch: null, tags: { i: String(i) }, reportDir: null }));
  } finally {
    store.close();
  }
}
