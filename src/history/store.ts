import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { RunReport } from '../run-report.js';
import { upgradeReport } from '../report/upgrade.js';
import { makeDir } from '../report/write.js';
import { HistoryFileError } from './failure.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { joinHistograms, type HistoryEntry, type HistoryRun, type SeriesKey } from './record.js';

/** How long a writer waits for another one (shards finishing together, parallel CI jobs). */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** Read commands open the file read-only and never create it. */
  readonly?: boolean;
  /** Create the file (and its folder) when it is missing; default true unless read-only. */
  create?: boolean;
  busyTimeoutMs?: number;
}

export interface StoredRun {
  run: HistoryRun;
  report: RunReport;
}

export interface RunFilter {
  scenario?: string;
  /** Only the newest N (still returned oldest first). */
  last?: number;
}

interface RunRow {
  id: number;
  recorded_at: string;
  command: string;
  kind: HistoryRun['kind'];
  scenario: string;
  scenario_file: string;
  target: string;
  target_kind: HistoryRun['targetKind'];
  shard: string | null;
  profile: string;
  git_commit: string | null;
  git_branch: string | null;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  partial: number;
  requests: number;
  responses: number;
  errors: number;
  error_rate: number;
  transport_errors: number;
  timeouts: number;
  dropped: number;
  late: number;
  rps: number;
  checked: number;
  violating: number;
  p50_ms: number | null;
  p90_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  p999_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
  capacity: number | null;
  verdict: HistoryRun['verdict'];
  report_dir: string | null;
  tags_json: string;
  statuses_json: string;
  rules_json: string;
}

const SUMMARY = `r.id, r.recorded_at, r.command, r.kind, r.scenario, r.scenario_file, r.target, r.target_kind, r.shard, r.profile,
  r.git_commit, r.git_branch, r.started_at, r.ended_at, r.duration_ms, r.partial, r.requests, r.responses, r.errors, r.error_rate,
  r.transport_errors, r.timeouts, r.dropped, r.late, r.rps, r.checked, r.violating, r.p50_ms, r.p90_ms, r.p95_ms, r.p99_ms, r.p999_ms,
  r.max_ms, r.mean_ms, r.capacity, r.verdict, r.report_dir,
  (SELECT json_group_object(key, value) FROM run_tags WHERE run_id = r.id) AS tags_json,
  (SELECT json_group_object(status, count) FROM run_statuses WHERE run_id = r.id) AS statuses_json,
  (SELECT json_group_object(rule, count) FROM run_rules WHERE run_id = r.id) AS rules_json`;

const NEWEST_FIRST = 'ORDER BY r.started_at DESC, r.id DESC';

function toRun(row: RunRow): HistoryRun {
  return {
    id: row.id,
    recordedAt: row.recorded_at,
    command: row.command,
    kind: row.kind,
    scenario: row.scenario,
    scenarioFile: row.scenario_file,
    target: row.target,
    targetKind: row.target_kind,
    shard: row.shard,
    profile: row.profile,
    commit: row.git_commit,
    branch: row.git_branch,
    tags: JSON.parse(row.tags_json) as Record<string, string>,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    partial: row.partial !== 0,
    requests: row.requests,
    responses: row.responses,
    errors: row.errors,
    errorRate: row.error_rate,
    transportErrors: row.transport_errors,
    timeouts: row.timeouts,
    dropped: row.dropped,
    late: row.late,
    rps: row.rps,
    checked: row.checked,
    violating: row.violating,
    latency: { p50: row.p50_ms, p90: row.p90_ms, p95: row.p95_ms, p99: row.p99_ms, p999: row.p999_ms, max: row.max_ms, mean: row.mean_ms },
    capacity: row.capacity,
    verdict: row.verdict,
    reportDir: row.report_dir,
    statuses: JSON.parse(row.statuses_json) as Record<string, number>,
    rules: JSON.parse(row.rules_json) as Record<string, number>,
  };
}

/** The file's schema version; refuses (untouched) a file that is not ours, or is newer than this chatload. */
function checkFile(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id !== APPLICATION_ID) {
    const tables = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number };
    // An empty SQLite file (or one just created) becomes a history; any other file is left alone.
    if (id !== 0 || tables.n > 0 || version !== 0) throw new HistoryFileError('foreign', `an SQLite file of another program (application_id ${id}, ${tables.n} schema objects)`);
  }
  if (version > SCHEMA_VERSION) throw new HistoryFileError('newer', `history schema v${version}`);
  return version;
}

