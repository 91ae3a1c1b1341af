import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/http-client.js';
import type { Exchange, PlannedRequest } from '../../src/exchange.js';
import { runClosed } from '../../src/load/closed.js';
import type { EngineContext } from '../../src/load/engine.js';
import { runOpen } from '../../src/load/open.js';
import { buildPlan, type ClosedPlan, type OpenPlan } from '../../src/load/plan.js';
import type { LoadSpec } from '../../src/scenario/types.js';
import { createRequestSource } from '../../src/scenario/source.js';

/**
 * Documented engine behaviours that only show over real sockets: arrivals held by `maxInFlight`
 * past the timeout are dropped, a virtual user's think time spaces its requests, and a `send` that
 * breaks its "never rejects" contract neither kills the process nor loses a request's count.
 */

const source = createRequestSource({ agents: ['agent_a'], inputs: ['hello'], variables: [], strategy: 'cartesian', seed: 1 });

/** A server answering 201 after `delayMs`, remembering when each request arrived (this process's clock). */
async function slowServer(delayMs: number): Promise<{ url: string; arrivals: number[]; close: () => Promise<void> }> {
  const arrivals: number[] = [];
  const server: Server = createServer((req, res) => {
    arrivals.push(performance.now());
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"chatId":"chat_1"}'), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An engine context over a real client; the sink keeps every exchange. */
function context(client: Client, send: (request: PlannedRequest) => Promise<Exchange> = client.send): { ctx: EngineContext; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const ctx: EngineContext = {
    source,
    send,
    sink: (exchange) => {
      exchanges.push(exchange);
      return { ok: exchange.status === 201, chatId: 'chat_1' };
    },
    signal: new AbortController().signal,
  };
  return { ctx, exchanges };
}

const openPlan = (load: Omit<LoadSpec, 'model'>, timeoutMs: number) => buildPlan({ model: 'open', ...load } as LoadSpec, timeoutMs) as OpenPlan;
const closedPlan = (load: Omit<LoadSpec, 'model'>, timeoutMs: number, turns = 1) => buildPlan({ model: 'closed', ...load } as LoadSpec, timeoutMs, { turns }) as ClosedPlan;

describe('open model: arrivals held by maxInFlight past the timeout are dropped', () => {
  let server: Awaited<ReturnType<typeof slowServer>>;
  beforeAll(async () => {
    server = await slowServer(150);
  });
  afterAll(() => server.close());

  it('one request in flight at a time, answered after 150 ms, 50 arrivals in 1 s, a 200 ms timeout: most wait past it and are dropped', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k', connections: 1, timeoutMs: 200 });
    try {
      const { ctx, exchanges } = context(client);
      const stats = await runOpen(openPlan({ rate: 50, durationMs: 1000, maxInFlight: 1 }, 200), ctx);
      // Every arrival is either sent or dropped; none is lost or sent twice.
      expect(stats.sent + stats.dropped).toBe(50);
      expect(exchanges).toHaveLength(stats.sent);
      // One answer per 150 ms at best: at most ~8 of the 50 can go, whatever the load on the machine.
      expect(stats.sent).toBeLessThanOrEqual(10);
      expect(stats.dropped).toBeGreaterThanOrEqual(40);
    } finally {
      await client.close();
    }
  });
});

describe('closed model: think time', () => {
  let server: Awaited<ReturnType<typeof slowServer>>;
  beforeAll(async () => {
    server = await slowServer(0);
  });
  afterAll(() => server.close());

  it.each([
    ['one request per conversation', 1],
    ['between the turns of a conversation', 5],
  ])('a virtual user waits its think time after each answer before its next request (%s)', async (_label, turns) => {
    server.arrivals.length = 0;
    const client = createClient({ baseUrl: server.url, apiKey: 'k', connections: 1, timeoutMs: 5000 });
    try {
      const { ctx, exchanges } = context(client);
      const stats = await runClosed(closedPlan({ concurrency: 1, requests: 5, thinkTimeMs: 120 }, 5000, turns), ctx);
      expect(stats.sent).toBe(5);
      expect(exchanges).toHaveLength(5);
      // From each answer to the next request: at least the think time (a timer may fire ~1 ms early).
      for (let i = 1; i < exchanges.length; i++) {
        const next = server.arrivals[i]!;
        expect(next - exchanges[i - 1]!.endAt).toBeGreaterThanOrEqual(118);
      }
    } finally {
      await client.close();
    }
  });
});

describe('a send that rejects, against its contract', () => {
  let server: Awaited<ReturnType<typeof slowServer>>;
  beforeAll(async () => {
    server = await slowServer(0);
  });
  afterAll(() => server.close());

  /** The real client, except that every fifth request rejects (and one throws before it returns a promise). */
  const flaky = (client: Client) => (request: PlannedRequest) => {
    if (request.seq === 3) throw new Error('thrown by send');
    return request.seq % 5 === 2 ? Promise.reject(new Error('client bug')) : client.send(request);
  };

  const engines: [string, (ctx: EngineContext) => Promise<unknown>][] = [
    ['open model', (ctx) => runOpen(openPlan({ rate: 200, requests: 20, maxInFlight: 4 }, 5000), ctx)],
    ['closed model', (ctx) => runClosed(closedPlan({ concurrency: 3, requests: 20 }, 5000), ctx)],
    ['closed model, conversations', (ctx) => runClosed(closedPlan({ concurrency: 3, requests: 20, thinkTimeMs: 1 }, 5000, 2), ctx)],
  ];

  it.each(engines)('%s: the run ends with every request counted; the failed ones are transport errors naming the bug', async (_label, run) => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k', connections: 4, timeoutMs: 5000 });
    try {
      const { ctx, exchanges } = context(client, flaky(client));
      // Without the catch, the open engine waits forever for the requests it lost count of, and the
      // rejection surfaces as an unhandled error (which fails this file).
      await run(ctx);
      const failed = exchanges.filter((e) => e.error);
      expect(failed.length).toBeGreaterThan(0);
      for (const e of failed) {
        expect(e.error!.kind).toBe('other');
        expect(e.error!.message).toMatch(/chatload's client failed \(a bug in chatload, not the target's fault\): (client bug|thrown by send)/);
      }
      expect(failed.map((e) => e.request.seq).every((seq) => seq % 5 === 2 || seq === 3)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('closed model: a sink that throws (against its contract) ends the run with that error, not with an unhandled rejection', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k', connections: 3, timeoutMs: 5000 });
    try {
      const { ctx, exchanges } = context(client);
      const sink = ctx.sink;
      ctx.sink = (exchange) => {
        if (exchange.request.seq === 4) throw new Error('sink bug');
        return sink(exchange);
      };
      await expect(runClosed(closedPlan({ concurrency: 3, requests: 12 }, 5000), ctx)).rejects.toThrow('sink bug');
      // The other virtual users ended their requests first.
      expect(exchanges.length).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
  });
});
