import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { historyBaseline } from '../../src/commands/history-baseline.js';
import { recordInHistory } from '../../src/commands/history-record.js';
import type { CommandIo } from '../../src/commands/io.js';
import { describeHistoryFailure } from '../../src/history/failure.js';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/history/migrations.js';
import { HistoryStore } from '../../src/history/store.js';
import { decodeHistogram, mergeEncoded, summarize } from '../../src/record/histogram.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { latencies, reportOf } from '../helpers/reports.js';

/** The history store on real SQLite files in a temp folder. */

const quiet = (): CommandIo & { text: () => string } => {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTty: false, text: () => text };
};

const DAY = 86_400_000;
const T0 = Date.parse('2025-05-01T08:00:00Z');

function report(day: number, median: number, options: { scenario?: string; target?: string; seed?: number } = {}): RunReport {
  const r = reportOf(latencies(500, median, 0.2, options.seed ?? day + 1).map((ms) => ({ ms })), {
    scenario: { name: options.scenario ?? 'smoke', file: 'scenarios/smoke.yaml' },
    startedAtEpochMs: T0 + day * DAY,
    endedAtEpochMs: T0 + day * DAY + 10_000,
  });
  return options.target ? { ...r, target: { url: options.target, kind: 'remote' } } : r;
}

async function record(file: string, r: RunReport, options: { secrets?: string[]; tags?: Record<string, string> } = {}): Promise<void> {
  await recordInHistory({ file, field: '--history', tags: options.tags ?? {} }, { command: 'run', report: r, outDir: join(file, '..', r.startedAt), secrets: options.secrets ?? [] }, quiet());
}

async function openRaw(file: string): Promise<Database.Database> {
  return new Database(file);
}

describe('the history store', () => {
  it('creates a WAL file of its own schema, and stores and reads back a run whole', async () => {
    const file = join(await tempDir('chatload-history-'), 'nested', 'history.db');
    const r = report(0, 40);
    await record(file, r, { tags: { release: '1.4.2' } });
    const raw = await openRaw(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(raw.prepare('SELECT name FROM run_histograms ORDER BY name').pluck().all()).toEqual(['goodLatency', 'latency', 'latencyByStatusClass.2xx', 'serviceTime']);
    expect(raw.prepare('SELECT status, count FROM run_statuses').all()).toEqual([{ status: '201', count: 500 }]);
    raw.close();

    const store = await HistoryStore.open(file, { readonly: true });
    const stored = store.get(1)!;
    store.close();
    expect(stored.report).toEqual(r);
    expect(stored.run).toMatchObject({ id: 1, scenario: 'smoke', target: 'mock', tags: { release: '1.4.2' }, requests: 500, verdict: 'pass', statuses: { '201': 500 } });
    expect(stored.run.latency.p99).toBe(r.latency.p99);
  });

  it('never stores the API key, nor a target URL’s credentials', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    const key = 'sk-live-0123456789abcdef';
    const r = report(0, 40, { target: `https://user:${key}@api.example.com/?key=${key}` });
    r.conformance.samples.push({ rule: 'body-schema', message: `echoed ${key}`, request: { seq: 1, body: { agentId: 'a', input: 'x' } } } as never);
    await record(file, r, { secrets: [key] });
    const store = await HistoryStore.open(file, { readonly: true });
    expect(store.list()[0]!.target).toBe('https://api.example.com');
    store.close();
    for (const suffix of ['', '-wal']) {
      const bytes = await readFile(`${file}${suffix}`).catch(() => Buffer.alloc(0));
      expect(bytes.includes(key), `${file}${suffix}`).toBe(false);
    }
  });

  it('a key that is a field name (requests) leaves the stored report whole: only values are redacted', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    const r = report(0, 40);
    await record(file, r, { secrets: ['requests'] });
    const store = await HistoryStore.open(file, { readonly: true });
    const stored = store.get(1)!;
    store.close();
    expect(stored.report.totals).toEqual(r.totals);
    expect(stored.run.requests).toBe(500);
  });

  it('drops a target URL’s credentials from the stored report too, even when they are not the API key', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    const password = 'pa55-word-in-url';
    await record(file, report(0, 40, { target: `https://robot:${password}@api.example.com/v1` }));
    const store = await HistoryStore.open(file, { readonly: true });
    const stored = store.get(1)!;
    store.close();
    expect(stored.report.target.url).toBe('https://api.example.com/v1');
    for (const suffix of ['', '-wal']) {
      const bytes = await readFile(`${file}${suffix}`).catch(() => Buffer.alloc(0));
      expect(bytes.includes(password), `${file}${suffix}`).toBe(false);
    }
  });

  it('opens a file of the current schema again without changing it, and refuses a newer one untouched', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    await record(file, report(0, 40));
    await record(file, report(1, 40));
    const raw = await openRaw(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = await readFile(file);
    const error = await HistoryStore.open(file).catch((e: unknown) => e);
    expect(describeHistoryFailure(error).message).toBe(`was written by a newer chatload (history schema v${SCHEMA_VERSION + 1}; this chatload knows schema v${SCHEMA_VERSION})`);
    expect(describeHistoryFailure(error).fix).toMatch(/upgrade chatload/);
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('leaves another program’s SQLite file and a file that is not SQLite untouched', async () => {
    const dir = await tempDir('chatload-history-');
    const foreign = join(dir, 'app.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (\'mine\')');
    raw.close();
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'these are my notes, not a database\n'.repeat(20));
    for (const file of [foreign, text]) {
      const before = await readFile(file);
      const error = await HistoryStore.open(file).catch((e: unknown) => e);
      expect(describeHistoryFailure(error).message, file).toMatch(/^is not a chatload history database .*; it was left untouched$/);
      expect((await readFile(file)).equals(before), file).toBe(true);
    }
  });

  it('tells a locked file and a full disk by their SQLite errors', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    await record(file, report(0, 40));
    const holder = await openRaw(file);
    holder.exec('BEGIN IMMEDIATE');
    const store = await HistoryStore.open(file, { busyTimeoutMs: 100 });
    const locked = (() => {
      try {
        store.prune({ keep: 0 });
      } catch (error) {
        return error;
      }
    })();
    store.close();
    holder.exec('ROLLBACK');
    holder.close();
    expect(describeHistoryFailure(locked).message).toMatch(/^is locked by another process/);

    const full = await openRaw(file);
    full.pragma(`max_page_count = ${full.pragma('page_count', { simple: true }) as number}`);
    const error = (() => {
      try {
        full.prepare('INSERT INTO run_tags (run_id, key, value) VALUES (1, ?, ?)').run('big', 'x'.repeat(200_000));
      } catch (e) {
        return e;
      }
    })();
    full.close();
    expect(describeHistoryFailure(error).message).toMatch(/^cannot be written: the disk is full/);
    expect(describeHistoryFailure(error).fix).toMatch(/chatload history prune --keep/);
  });

  it('prunes to the newest N and by age, with each run’s tags and histograms', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    for (let day = 0; day < 6; day++) await record(file, report(day, 40), { tags: { day: String(day) } });
    const store = await HistoryStore.open(file);
    expect(store.prune({ keep: 4 })).toBe(2);
    expect(store.list().map((r) => r.tags.day)).toEqual(['2', '3', '4', '5']);
    expect(store.prune({ before: new Date(T0 + 4 * DAY) })).toBe(2);
    expect(store.list().map((r) => r.id)).toEqual([5, 6]);
    expect(store.list({ last: 1 }).map((r) => r.id)).toEqual([6]);
    store.close();
    const raw = await openRaw(file);
    expect(raw.prepare('SELECT DISTINCT run_id FROM run_histograms ORDER BY run_id').pluck().all()).toEqual([5, 6]);
    expect(raw.prepare('SELECT DISTINCT run_id FROM run_tags ORDER BY run_id').pluck().all()).toEqual([5, 6]);
    raw.close();
  });
});

