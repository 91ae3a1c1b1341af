import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTarget } from '../../src/client/probe.js';
import { runScenario } from '../../src/commands/run.js';
import { ExitCode } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Ctrl-C before the engine starts', () => {
  it('loading, planning, checking the target: the run stops there, sends nothing, writes nothing, exit 130', async () => {
    server = await startFaultServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 2, duration: 5s }');
    const controller = new AbortController();
    // Ctrl-C while the scenario and its data are still being read.
    const run = runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, signal: controller.signal }, bufferIo());
    controller.abort();
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.interrupted, message: 'interrupted before any request was sent' });
    // Only the connectivity probe would have connected; it is not reached either.
    expect(server.connections).toBe(0);
    await expect(access(join(dir, 'out', 'report.json'))).rejects.toThrow();
  });
});

describe('Ctrl-C while the connectivity probe retries', () => {
  it('ends the probe at once, without waiting out its retries', async () => {
    // A loopback port nobody listens on: refused, then a retry after 5 s.
    const closed = await startFaultServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await expect(probeTarget(url, { retryDelayMs: 5000, signal: controller.signal })).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
