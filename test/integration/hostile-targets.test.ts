import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlice, type ExecutionConfig } from '../../src/commands/execute.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/client/http-client.js';
import { ExitCode, TargetError } from '../../src/errors.js';
import { buildPlan } from '../../src/load/plan.js';
import type { RunReport } from '../../src/run-report.js';
import type { LoadSpec } from '../../src/scenario/types.js';
import { createAnswerer, createTextAnswerer, startFaultServer, startHttp2OnlyServer, startRawServer, TEST_AGENT, TEST_KEY, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certs.js';

/**
 * The same hostile servers through all three engines: each engine must count requests,
 * responses, transport errors by kind and statuses exactly as the others do.
 */
const ENGINES = {
  open: '{ rate: 200, requests: 10 }',
  closed: '{ concurrency: 2, requests: 10 }',
  max: '{ connections: 2, requests: 10 }',
} as const;
type Engine = keyof typeof ENGINES;
const ALL = Object.keys(ENGINES) as Engine[];

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function counts(r: RunReport) {
  return { requests: r.totals.requests, responses: r.totals.responses, transportErrors: r.transportErrors, status: r.status, byRule: r.conformance.byRule };
}

/** Runs every engine against `server` and checks each counted what `expected` says. */
async function throughAllEngines(expected: ReturnType<typeof counts> & { exitCode: number }, extra = 'timeout: 5s\n') {
  const runs = [];
  for (const engine of ALL) {
    const run = await runAgainst(server!.url, ENGINES[engine], extra);
    expect({ engine, exitCode: run.exitCode, ...counts(run.written) }).toEqual({ engine, ...expected });
    runs.push(run);
  }
  return runs;
}

const payloadOf = createTextAnswerer();

describe('hostile targets: every engine counts the same', () => {
  it('close-delimited HTTP/1.0 answers: each one a response', async () => {
    server = await startRawServer((socket, request) => {
      const { status, payload } = payloadOf(request.body, request.apiKey);
      socket.end(`HTTP/1.0 ${status} Created\r\nContent-Type: application/json\r\n\r\n${payload}`);
    });
    await throughAllEngines({ exitCode: ExitCode.pass, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: {} });
  });

  it('Connection: close on every answer: the next request goes on a new connection', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(payload));
    });
    await throughAllEngines({ exitCode: ExitCode.pass, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: {} });
  });

  it('a TCP reset for every other request: each a reset, the others answered', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res, self) => {
      if (self.requests % 2 === 0) return void req.socket.resetAndDestroy();
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    await throughAllEngines({ exitCode: ExitCode.verdictFailed, requests: 10, responses: 5, transportErrors: { reset: 5 }, status: { '201': 5 }, byRule: { transport: 5 } });
  });

  it('an unsolicited 100 Continue before the 201: one exchange, a protocol error', async () => {
    server = await startRawServer((socket, request) => {
      const { payload } = payloadOf(request.body, request.apiKey);
      socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      socket.write(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    });
    await throughAllEngines({ exitCode: ExitCode.targetUnusable, requests: 10, responses: 0, transportErrors: { protocol: 10 }, status: {}, byRule: { transport: 10 } });
  });

  it('an HTTP/2-only server: nothing an HTTP/1.1 client can read, the target is unusable', async () => {
    server = await startHttp2OnlyServer();
    await throughAllEngines({ exitCode: ExitCode.targetUnusable, requests: 10, responses: 0, transportErrors: { protocol: 10 }, status: {}, byRule: { transport: 10 } });
    expect(server.requests).toBe(0);
  });

  it('a bad chunk size: a protocol error, not a 201 with an empty body', async () => {
    server = await startRawServer((socket, request) => {
      const { payload } = payloadOf(request.body, request.apiKey);
      socket.write(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${payload}\r\n0\r\n\r\n`);
    });
    await throughAllEngines({ exitCode: ExitCode.targetUnusable, requests: 10, responses: 0, transportErrors: { protocol: 10 }, status: {}, byRule: { transport: 10 } });
  });

  it('response headers past the 16 KiB limit: a protocol error', async () => {
    server = await startRawServer((socket, request) => {
      const { payload } = payloadOf(request.body, request.apiKey);
      socket.write(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Pad: ${'a'.repeat(64 * 1024)}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    });
    await throughAllEngines({ exitCode: ExitCode.targetUnusable, requests: 10, responses: 0, transportErrors: { protocol: 10 }, status: {}, byRule: { transport: 10 } });
  });

  it('a gzip body nobody asked for: json-parse, naming Content-Encoding', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(payload)));
    });
    const runs = await throughAllEngines({ exitCode: ExitCode.verdictFailed, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: { 'json-parse': 10 } });
    for (const run of runs) expect(run.written.conformance.samples.find((s) => s.rule === 'json-parse')?.message).toContain('Content-Encoding: gzip');
  });

  it('bytes after each Content-Length body: the answer counts, the stray bytes only end the connection', async () => {
    server = await startRawServer((socket, request) => {
      const { payload } = payloadOf(request.body, request.apiKey);
      socket.write(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}XX`);
    });
    await throughAllEngines({ exitCode: ExitCode.pass, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: {} });
  });

  it('a gzip body with a Content-Length one byte short: each a 201 whose body fails json-parse, no protocol error', async () => {
    server = await startRawServer((socket, request) => {
      const body = gzipSync(payloadOf(request.body, request.apiKey).payload);
      socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length - 1}\r\n\r\n`), body]));
    });
    await throughAllEngines({ exitCode: ExitCode.verdictFailed, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: { 'json-parse': 10 } });
  });

  it('invalid UTF-8 inside a JSON string: json-parse in every engine (max mode reads bytes, not lossy text)', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => {
        const bytes = Buffer.from(payload, 'utf8');
        bytes[bytes.indexOf('"content":["') + 12] = 0xff;
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
      });
    });
    await throughAllEngines({ exitCode: ExitCode.verdictFailed, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: { 'json-parse': 10 } });
  });

  it('a 1 GiB body: reading stops at the cap (body-size), nothing crashes', async () => {
    let written = 0;
    server = await startFaultServer((req, res) => {
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': 1024 ** 3 });
      stream(res, 1024 ** 3, (n) => (written += n));
    });
    const runs = [];
    for (const engine of ALL) {
      written = 0;
      const run = await runAgainst(server.url, ENGINES[engine], 'timeout: 5s\n');
      expect({ engine, exitCode: run.exitCode, ...counts(run.written) }).toEqual({ engine, exitCode: ExitCode.verdictFailed, requests: 10, responses: 10, transportErrors: {}, status: { '201': 10 }, byRule: { 'body-size': 10 } });
      // The client hung up at the cap: what the server got out is the cap plus what socket buffers hold.
      expect(written / 10, engine).toBeLessThan(16 * 1024 * 1024);
      runs.push(run);
    }
    for (const run of runs) {
      const sample = run.written.conformance.samples.find((s) => s.rule === 'body-size');
      expect(sample?.response?.truncated).toBe(true);
      expect(sample?.response?.bodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    }
  });

  it('a hang: every engine ends each request at the timeout, to the millisecond', async () => {
    server = await startFaultServer((req) => void req.resume());
    const runs = await throughAllEngines({ exitCode: ExitCode.targetUnusable, requests: 10, responses: 0, transportErrors: { timeout: 10 }, status: {}, byRule: { transport: 10 } }, 'timeout: 300ms\n');
    for (const run of runs) {
      expect(run.written.latencyByStatusClass.transport?.min).toBeGreaterThanOrEqual(290);
      expect(run.written.latencyByStatusClass.transport?.max).toBeLessThan(900);
    }
    // Five rounds of 300 ms each on two connections: as long as the closed model's, not of whole seconds.
    const [, closed, max] = runs.map((run) => run.written.durationMs);
    expect(max!).toBeLessThan(closed! * 2 + 1000);
  });

  it('a hang, then an interrupt with requests in flight: they are counted, as closed after the grace period', async () => {
    for (const engine of ALL) {
      const controller = new AbortController();
      server = await startFaultServer((req, _res, self) => {
        req.resume();
        if (self.requests === 2) controller.abort();
      });
      // The open engine sends on a schedule: slow enough that nothing more leaves before the interrupt.
      const load = engine === 'open' ? '{ rate: 4, arrival: constant, requests: 10 }' : ENGINES[engine];
      const run = await runAgainst(server.url, load, 'timeout: 30s\n', undefined, { signal: controller.signal, graceMs: 200 });
      expect({ engine, exitCode: run.exitCode, ...counts(run.written) }).toEqual({ engine, exitCode: ExitCode.interrupted, requests: 2, responses: 0, transportErrors: { closed: 2 }, status: {}, byRule: { transport: 2 } });
      await server.close();
    }
  });
});

/** Writes `total` bytes in 64 KiB chunks, honouring back-pressure, until done or the client hangs up. */
function stream(res: ServerResponse, total: number, wrote: (bytes: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      wrote(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

describe('hostile targets: a certificate no trust store accepts', () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await makeTestCertificates();
  });

  it('is refused before anything is sent, by every engine, naming the problem and NODE_EXTRA_CA_CERTS', async () => {
    const raw = await startRawServer(() => undefined, { tls: certs.selfSigned });
    server = raw;
    for (const engine of ALL) {
      const error = await runAgainst(raw.url, ENGINES[engine], 'timeout: 5s\n').catch((e: unknown) => e);
      expect(error, engine).toBeInstanceOf(TargetError);
      expect((error as TargetError).message).toMatch(/certificate.*self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      expect((error as TargetError).message).toContain('NODE_EXTRA_CA_CERTS');
    }
    expect(raw.bytesReceived).toBe(0);
  });

  it('in every engine, each connection is verified: no request byte, and never the key, reaches the server', async () => {
    const answer = createTextAnswerer();
    const raw = await startRawServer((socket, request) => {
      const { status, payload } = answer(request.body, request.apiKey);
      socket.write(`HTTP/1.1 ${status} Created\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    }, { tls: certs.selfSigned });
    server = raw;
    const loads: Record<Engine, LoadSpec> = { open: { model: 'open', rate: 200, requests: 10 }, closed: { model: 'closed', concurrency: 2, requests: 10 }, max: { model: 'max', connections: 2, requests: 10 } };
    for (const engine of ALL) {
      // The engine itself, without the probe in front of it: as if the certificate changed mid-run.
      const config: ExecutionConfig = { plan: buildPlan(loads[engine], 5000, { turns: 1 }), source: { agents: [TEST_AGENT], inputs: ['hello'], variables: [], strategy: 'cartesian', seed: 1 }, baseUrl: raw.url, apiKey: TEST_KEY, seed: 1, secrets: [TEST_KEY], graceMs: 1000, profile: 'spec' };
      const run = startSlice(config, { index: 0, count: 1 }, new AbortController().signal);
      const { stats, fatal } = await run.done;
      const state = run.recorder.state();
      expect({ engine, fatal, sent: stats.sent, requests: state.requests, transport: state.transportByKind, status: state.status }).toEqual({ engine, fatal: undefined, sent: 10, requests: 10, transport: { tls: 10 }, status: {} });
      expect(state.samples.transport?.[0]?.message).toContain('self-signed certificate');
    }
    expect(raw.keysSeen).toBe(0);
    expect(raw.bytesReceived).toBe(0);
  });
});
