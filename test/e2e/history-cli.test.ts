import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordInHistory } from '../../src/commands/history-record.js';
import type { TrendReport } from '../../src/history/trend.js';
import { SCHEMA_VERSION } from '../../src/history/migrations.js';
import type { RunReport } from '../../src/run-report.js';
import { BIN, ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { latencies, reportOf } from '../helpers/reports.js';

/** `chatload history …` and `--history` through the real CLI, on real SQLite files in a temp folder. */

const T0 = Date.parse('2025-06-01T09:00:00Z');
const quiet = { out: () => undefined, err: () => undefined, isTty: false };
const SMALL_RUN = ['run', 'scenarios/smoke.yaml', '--requests', '6', '--concurrency', '2'];

function expectBadInput(result: CliResult, ...parts: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  const message = result.stderr.trim();
  expect(message.split('\n').filter((l) => l.startsWith('chatload:'))).toHaveLength(1);
  for (const part of parts) expect(message).toContain(part);
  expect(message).not.toMatch(/\n\s+at |internal error/);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

describe('chatload history list, show, trend, prune', () => {
  let dir: string;
  let file: string;
  const reports: RunReport[] = [];

  beforeAll(async () => {
    dir = await tempDir('chatload-history-cli-');
    file = join(dir, 'history.db');
    for (let i = 0; i < 10; i++) {
      const values = latencies(800, 30 + i * 2, 0.2, i + 1);
      const report = reportOf(values.map((ms, k) => ({ ms, status: k < i * 4 ? 500 : 201 })), {
        scenario: { name: 'smoke', file: 'scenarios/smoke.yaml' },
        startedAtEpochMs: T0 + i * 3_600_000,
        endedAtEpochMs: T0 + i * 3_600_000 + 8000,
        durationMs: 8000,
      });
      reports.push(report);
      await recordInHistory({ file, field: '--history', tags: { release: `1.${i}` } }, { command: 'run', report, outDir: join(dir, 'runs', `run-${i + 1}`), secrets: [] }, quiet);
    }
  });

  it('compare history:last-pass CURRENT: the newest passing run of the current report\'s series is the baseline', async () => {
    const at = (hour: number) => ({ scenario: { name: 'smoke', file: 'scenarios/smoke.yaml' }, startedAtEpochMs: T0 + hour * 3_600_000, endedAtEpochMs: T0 + hour * 3_600_000 + 8000, durationMs: 8000 });
    const write = async (name: string, report: RunReport) => {
      const path = join(dir, `${name}.json`);
      await writeFile(path, JSON.stringify(report));
      return path;
    };
    const lastPass = reports.flatMap((r, i) => (r.verdict === 'pass' ? [i + 1] : [])).at(-1)!;
    const like = await write('current-like', reportOf(latencies(800, 30 + (lastPass - 1) * 2, 0.2, 77).map((ms) => ({ ms, status: 201 })), at(20)));
    const slow = await write('current-slow', reportOf(latencies(800, 150, 0.2, 78).map((ms) => ({ ms, status: 201 })), at(21)));

    const passed = await runCli(['compare', 'history:last-pass', like, '--history', file, '--out', join(dir, 'compared-like')]);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toContain('PASS: no regression');
    const written = JSON.parse(await readFile(join(dir, 'compared-like', 'report.json'), 'utf8')) as RunReport;
    expect(written.baseline!.file).toBe(`history:last-pass (${file}: run ${lastPass})`);

    const regressed = await runCli(['compare', 'history:median:3', slow], { env: { CHATLOAD_HISTORY: file } });
    expect(regressed.code, regressed.stdout + regressed.stderr).toBe(1);
    expect(regressed.stdout).toMatch(/FAIL: .*p\d+.* regressed/);

    // Another series (another scenario) has no passing run yet: nothing compared, not a failure.
    const other = await write('current-other', reportOf(latencies(100, 30, 0.2, 79).map((ms) => ({ ms, status: 201 })), { ...at(22), scenario: { name: 'checkout', file: 'scenarios/checkout.yaml' } }));
    const first = await runCli(['compare', 'history:last-pass', other, '--history', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`chatload: warning: no passing run of checkout against mock in ${file} yet: this run has no baseline (BASELINE history:last-pass)`);
    expect(first.stdout).toContain('no baseline, nothing compared; verdict PASS');

    expectBadInput(await runCli(['compare', 'history:last-pass', like], { env: { CHATLOAD_HISTORY: '' } }), 'BASELINE: history:last-pass reads the run history, and no history file is named (fix: add --history FILE or set CHATLOAD_HISTORY');
    expectBadInput(await runCli(['compare', 'history:median:0', like, '--history', file]), 'BASELINE: "history:median:0" is not a history baseline');
  });

  it('trend: ten runs in, trend.json matches the reports and trend.html is written', async () => {
    const out = join(dir, 'trend');
    const result = await runCli(['history', 'trend', '--history', file, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('trend of 10 runs in 1 series');
    const trend = JSON.parse(await readFile(join(out, 'trend.json'), 'utf8')) as TrendReport;
    expect(trend.metric).toBe('p99');
    expect(trend.series).toHaveLength(1);
    const points = trend.series[0]!.points;
    expect(points.map((p) => p.run)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    points.forEach((p, i) => {
      const r = reports[i]!;
      expect(p.startedAt).toBe(r.startedAt);
      expect(p.p50.ms).toBe(r.latency.p50);
      expect(p.metric.ms).toBe(r.latency.p99);
      expect(p.errorRate.value).toBe(r.totals.errorRate);
      expect(p.rps).toBe(r.totals.rps);
      expect(p.requests).toBe(r.totals.requests);
      expect(p.tags).toEqual({ release: `1.${i}` });
      expect(p.report).toBe(`../runs/run-${i + 1}/report.html`);
    });
    expect(await readFile(join(out, 'trend.html'), 'utf8')).toContain('<title>chatload · run history · 10 runs</title>');
  });

  it('list --last and --scenario, show, show --json', async () => {
    const list = await runCli(['history', 'list', '--history', file, '--last', '3']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+run\s+started \(UTC\)\s+scenario\s+target\s+command\s+verdict/);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['8', '9', '10']);
    expect(lines[3]).toContain('release=1.9');
    expect((await runCli(['history', 'list', '--history', file, '--scenario', 'nope'])).stdout).toBe(`${file}: no runs recorded\n`);

    const show = await runCli(['history', 'show', '4', '--history', file]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('run 4 · smoke · PASS');
    expect(show.stdout).toContain('tags       release=1.3');
    expect(show.stdout).toContain(`statuses   201×788 500×12`);

    const json = await runCli(['history', 'show', 'last', '--json'], { env: { CHATLOAD_HISTORY: file } });
    expect(JSON.parse(json.stdout)).toEqual(reports[9]);
  });

  it('bad input to the history commands: exit 2 with the fix', async () => {
    expectBadInput(await runCli(['history', 'list']), 'chatload history list needs the history file: --history FILE (or set CHATLOAD_HISTORY)');
    expectBadInput(await runCli(['history', 'show', '99', '--history', file]), `${file}: RUN: has no run 99 (fix: chatload history list shows the runs it holds)`);
    expectBadInput(await runCli(['history', 'list', '--history', join(dir, 'missing.db')]), `${join(dir, 'missing.db')}: --history: history file not found`);
    expectBadInput(await runCli(['history', 'prune', '--history', file]), 'needs --keep N');
    expectBadInput(await runCli(['history', 'prune', '--history', file, '--older-than', 'soon']), '--older-than: "soon" is not an age (fix: write a number and a unit: 90d');
    expectBadInput(await runCli(['history', 'trend', '--history', file, '--metric', 'p98']), 'p98');
    expect(await exists(join(dir, 'missing.db'))).toBe(false);
  });

  it('prune --keep keeps the newest runs', async () => {
    const copy = join(dir, 'prune.db');
    const source = new Database(file, { readonly: true });
    await source.backup(copy);
    source.close();
    const result = await runCli(['history', 'prune', '--keep', '4', '--history', copy]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${copy}: removed 6 runs, 4 left\n`);
    expect((await runCli(['history', 'prune', '--older-than', '1d', '--history', copy])).stdout).toBe(`${copy}: removed 4 runs, 0 left\n`);
  });
});

describe('--history on run, merge and conform', () => {
  it('run records the run with its tags, and the next run takes it as its baseline', async () => {
    const dir = await tempDir('chatload-history-run-');
    const file = join(dir, 'h.db');
    const first = await runCli([...SMALL_RUN, '--out', join(dir, 'one'), '--history', file, '--tag', 'release=1.0', '--baseline', 'history:last-pass']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`chatload: warning: no passing run of smoke against mock in ${file} yet: this run has no baseline (--baseline history:last-pass)`);
    expect(first.stdout).toContain(`  history    run 1 in ${file}`);

    const second = await runCli([...SMALL_RUN, '--out', join(dir, 'two'), '--baseline', 'history:last-pass'], { env: { CHATLOAD_HISTORY: file } });
    expect([0, 1], second.stderr).toContain(second.code);
    expect(second.stdout).toContain(`  history    run 2 in ${file}`);
    const report = JSON.parse(await readFile(join(dir, 'two', 'report.json'), 'utf8')) as RunReport;
    expect(report.baseline!.file).toBe(`history:last-pass (${file}: run 1)`);

    const merged = await runCli(['merge', join(dir, 'one', 'report.json'), '--out', join(dir, 'merged'), '--history', file, '--tag', 'kind=merged']);
    expect(merged.code, merged.stderr).toBe(0);
    const list = await runCli(['history', 'list', '--history', file]);
    // Oldest first: the merge of run 1 started when run 1 did.
    const rows = list.stdout.trimEnd().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[5], r.at(-1)])).toEqual([
      ['1', 'run', 'release=1.0'],
      ['3', 'merge', 'kind=merged'],
      ['2', 'run', '-'],
    ]);
  });

  it('conform records its run in a series of its own', async () => {
    const dir = await tempDir('chatload-history-conform-');
    const file = join(dir, 'h.db');
    const result = await runCli(['conform', '--out', join(dir, 'conform'), '--history', file]);
    expect(result.code, result.stderr).toBe(0);
    const show = await runCli(['history', 'show', '1', '--history', file]);
    expect(show.stdout).toContain('target     mock · conform · profile strict');
    expect(show.stdout).toContain('by chatload conform');
  });

  it('a malformed --tag, or tags with no history, stop before anything is sent', async () => {
    const dir = await tempDir('chatload-history-tag-');
    expectBadInput(await runCli([...SMALL_RUN, '--out', join(dir, 'a'), '--history', join(dir, 'h.db'), '--tag', 'release']), '(command line): --tag: "release" is not key=value');
    expectBadInput(await runCli([...SMALL_RUN, '--out', join(dir, 'b'), '--tag', 'release=1']), '--tag: tags are stored in the run history, and no history file is named (fix: add --history FILE');
    expectBadInput(await runCli([...SMALL_RUN, '--out', join(dir, 'c'), '--baseline', 'history:median:0', '--history', join(dir, 'h.db')]), '--baseline: "history:median:0" is not a history baseline');
    for (const out of ['a', 'b', 'c']) expect(await exists(join(dir, out))).toBe(false);
    expect(await exists(join(dir, 'h.db'))).toBe(false);
  });
});

/** Runs the CLI as an unprivileged user: root writes through file permissions, so a read-only file is only read-only to someone else. */
function runCliAsNobody(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], uid: 65534, gid: 65534 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Makes the history file read-only for the CLI about to run. Root writes through file permissions:
 * as root the CLI runs as an unprivileged user when that user can read this checkout, or else the
 * file is made immutable (chattr +i, on file systems that have it).
 */
async function makeReadOnly(file: string, dir: string): Promise<{ run: (args: string[]) => Promise<CliResult>; undo: () => Promise<void> } | string> {
  await chmod(file, 0o444);
  const undo = async () => void (await chmod(file, 0o644));
  if (process.getuid?.() !== 0) return { run: (a) => runCli(a), undo };
  const nobodyReads = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(join(ROOT, 'src', 'cli.ts'))}, 4)`], { uid: 65534, gid: 65534 }).status === 0;
  if (nobodyReads) {
    // The unprivileged user writes the reports and SQLite's side files in folders of its own.
    await chmod(dir, 0o777);
    await mkdir(join(dir, 'out'), { mode: 0o777 });
    await chmod(join(dir, 'out'), 0o777);
    return { run: (a) => runCliAsNobody(a), undo };
  }
  if (spawnSync('chattr', ['+i', file]).status === 0) return { run: (a) => runCli(a), undo: async () => void spawnSync('chattr', ['-i', file]) };
  return 'running as root, this checkout is not readable by an unprivileged user, and chattr +i is not available here';
}

describe('a history that cannot take the run: exit 2, the report files are written first', () => {
  async function expectReportsKept(args: string[], out: string, run: (a: string[]) => Promise<CliResult> = (a) => runCli(a)): Promise<CliResult> {
    const result = await run([...SMALL_RUN, '--out', out, ...args]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('verdict    PASS');
    for (const name of ['report.json', 'report.html', 'junit.xml']) expect(await exists(join(out, name)), name).toBe(true);
    expect(result.stderr).toContain(`the report files are written (${out}), but the run is not in the history`);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    return result;
  }

  it('a corrupt file (not a database)', async () => {
    const dir = await tempDir('chatload-history-bad-');
    const file = join(dir, 'corrupt.db');
    const text = 'SQLite format 3?? no, just some notes\n'.repeat(200);
    await writeFile(file, text);
    const result = await expectReportsKept(['--history', file], join(dir, 'out'));
    expect(result.stderr).toContain(`chatload: ${file}: --history: is not a chatload history database (not an SQLite file: file is not a database); it was left untouched`);
    expect(result.stderr).toContain('(fix: give --history a new file name (chatload creates it) or a file chatload wrote)');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('a file of a newer schema', async () => {
    const dir = await tempDir('chatload-history-bad-');
    const file = join(dir, 'newer.db');
    await recordInHistory({ file, field: '--history', tags: {} }, { command: 'run', report: reportOf([{ ms: 5 }]), outDir: dir, secrets: [] }, quiet);
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const result = await expectReportsKept([], join(dir, 'out'), (a) => runCli(a, { env: { CHATLOAD_HISTORY: file } }));
    expect(result.stderr).toContain(`chatload: ${file}: CHATLOAD_HISTORY: was written by a newer chatload (history schema v${SCHEMA_VERSION + 1}; this chatload knows schema v${SCHEMA_VERSION})`);
    expect(result.stderr).toContain('(fix: upgrade chatload, or give --history another file)');
  });

  it('a read-only file', async (context) => {
    const dir = await tempDir('chatload-history-bad-');
    const file = join(dir, 'readonly.db');
    await recordInHistory({ file, field: '--history', tags: {} }, { command: 'run', report: reportOf([{ ms: 5 }]), outDir: dir, secrets: [] }, quiet);
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const readOnly = await makeReadOnly(file, dir);
    if (typeof readOnly === 'string') {
      console.log(`history-cli.test.ts: read-only file test skipped: ${readOnly}`);
      context.skip();
      return;
    }
    try {
      const result = await expectReportsKept(['--history', file], join(dir, 'out'), readOnly.run);
      expect(result.stderr).toMatch(new RegExp(`chatload: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: --history: cannot be written \\(SQLITE_(READONLY|CANTOPEN)`));
      expect(result.stderr).toContain('(fix: make the file and its folder writable, as SQLite keeps FILE-wal and FILE-shm beside it, or give --history another file)');
    } finally {
      await readOnly.undo();
    }
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    check.close();
  });
});
