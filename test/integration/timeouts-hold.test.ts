import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http-client.js';
import type { Exchange } from '../../src/exchange.js';
import { runAgainst } from '../helpers/run-fault.js';
import { createAnswerer, startFaultServer, TEST_AGENT, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TIMEOUT_MS = 500;

describe('timeouts hold whatever the load', () => {
  // Far more than the generator can open, time out and replace per second on two shared cores.
  for (const [name, load] of [
    ['open', '{ rate: 4000, duration: 2s }'],
    ['closed', '{ concurrency: 1500, duration: 2s }'],
  ] as const) {
    it(`a server that never answers: every exchange ends at its deadline, not when a busy loop got to it (${name})`, async () => {
      server = await startFaultServer(() => undefined);
      const started = performance.now();
      const { written } = await runAgainst(server.url, load, `timeout: ${TIMEOUT_MS}ms\n`);
      const elapsedMs = performance.now() - started;
      expect(written.totals.requests).toBeGreaterThan(100);
      expect(written.totals.timeouts).toBe(written.totals.requests);
      // Service time counts from the hand-over to the client: a timeout ends it at exactly the timeout
      // (HDR keeps 3 significant digits).
      expect(written.serviceTime.max).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.999);
      expect(written.serviceTime.max).toBeLessThanOrEqual(TIMEOUT_MS * 1.001);
      // The run ends by its duration plus a timeout or two (open: an arrival may wait a timeout to be sent).
      expect(elapsedMs).toBeLessThan(2000 + 2 * TIMEOUT_MS + 8000);
    });
  }

  it('a request that timed out while queued for a connection does not cost the connection', async () => {
    const answer = createAnswerer();
    let first = true;
    // The first request hangs (and holds the only connection); every later one is answered at once.
    server = await startFaultServer((req, res) => {
      if (first) {
        first = false;
        return;
      }
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    const client = createClient({ baseUrl: server.url, apiKey: 'test-key-fault-5f1e', connections: 1, timeoutMs: 300 });
    const body = { agentId: TEST_AGENT, input: 'hello' };
    try {
      const sent = Promise.all([0, 1, 2, 3].map((seq) => client.send({ seq, body })));
      // A busy event loop (as under heavy load) lets the four deadlines pass before their timer runs:
      // they all expire in one pass, while three of them are still queued for the only connection.
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const until = performance.now() + 400; performance.now() < until; );
      const queued = await sent;
      expect(queued.map((e: Exchange) => e.error?.kind)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
      const after = await client.send({ seq: 4, body });
      expect(after.status).toBe(201);
      // The hung connection is closed at its timeout; the three that timed out in the queue are dropped
      // without closing the next connection, which then serves the fifth request.
      expect(server.connections).toBe(2);
    } finally {
      await client.close();
    }
  });
});
