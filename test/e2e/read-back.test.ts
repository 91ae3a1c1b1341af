import { access, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * Reports read back by merge, compare, run --baseline and report: made by real runs against the
 * embedded mock, then damaged the ways a CI pipeline or a hand edit damages them.
 */

const SCENARIO = `name: readback
target: mock
agents: [agent_support_01]
inputs: ["where is my order?", "cancel my subscription", "reset my password"]
mix: { seed: 7 }
load: { concurrency: 2, duration: 2500ms }
timeout: 5s
mock: { latency: { min: 2ms, max: 8ms }, faults: { http500: 0.3 } }
`;

let dir: string;
let scenario: string;
const path = (name: string) => join(dir, name, 'report.json');
const load = async (name: string) => JSON.parse(await readFile(path(name), 'utf8')) as RunReport;

/** Writes a copy of a report, changed by `edit`, and returns its path. */
async function variant(from: string, name: string, edit: (r: RunReport) => void): Promise<string> {
  const report = await load(from);
  edit(report);
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(report, null, 2));
  return file;
}

const missing = (file: string) => access(file).then(
  () => false,
  () => true,
);

function expectRefused(result: CliResult, ...parts: string[]): void {
  expect(result.code).toBe(2);
  for (const part of parts) expect(result.stderr).toContain(part);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain('internal error');
}

beforeAll(async () => {
  dir = await tempDir();
  scenario = join(dir, 'readback.yaml');
  await writeFile(scenario, SCENARIO);
  const runs = await Promise.all([
    runCli(['run', scenario, '--shard', '1/2', '--out', join(dir, 's1')]),
    runCli(['run', scenario, '--shard', '2/2', '--out', join(dir, 's2')]),
    runCli(['run', scenario, '--shard', '2/2', '--seed', '8', '--out', join(dir, 's2-seed8')]),
    runCli(['run', scenario, '--rate', '40', '--out', join(dir, 'open')]),
  ]);
  // A verdict may fail on a machine too busy for the open schedule: only the reports matter here.
  for (const r of runs) expect([0, 1], r.stderr).toContain(r.code);
}, 120_000);