/** Brings a file of ours to the newest schema. */
function migrate(db: Database.Database): void {
  if (checkFile(db) === SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock first: two processes creating the file at once migrate it once.
  db.transaction(() => {
    const version = checkFile(db);
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * WAL is kept in the file: the first process to open it sets it, the others find it set. Setting it
 * takes a lock SQLite's busy timeout does not wait for (two processes creating one history at once
 * got "database is locked"), so a process that finds the file busy waits a moment and looks again.
 */
async function useWal(db: Database.Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

/**
 * The run history: one SQLite file (WAL, so readers never block the writer, and a busy timeout,
 * so shards and parallel jobs that finish together all get their turn). I/O at the edge; every
 * write is one transaction.
 */
export class HistoryStore {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  static async open(file: string, options: OpenOptions = {}): Promise<HistoryStore> {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info?.isDirectory()) throw new HistoryFileError('directory', file);
    if (!info && (options.readonly || options.create === false)) throw new HistoryFileError('missing', file);
    if (!info) await makeDir(dirname(file));
    // The native module loads when a history is opened: a run without one never pays for it.
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    const db = new Sqlite(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    try {
      // Nothing is written before the file is known to be ours: switching to WAL rewrites its header.
      checkFile(db);
      if (options.readonly) {
        if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) throw new HistoryFileError('foreign', 'an empty SQLite file');
      } else {
        await useWal(db, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
        migrate(db);
      }
      db.pragma('foreign_keys = ON');
      return new HistoryStore(file, db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Inserts one run with its tags, statuses, rule counts and histograms, in one transaction; returns its id. */
  insert(entry: HistoryEntry): number {
    const insertRun = this.db.prepare(`INSERT INTO runs (recorded_at, command, kind, scenario, scenario_file, target, target_kind, shard, profile,
      git_commit, git_branch, started_at, ended_at, duration_ms, partial, requests, responses, errors, error_rate, transport_errors, timeouts,
      dropped, late, rps, checked, violating, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms, max_ms, mean_ms, capacity, verdict, report_dir, report)
      VALUES (@recordedAt, @command, @kind, @scenario, @scenarioFile, @target, @targetKind, @shard, @profile, @commit, @branch, @startedAt, @endedAt,
      @durationMs, @partial, @requests, @responses, @errors, @errorRate, @transportErrors, @timeouts, @dropped, @late, @rps, @checked, @violating,
      @p50, @p90, @p95, @p99, @p999, @max, @mean, @capacity, @verdict, @reportDir, @report)`);
    const insertTag = this.db.prepare('INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?)');
    const insertStatus = this.db.prepare('INSERT INTO run_statuses (run_id, status, count) VALUES (?, ?, ?)');
    const insertRule = this.db.prepare('INSERT INTO run_rules (run_id, rule, count) VALUES (?, ?, ?)');
    const insertHistogram = this.db.prepare('INSERT INTO run_histograms (run_id, name, hdr) VALUES (?, ?, ?)');
    return this.db
      .transaction(() => {
        const { tags, statuses, rules, histograms, latency, partial, ...columns } = entry;
        const id = Number(insertRun.run({ ...columns, ...latency, partial: partial ? 1 : 0 }).lastInsertRowid);
        for (const [key, value] of Object.entries(tags)) insertTag.run(id, key, value);
        for (const [status, count] of Object.entries(statuses)) insertStatus.run(id, status, count);
        for (const [rule, count] of Object.entries(rules)) insertRule.run(id, rule, count);
        for (const [name, hdr] of Object.entries(histograms)) insertHistogram.run(id, name, hdr);
        return id;
      })
      .immediate();
  }

  /** Runs, oldest first: all, one scenario's, or the newest N. */
  list(filter: RunFilter = {}): HistoryRun[] {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY} FROM runs r ${filter.scenario !== undefined ? 'WHERE r.scenario = @scenario' : ''} ${NEWEST_FIRST} ${filter.last !== undefined ? 'LIMIT @last' : ''}`)
      .all({ ...(filter.scenario !== undefined ? { scenario: filter.scenario } : {}), ...(filter.last !== undefined ? { last: filter.last } : {}) }) as RunRow[];
    return rows.map(toRun).reverse();
  }

  /** The newest run's id, if any. */
  lastId(): number | undefined {
    return (this.db.prepare(`SELECT r.id FROM runs r ${NEWEST_FIRST} LIMIT 1`).get() as { id: number } | undefined)?.id;
  }

  /** One run with its report.json as written (histograms put back). */
  get(id: number): StoredRun | undefined {
    const row = this.db.prepare(`SELECT ${SUMMARY}, r.report FROM runs r WHERE r.id = ?`).get(id) as (RunRow & { report: string }) | undefined;
    return row ? this.stored(row) : undefined;
  }

  /** Runs with their reports, oldest first (for trends). */
  reports(filter: RunFilter = {}): StoredRun[] {
    return this.list(filter).map((run) => this.get(run.id)!);
  }

  /** The newest `limit` passing, complete runs of one series, newest first (for baselines). */
  passing(series: SeriesKey, limit: number): StoredRun[] {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY}, r.report FROM runs r
        WHERE r.scenario = @scenario AND r.target = @target AND r.kind = @kind AND r.shard IS @shard AND r.verdict = 'pass' AND r.partial = 0
        ${NEWEST_FIRST} LIMIT @limit`)
      .all({ ...series, limit }) as (RunRow & { report: string })[];
    return rows.map((row) => this.stored(row));
  }

  /** Deletes runs beyond the newest `keep`, and runs started before `before`; returns how many went. */
  prune(options: { keep?: number; before?: Date }): number {
    return this.db
      .transaction(() => {
        let removed = 0;
        if (options.before) removed += this.db.prepare('DELETE FROM runs WHERE started_at < ?').run(options.before.toISOString()).changes;
        if (options.keep !== undefined) {
          removed += this.db.prepare(`DELETE FROM runs WHERE id NOT IN (SELECT r.id FROM runs r ${NEWEST_FIRST} LIMIT ?)`).run(options.keep).changes;
        }
        return removed;
      })
      .immediate();
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }

  private stored(row: RunRow & { report: string }): StoredRun {
    const histograms = Object.fromEntries((this.db.prepare('SELECT name, hdr FROM run_histograms WHERE run_id = ?').all(row.id) as { name: string; hdr: string }[]).map((h) => [h.name, h.hdr]));
    return { run: toRun(row), report: joinHistograms(upgradeReport(JSON.parse(row.report)) as RunReport, histograms) };
  }
}
