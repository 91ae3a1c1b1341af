import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockConfigFor } from '../../src/mock/config.js';
import { startMockServer, type RunningMock } from '../../src/mock/server.js';

const KEY = 'sk-test-capacity';
const BODY = JSON.stringify({ agentId: 'agent_a', input: 'hi' });

describe('the mock with a capacity of 32 slots at a fixed 100 ms (320/s)', () => {
  let mock: RunningMock;
  let agent: Agent;
  beforeAll(async () => {
    mock = await startMockServer(mockConfigFor({ agents: ['agent_a'], settings: { faults: [], apiKeys: [{ key: KEY }], latency: { kind: 'fixed', ms: 100 }, capacity: { slots: 32 } } }));
    agent = new Agent({ connections: 320 });
  });
  afterAll(async () => {
    await agent?.close();
    await mock?.close();
  });

  it('serves 320 requests sent at once in ten rounds of 32: no faster than 320/s, and in parallel', async () => {
    const started = performance.now();
    const ends = await Promise.all(
      Array.from({ length: 320 }, async () => {
        const res = await request(`${mock.url}/v1/chats`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: BODY });
        await res.body.text();
        expect(res.statusCode).toBe(201);
        return performance.now() - started;
      }),
    );
    ends.sort((a, b) => a - b);
    // The server cannot answer 320 requests in fewer than ten 100 ms rounds (a lower bound holds on any machine) …
    expect(ends.at(-1)!).toBeGreaterThanOrEqual(995);
    // … and nothing before the first round's 100 ms.
    expect(ends[0]!).toBeGreaterThanOrEqual(99);
    // One slot would take 32 s: 32 at once finish in about 1 s (generous for a loaded machine).
    expect(ends.at(-1)!).toBeLessThan(4000);
    // Round by round: at most 32 answers per 100 ms of service (the 64th answer comes after 200 ms).
    expect(ends[63]!).toBeGreaterThanOrEqual(199);
    expect(ends[319 - 32]!).toBeGreaterThanOrEqual(899);
  });
});
