/**
 * The history database's schema, one migration per version. A migration is only ever appended:
 * files written by an older chatload are brought forward in place, never rewritten wholesale.
 */

/** `PRAGMA application_id` of a chatload history ("CHLD"): tells our file from another program's SQLite file. */
export const APPLICATION_ID = 0x43484c44;

export const MIGRATIONS: readonly string[] = [
  // v1: one row per run, its tags, statuses, rule counts and HDR histograms beside it.
  `CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    command TEXT NOT NULL,
    kind TEXT NOT NULL,
    scenario TEXT NOT NULL,
    scenario_file TEXT NOT NULL,
    target TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    shard TEXT,
    profile TEXT NOT NULL,
    git_commit TEXT,
    git_branch TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    partial INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    error_rate REAL NOT NULL,
    transport_errors INTEGER NOT NULL,
    timeouts INTEGER NOT NULL,
    dropped INTEGER NOT NULL,
    late INTEGER NOT NULL,
    rps REAL NOT NULL,
    checked INTEGER NOT NULL,
    violating INTEGER NOT NULL,
    p50_ms REAL,
    p90_ms REAL,
    p95_ms REAL,
    p99_ms REAL,
    p999_ms REAL,
    max_ms REAL,
    mean_ms REAL,
    capacity REAL,
    verdict TEXT NOT NULL,
    report_dir TEXT,
    report TEXT NOT NULL
  );
  CREATE INDEX runs_series ON runs (scenario, target, kind, started_at);
  CREATE INDEX runs_started ON runs (started_at);
  CREATE TABLE run_tags (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  );
  CREATE TABLE run_statuses (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (run_id, status)
  );
  CREATE TABLE run_rules (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (run_id, rule)
  );
  CREATE TABLE run_histograms (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    hdr TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  );`,
];

/** The newest schema version this chatload knows (`PRAGMA user_version`). */
export const SCHEMA_VERSION = MIGRATIONS.length;
