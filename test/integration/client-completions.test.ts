import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http-client.js';
import type { Exchange } from '../../src/exchange.js';
import { startFaultServer, TEST_AGENT, TEST_KEY, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const busy = (ms: number) => {
  for (const until = performance.now() + ms; performance.now() < until; );
};

describe('answers that arrive together', () => {
  it('are each timed when read, not after the work on the answers read before them', async () => {
    const N = 4;
    // Each answer's handling (checks, recording, the next request) takes this long here.
    const HANDLING_MS = 150;
    const waiting: ServerResponse[] = [];
    // The server holds the answers until all N requests are in, writes them all, then blocks this
    // process's event loop so that every answer is in its socket before the client reads any.
    server = await startFaultServer((req, res) => {
      req.resume();
      req.on('end', () => {
        waiting.push(res);
        if (waiting.length < N) return;
        for (const r of waiting) r.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        busy(200);
      });
    });
    const client = createClient({ baseUrl: server.url, apiKey: TEST_KEY, connections: N, timeoutMs: 10_000 });
    try {
      const handled = await Promise.all(
        Array.from({ length: N }, (_, seq) =>
          client.send({ seq, body: { agentId: TEST_AGENT, input: 'hello' } }).then((exchange: Exchange) => {
            busy(HANDLING_MS);
            return exchange;
          }),
        ),
      );
      expect(handled.map((e) => e.status)).toEqual(Array(N).fill(201));
      const ends = handled.map((e) => e.endAt);
      // Read in one pass: the spread is the parsing alone, far less than one answer's handling
      // (handing each on at once would put (N - 1) × HANDLING_MS between the first and the last).
      expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(HANDLING_MS);
    } finally {
      await client.close();
    }
  });
});