describe('merge reads every report back checked', () => {
  it('merges the shards of one run (the fixtures are sound)', async () => {
    const merged = await runCli(['merge', path('s1'), path('s2'), '--out', join(dir, 'merged-ok')]);
    // Shards started in parallel on a busy machine may begin seconds apart: that warning is the only one allowed.
    const warnings = merged.stderr.split('\n').filter((line) => line && !/^chatload: warning: the runs started .* apart/.test(line));
    expect(warnings).toEqual([]);
    expect([0, 1]).toContain(merged.code);
    expect((await load('merged-ok')).forced).toBeUndefined();
  });

  it('a corrupted HDR string: exit 2 naming file, field and fix, even with --force; nothing written', async () => {
    const bad = await variant('s2', 'corrupt-hdr', (r) => {
      const middle = Math.floor(r.latency.hdr.length / 2);
      r.latency.hdr = `${r.latency.hdr.slice(0, middle)}${r.latency.hdr[middle] === 'A' ? 'B' : 'A'}${r.latency.hdr.slice(middle + 1)}`;
    });
    for (const force of [[], ['--force']]) {
      const result = await runCli(['merge', path('s1'), bad, '--out', join(dir, 'm-corrupt'), ...force]);
      expectRefused(result, `${bad}: REPORT 2: latency.hdr: is corrupted: its compressed data does not inflate`, '(fix: use the report.json exactly as chatload wrote it: an hdr string is copied whole, never edited)');
    }
    expect(await missing(join(dir, 'm-corrupt'))).toBe(true);
  });

  it('a wrong HDR encoding in a timeline window: exit 2', async () => {
    const bad = await variant('s1', 'uncompressed', (r) => {
      const bytes = Buffer.from(r.timeline[0]!.hdr, 'base64');
      r.timeline[0]!.hdr = inflateSync(bytes.subarray(8, 8 + bytes.readUInt32BE(4))).toString('base64');
    });
    expectRefused(await runCli(['merge', bad, path('s2'), '--out', join(dir, 'm-enc')]), `${bad}: REPORT 1: timeline[0].hdr: is an uncompressed HDR encoding`);
  });

  it('timelines of different window sizes: exit 2, even with --force', async () => {
    const halfSecond = await variant('s2', 'half-second', (r) => {
      r.timeline = r.timeline.map((w) => ({ ...w, t: w.t / 2, rps: Math.round(w.requests * 2 * 100) / 100 }));
    });
    const result = await runCli(['merge', path('s1'), halfSecond, '--out', join(dir, 'm-windows'), '--force']);
    expectRefused(result, `${halfSecond}: REPORT 2: timeline: has windows of 0.5 s, REPORT 1 (${path('s1')}) of 1 s: timelines of different window sizes cannot be merged exactly`);
    const uneven = await variant('s2', 'uneven', (r) => void (r.timeline[2]!.t = 2.5));
    expectRefused(await runCli(['compare', path('s2'), uneven]), `${uneven}: CURRENT: timeline[2].t: is 2.5 s, where windows of 1 s (as timeline[0] … timeline[1]) put 2 s: the windows are of different sizes (fix: use the report.json exactly as chatload wrote it: its timeline windows are of one size, from 0 s)`);
  });

  it('totals that disagree with the histograms: exit 2 unless --force, which the merged report records', async () => {
    const bad = await variant('s1', 'inflated', (r) => void (r.totals.requests = 1_000_199));
    const refused = await runCli(['merge', bad, path('s2'), '--out', join(dir, 'm-forced')]);
    expectRefused(refused, `${bad}: REPORT 1: totals.requests: is 1,000,199, but responses + transportErrors =`, '; or pass --force to merge anyway, which the output records)');
    expect(await missing(join(dir, 'm-forced'))).toBe(true);

    const forced = await runCli(['merge', bad, path('s2'), '--out', join(dir, 'm-forced'), '--force']);
    expect(forced.code).not.toBe(2);
    expect(forced.stdout).toMatch(/FORCED +merge --force overrode \d+ checks on the reports read:/);
    const merged = await load('m-forced');
    expect(merged.forced).toContainEqual({ command: 'merge', file: bad, field: 'REPORT 1: totals.requests', message: expect.stringContaining('is 1,000,199') });
    expect(await readFile(join(dir, 'm-forced', 'report.html'), 'utf8')).toContain('<a class="badge warn" href="#extra-forced">forced</a>');
  });

  it('a status class histogram swapped with another: exit 2', async () => {
    const swapped = await variant('s1', 'swapped', (r) => {
      [r.latencyByStatusClass['2xx'], r.latencyByStatusClass['5xx']] = [r.latencyByStatusClass['5xx']!, r.latencyByStatusClass['2xx']!];
    });
    expectRefused(await runCli(['merge', swapped, path('s2'), '--out', join(dir, 'm-swapped')]), `${swapped}: REPORT 1: latencyByStatusClass.2xx.hdr: holds `, '2xx responses were counted (status): a histogram of another class or report');
  });

  it('the same shard twice, and shards of different seeds: exit 2', async () => {
    expectRefused(await runCli(['merge', path('s1'), path('s2'), path('s2'), '--out', join(dir, 'm-twice')]), `${path('s2')}: REPORT 3: is the same run as REPORT 2 (${path('s2')})`);
    expectRefused(await runCli(['merge', path('s1'), path('s2-seed8'), '--out', join(dir, 'm-seed')]), `${path('s2-seed8')}: REPORT 2: seed: is 8, REPORT 1 (${path('s1')})'s is 7`);
  });

  it('a shard with an unrelated run: exit 2 naming what differs', async () => {
    const result = await runCli(['merge', path('s1'), path('open'), '--out', join(dir, 'm-unlike')]);
    expectRefused(result, `${path('open')}: REPORT 2: load.model: is "open", REPORT 1 (${path('s1')}) has "closed"`, `${path('open')}: REPORT 2: shard: REPORT 1 (${path('s1')}) is shard 1/2, REPORT 2 (${path('open')}) a whole run`);
  });
});

