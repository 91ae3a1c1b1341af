import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, createAnswerer, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';

// The real client never rejects (its contract): to see what a bug there would do to a run, every
// seventh request of the real client is made to reject instead.
vi.mock('../../src/client/http-client.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/client/http-client.js')>();
  return {
    ...real,
    createClient: (...args: Parameters<typeof real.createClient>) => {
      const client = real.createClient(...args);
      return { ...client, send: (request: Parameters<typeof client.send>[0]) => (request.seq % 7 === 3 ? Promise.reject(new TypeError('undici blew up')) : client.send(request)) };
    },
  };
});

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe('a send that rejects, in a whole run', () => {
  it.each([
    ['open', '{ rate: 100, requests: 40 }'],
    ['closed', '{ concurrency: 3, requests: 40 }'],
  ])('%s model: the run ends and writes its report, the rejections counted as transport errors naming the bug', async (_model, load) => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, load, 'timeout: 2s\n');
    const io = bufferIo();
    const result = await runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY } }, io);
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.requests).toBe(40);
    // seq 3, 10, 17, 24, 31, 38
    expect(report.totals.transportErrors).toBe(6);
    expect(report.conformance.byRule.transport).toBe(6);
    expect(report.conformance.samples.find((s) => s.rule === 'transport')?.message).toContain("chatload's client failed (a bug in chatload, not the target's fault): undici blew up");
    expect(report.verdict).toBe('fail');
    expect(result.exitCode).toBe(1);
  });
});
