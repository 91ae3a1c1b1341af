import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import { ExitCode, TargetError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, createAnswerer, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('target faults: connections', () => {
  it('connection refused from the start: exit 3 with a clear message after a short retry, nothing sent', async () => {
    const port = await freePort();
    const dir = await tempDir();
    const scenario = await writeScenario(dir, `http://127.0.0.1:${port}`, '{ concurrency: 2, requests: 10 }');
    const started = performance.now();
    const error = await runScenario({ scenario, out: `${dir}/out`, env: { SIGMAMIND_API_KEY: TEST_KEY } }, bufferIo()).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).exitCode).toBe(ExitCode.targetUnusable);
    expect((error as TargetError).message).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\), 3 attempts/);
    // Retried (250 ms + 500 ms of back-off), but briefly.
    expect(elapsed).toBeGreaterThan(700);
    expect(elapsed).toBeLessThan(5000);
  });

  it('the server dying mid-run: the run finishes, later requests count as transport errors', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res, self) => {
      if (self.requests > 10) {
        void self.close();
        return;
      }
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    const run = await runAgainst(server.url, '{ concurrency: 2, requests: 40 }', 'timeout: 2s\n');
    const r = run.written;
    expect(r.totals.requests).toBe(40);
    expect(r.status['201']).toBeGreaterThanOrEqual(8);
    expect(r.totals.transportErrors).toBeGreaterThan(20);
    expect(r.conformance.byRule.transport).toBe(r.totals.transportErrors);
    expect(Object.keys(r.transportErrors).some((kind) => kind === 'refused' || kind === 'reset' || kind === 'closed')).toBe(true);
    expect(run.exitCode).toBe(ExitCode.verdictFailed);
  });

  it('connection reset: every other request is answered with a TCP RST, counted as transport (reset)', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res, self) => {
      if (self.requests % 2 === 0) {
        req.socket.resetAndDestroy();
        return;
      }
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    const run = await runAgainst(server.url, '{ concurrency: 1, requests: 20 }', 'timeout: 2s\n');
    const r = run.written;
    expect(r.totals.requests).toBe(20);
    expect(r.status['201']).toBe(10);
    expect(r.transportErrors.reset).toBe(10);
    expect(r.conformance.byRule.transport).toBe(10);
  });

  it('a hang past the timeout: each request ends at the timeout, counted as transport (timeout)', async () => {
    server = await startFaultServer(() => undefined);
    const started = performance.now();
    const run = await runAgainst(server.url, '{ concurrency: 2, requests: 4 }', 'timeout: 300ms\n');
    const r = run.written;
    expect(performance.now() - started).toBeLessThan(4000);
    expect(r.totals.timeouts).toBe(4);
    expect(r.transportErrors.timeout).toBe(4);
    expect(r.conformance.byRule.transport).toBe(4);
    expect(r.latencyByStatusClass.transport?.max).toBeLessThan(1500);
    // Nothing answered: the target is unusable, and the report is still there.
    expect(run.exitCode).toBe(ExitCode.targetUnusable);
    expect(run.stderr).toContain('no request got an answer');
  });

  it('Connection: close on every answer: a new connection each time, every exchange still correct', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(payload));
    });
    const run = await runAgainst(server.url, '{ concurrency: 3, requests: 30 }', 'timeout: 2s\n');
    const r = run.written;
    expect(r.status['201']).toBe(30);
    expect(r.totals.transportErrors).toBe(0);
    expect(r.conformance.violating).toBe(0);
    expect(server.connections).toBeGreaterThanOrEqual(30);
    expect(run.exitCode).toBe(ExitCode.pass);
  });

  it('a 3xx redirect is not followed: counted under status-declared', async () => {
    let redirectedHits = 0;
    server = await startFaultServer((req, res) => {
      if (req.url !== '/v1/chats') redirectedHits++;
      req.resume();
      res.writeHead(302, { location: '/v2/chats', 'content-type': 'text/html' }).end('<a href="/v2/chats">moved</a>');
    });
    const run = await runAgainst(server.url, '{ concurrency: 2, requests: 10 }', 'timeout: 2s\n');
    const r = run.written;
    expect(r.status['302']).toBe(10);
    expect(r.conformance.byRule['status-declared']).toBe(10);
    expect(redirectedHits).toBe(0);
    // Nothing succeeded: the target is unusable as configured, and the message says what came back.
    expect(run.exitCode).toBe(ExitCode.targetUnusable);
    expect(run.stderr).toMatch(/every request was answered 302: http:\/\/127\.0\.0\.1:\d+ redirects: is it the API's base URL\?/);
  });
});