describe('compare and report read reports back checked', () => {
  it('a closed run against an open one: exit 2 unless --force, which the output records', async () => {
    expectRefused(await runCli(['compare', path('s1'), path('open')]), `${path('open')}: CURRENT: load.model: the baseline ran the closed model, the run compared with it the open model`);
    const out = join(dir, 'c-forced');
    const forced = await runCli(['compare', path('s1'), path('open'), '--force', '--out', out]);
    expect([0, 1]).toContain(forced.code);
    expect(forced.stdout).toContain('FORCED     compare --force overrode 1 check on the reports read:');
    expect((await load('c-forced')).forced).toEqual([{ command: 'compare', file: path('open'), field: 'CURRENT: load.model', message: expect.stringContaining('the baseline ran the closed model') }]);
  });

  it('a corrupted baseline, a UTF-16 file: exit 2; a UTF-8 byte-order mark is read', async () => {
    const bad = await variant('s1', 'corrupt-baseline', (r) => void (r.serviceTime.hdr = 'bm90IGFuIGhkcg=='));
    expectRefused(await runCli(['compare', bad, path('s2')]), `${bad}: BASELINE: serviceTime.hdr: is not an HDR histogram`);
    const utf16 = join(dir, 'utf16.json');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await readFile(path('s2'), 'utf8'), 'utf16le')]));
    expectRefused(await runCli(['compare', path('s2'), utf16]), `${utf16}: CURRENT: is UTF-16 text; chatload writes and reads report.json as UTF-8 (fix: save the file as UTF-8`);
    const bom = join(dir, 'bom.json');
    await writeFile(bom, `\uFEFF${await readFile(path('s2'), 'utf8')}`);
    expect((await runCli(['compare', bom, path('s2')])).code).toBe(0);
  });

  it('report re-renders only a consistent report, unless --force (shown in the HTML)', async () => {
    const bad = await variant('s1', 'edited-p99', (r) => void (r.latency.p99 = 0.5));
    expectRefused(await runCli(['report', bad, '--out', join(dir, 'r-edited')]), `${bad}: latency.p99: is 0.5 ms, but its histogram (latency.hdr) gives`);
    const forced = await runCli(['report', bad, '--out', join(dir, 'r-edited'), '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('FORCED     report --force overrode 1 check on the reports read:');
    const html = await readFile(join(dir, 'r-edited', 'report.html'), 'utf8');
    expect(html).toContain('href="#extra-forced">forced</a>');
    expect(html).toContain('latency.p99');
  });
});

describe('run --baseline: the baseline is checked completely before anything is sent', () => {
  let server: Server;
  let url: string;
  let received = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      received++;
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const env = { SIGMAMIND_API_KEY: 'sk-readback-test-0001' };

  async function expectNothingSent(baseline: string, message: string): Promise<void> {
    const out = join(dir, 'never');
    const run = await runCli(['run', scenario, '--target', url, '--requests', '20', '--baseline', baseline, '--out', out], { env });
    expectRefused(run, message);
    expect(await missing(out)).toBe(true);
    const dry = await runCli(['run', scenario, '--target', url, '--requests', '20', '--baseline', baseline, '--dry-run'], { env });
    expectRefused(dry, message);
    expect(received).toBe(0);
  }

  it('a corrupted baseline: exit 2, nothing sent, nothing written; --dry-run says the same', async () => {
    const corrupt = await variant('s1', 'run-corrupt', (r) => void (r.timeline[0]!.hdr = r.timeline[0]!.hdr.slice(0, 40)));
    await expectNothingSent(corrupt, `${corrupt}: --baseline: timeline[0].hdr: is `);
  });

  it('an inconsistent baseline: exit 2, nothing sent, nothing written; --dry-run says the same', async () => {
    const inconsistent = await variant('s1', 'run-inconsistent', (r) => void (r.status['201'] = 5));
    await expectNothingSent(inconsistent, `${inconsistent}: --baseline: status: counts `);
  });

  it('a baseline of another load model: exit 2 before anything is sent', async () => {
    const run = await runCli(['run', scenario, '--target', url, '--rate', '20', '--duration', '1s', '--baseline', path('s1'), '--out', join(dir, 'never')], { env });
    expectRefused(run, `${path('s1')}: --baseline: load.model: the baseline ran the closed model, the run compared with it the open model`, 'fix: give a --baseline of a run of the same kind, here the open model, or compare the two reports afterwards with `chatload compare --force`');
    expect(received).toBe(0);
  });
});