describe('--baseline history:…', () => {
  it('history:median:5 is the HDR sum of the last 5 passing runs of the same scenario and target', async () => {
    const file = join(await tempDir('chatload-history-'), 'history.db');
    const reports: RunReport[] = [];
    for (let day = 0; day < 8; day++) reports.push(report(day, 30 + day * 3));
    reports[6] = { ...reports[6]!, verdict: 'fail', verdictReasons: ['threshold p99<1ms failed'] };
    reports[7] = { ...reports[7]!, partial: true };
    for (const r of reports) await record(file, r);
    await record(file, report(9, 500, { scenario: 'other' }));
    await record(file, report(10, 500, { target: 'https://api.example.com' }));

    const warnings: string[] = [];
    const lookup = { where: { file, field: '--history' }, series: { scenario: 'smoke', target: 'mock', kind: 'load' as const, shard: null }, warn: (t: string) => warnings.push(t) };
    const baseline = await historyBaseline('history:median:5', lookup);
    // Runs 7 (failed) and 8 (partial) are left out, and so are the other scenario's and target's.
    expect(baseline!.file).toBe(`history:median:5 (${file}: runs 2, 3, 4, 5, 6)`);
    const used = reports.slice(1, 6);
    const sum = mergeEncoded(used.map((r) => r.latency.hdr));
    expect(decodeHistogram(baseline!.report.latency.hdr).totalCount).toBe(2500);
    expect({ ...baseline!.report.latency, hdr: '' }).toEqual({ unit: 'ms', ...summarize(sum), hdr: '' });
    expect(baseline!.report.totals.requests).toBe(2500);
    expect(warnings).toEqual([]);

    const last = await historyBaseline('history:last-pass', lookup);
    expect(last!.file).toBe(`history:last-pass (${file}: run 6)`);
    expect(last!.report).toEqual(reports[5]);
  });

  it('gives no baseline and a warning when the history has no passing run yet, or no file yet', async () => {
    const dir = await tempDir('chatload-history-');
    const warnings: string[] = [];
    const lookup = (file: string) => ({ where: { file, field: '--history' }, series: { scenario: 'smoke', target: 'mock', kind: 'load' as const, shard: null }, warn: (t: string) => warnings.push(t) });
    expect(await historyBaseline('history:last-pass', lookup(join(dir, 'none.db')))).toBeUndefined();
    await record(join(dir, 'h.db'), report(0, 40, { scenario: 'other' }));
    expect(await historyBaseline('history:median:3', lookup(join(dir, 'h.db')))).toBeUndefined();
    expect(warnings).toEqual([
      `no passing run of smoke against mock in ${join(dir, 'none.db')} yet: this run has no baseline (--baseline history:last-pass)`,
      `no passing run of smoke against mock in ${join(dir, 'h.db')} yet: this run has no baseline (--baseline history:median:3)`,
    ]);
  });

  it('needs a history file', async () => {
    await expect(historyBaseline('history:last-pass', { where: undefined, series: { scenario: 's', target: 'mock', kind: 'load', shard: null }, warn: () => undefined })).rejects.toThrow(
      '(command line): --baseline: history:last-pass reads the run history, and no history file is named (fix: add --history FILE or set CHATLOAD_HISTORY)',
    );
  });
});
