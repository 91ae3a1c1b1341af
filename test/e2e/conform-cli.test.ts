import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** Distinctive enough that any occurrence in an output is a leak. */
const KEY = 'sk-LEAKCHECK-e2e-4b1d9f2a6c';

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function expectNoKeyIn(dir: string, printed: string): Promise<void> {
  expect(printed).not.toContain(KEY);
  const files = await allFiles(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(KEY);
}

describe('chatload conform (CLI)', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('passes every case against the embedded mock; junit.xml has one testcase per case; the key appears nowhere', async () => {
    const out = await tempDir();
    const result = await runCli(['conform', 'scenarios/smoke.yaml', '--out', out], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.conform!.failed).toBe(0);
    expect(result.stdout).toContain(`${report.conform!.cases} passed, 0 failed`);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    // One testcase per case, in the conform suites; the run's verdict and contract rules come before them.
    expect(junit.match(/<testcase [^>]*classname="chatload\.conform[^"]*"/g)).toHaveLength(report.conform!.cases);
    expect(junit).toMatch(/<testsuites name="chatload" tests="\d+" failures="0"/);
    await expectNoKeyIn(out, result.stdout + result.stderr);
  });

  it('--fuzz N --fuzz-seed S: prints and stores the seed; the key appears nowhere; a bad flag is exit 2 naming it', async () => {
    const out = await tempDir();
    const result = await runCli(['conform', 'scenarios/smoke.yaml', '--fuzz', '40', '--fuzz-seed', '4242', '--body-limit', '300KiB', '--out', out], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fuzzing 40 bodies with seed 4242 (replay: --fuzz 40 --fuzz-seed 4242)');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.conform!.fuzz).toMatchObject({ runs: 40, seed: 4242, generated: 40 });
    expect(report.conform!.results.find((r) => r.id === 'raw/oversized-body')!.steps![0]!.sent.bytes).toBe(300 * 1024 + 1);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`${report.conform!.cases} / ${report.conform!.cases} cases passed`);
    await expectNoKeyIn(out, result.stdout + result.stderr);

    const bad = await runCli(['conform', 'scenarios/smoke.yaml', '--fuzz', 'many', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fuzz: expects a number, got "many"');
  });

  it('never writes or prints the key, even when the server echoes it back in bodies and headers', async () => {
    // A server that puts the key it received everywhere: a header, a non-JSON body, an error message.
    const server = createServer((req, res) => {
      const key = String(req.headers['x-api-key'] ?? '');
      req.resume();
      req.on('end', () => {
        const text = `not json, your key is ${key}`;
        res.writeHead(req.headers['content-type'] === 'application/json' ? 201 : 400, { 'content-type': 'application/json', 'x-echo-key': key, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const conformOut = await tempDir();
    const conform = await runCli(['conform', 'scenarios/smoke.yaml', '--target', url, '--out', conformOut], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(conform.code).toBe(1);
    expect(conform.stdout).toContain('json-parse');
    expect(conform.stdout).toContain('[REDACTED]');
    await expectNoKeyIn(conformOut, conform.stdout + conform.stderr);

    const dir = await tempDir();
    const scenario = join(dir, 'echo.yaml');
    await writeFile(scenario, `name: echo\nagents: [agent_a]\ninputs: [hello]\nload: { concurrency: 2, requests: 20 }\nchecks: { samplesPerRule: 2 }\n`);
    const runOut = join(dir, 'out');
    const run = await runCli(['run', scenario, '--target', url, '--out', runOut], { env: { SIGMAMIND_API_KEY: KEY } });
    expect(run.code).toBe(1);
    const report = JSON.parse(await readFile(join(runOut, 'report.json'), 'utf8')) as RunReport;
    expect(report.conformance.byRule['json-parse']).toBe(20);
    expect(report.conformance.samples).toHaveLength(2);
    expect(JSON.stringify(report.conformance.samples)).toContain('[REDACTED]');
    await expectNoKeyIn(dir, run.stdout + run.stderr);
  });
});
