import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/client/http-client.js';
import { ExitCode } from '../../src/errors.js';
import { createAnswerer, startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MIB = 1024 * 1024;

/** Writes `total` bytes in 64 KiB chunks, honouring back-pressure, until done or the client hangs up. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

describe('target faults: bodies', () => {
  it('a body trickled byte by byte: the whole-exchange timer fires at the timeout', async () => {
    const answer = createAnswerer();
    const timers = new Set<NodeJS.Timeout>();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ payload }) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.on('error', () => undefined);
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= payload.length) return void (clearInterval(timer), res.end());
          res.write(payload[i++]!);
        }, 10);
        timers.add(timer);
      });
    });
    try {
      const run = await runAgainst(server.url, '{ concurrency: 2, requests: 4 }', 'timeout: 400ms\n');
      const r = run.written;
      // Bytes kept arriving (undici's idle timers never fire), yet each exchange ended at the timeout.
      expect(r.totals.timeouts).toBe(4);
      expect(r.conformance.byRule.transport).toBe(4);
      expect(r.latencyByStatusClass.transport?.min).toBeGreaterThanOrEqual(390);
      expect(r.latencyByStatusClass.transport?.max).toBeLessThan(1500);
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it('a 50 MiB body: reading stops at the 1 MiB cap (body-size), memory stays bounded', async () => {
    server = await startFaultServer((req, res) => {
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': 50 * MIB });
      stream(res, 50 * MIB);
    });
    const before = process.memoryUsage().rss;
    const run = await runAgainst(server.url, '{ concurrency: 4, requests: 8 }', 'timeout: 10s\n');
    const growth = process.memoryUsage().rss - before;
    const r = run.written;
    expect(r.status['201']).toBe(8);
    expect(r.conformance.byRule['body-size']).toBe(8);
    const sample = r.conformance.samples.find((s) => s.rule === 'body-size')!;
    expect(sample.response?.truncated).toBe(true);
    expect(sample.response?.bodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    // Four bodies in flight read whole would be 200 MiB; capped, they are 4 MiB.
    expect(growth).toBeLessThan(48 * MIB);
    expect(run.exitCode).toBe(ExitCode.verdictFailed);
  });

  it('invalid UTF-8 in a JSON body: counted under json-parse', async () => {
    const answer = createAnswerer();
    server = await startFaultServer((req, res) => {
      void answer(req).then(({ status, payload }) => {
        const bytes = Buffer.from(payload, 'utf8');
        // Break the first byte inside the reply text: still "JSON" to a lenient decoder.
        bytes[bytes.indexOf('"content":["') + 12] = 0xff;
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
      });
    });
    const run = await runAgainst(server.url, '{ concurrency: 2, requests: 6 }', 'timeout: 2s\n');
    const r = run.written;
    expect(r.status['201']).toBe(6);
    expect(r.conformance.byRule['json-parse']).toBe(6);
    expect(r.conformance.samples[0]?.message).toContain('not valid UTF-8');
  });
});
