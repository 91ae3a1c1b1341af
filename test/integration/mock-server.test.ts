import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredResponse } from '../../src/contract/compile.js';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { startMockServer, STATS_PATH, type MockStats, type RunningMock } from '../../src/mock/server.js';
import { faultRates } from '../../src/mock/settings.js';

const KEY = 'sk-test-http';
const contract = loadContract();

async function post(mock: RunningMock, body: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(`${mock.url}/v1/chats`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY, ...headers }, body });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('the mock over HTTP', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMockServer(mockConfigFor({ agents: ['agent_a'], settings: { faults: [], apiKeys: [{ key: KEY }], maxRequestBytes: 1024 } }));
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('answers errors with the spec Error body and application/json', async () => {
    for (const [body, headers, status] of [
      ['{"agentId":"agent_a","input":"hi"}', { 'x-api-key': 'sk-test-wrong' }, 401],
      ['{"agentId":"agent_a"', {}, 400],
      ['{"agentId":"agent_a","input":"hi"}', { 'content-type': 'text/plain' }, 400],
      ['{"agentId":"nobody","input":"hi"}', {}, 404],
    ] as const) {
      const res = await post(mock, body, headers);
      expect(res.status).toBe(status);
      expect(res.contentType).toBe('application/json');
      const validate = declaredResponse(contract, status)!.mediaTypes.get('application/json')!;
      expect(validate(JSON.parse(res.text))).toBe(true);
    }
  });

  it('refuses a body above the size limit with 400, without reading it all', async () => {
    const res = await post(mock, JSON.stringify({ agentId: 'agent_a', input: 'x'.repeat(200_000) }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ status: 400, message: 'Request body exceeds 1024 bytes' });
  });

  it('answers another method on /v1/chats with 405 naming POST in Allow, and an unknown path with 404', async () => {
    for (const method of ['PUT', 'PATCH', 'GET', 'DELETE']) {
      const res = await fetch(`${mock.url}/v1/chats`, { method, headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(JSON.parse(await res.text())).toMatchObject({ status: 405, error: 'Method Not Allowed' });
    }
    expect((await fetch(`${mock.url}/v2/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('refuses a body that is not UTF-8 with 400, instead of reading replacement characters', async () => {
    const bytes = Buffer.concat([Buffer.from('{"agentId":"agent_a","input":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await fetch(`${mock.url}/v1/chats`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: bytes });
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text())).toMatchObject({ message: 'Request body is not valid UTF-8' });
  });

  it('answers 201 with a body the spec accepts, and counts it', async () => {
    const res = await post(mock, JSON.stringify({ agentId: 'agent_a', input: 'Where is my order?', dynamicVariables: { customer_name: 'Michael' } }));
    expect(res.status).toBe(201);
    const validate = declaredResponse(contract, 201)!.mediaTypes.get('application/json')!;
    const body = JSON.parse(res.text) as { response: { content: string[] }[] };
    expect(validate(body)).toBe(true);
    expect(body.response[0]!.content[0]).toContain('Hi Michael');
    const stats = (await (await fetch(`${mock.url}${STATS_PATH}`)).json()) as MockStats;
    expect(stats.byStatus['201']).toBeGreaterThanOrEqual(1);
    expect(stats.byFault.none).toBe(stats.requests);
  });
});

describe('seeded faults over HTTP', () => {
  const faults = faultRates({ http500: 0.1, http429: 0.1, http503: 0.1, malformedJson: 0.1, wrongContentType: 0.1, schemaDrift: 0.15 });

  /** One request at a time, so arrival order is send order: the sequence of what came back. */
  async function sequence(seed: number, n: number): Promise<string[]> {
    const mock = await startMockServer(mockConfigFor({ agents: ['agent_a'], settings: { faults, seed, apiKeys: [{ key: KEY }] } }));
    try {
      const seen: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await post(mock, JSON.stringify({ agentId: 'agent_a', input: `question ${i}` }));
        // Ids and timestamps come from the seed and the clock; status, content-type and shape tell the fault.
        seen.push(`${res.status} ${res.contentType} ${res.text.replace(/"(chat|item)_[A-Za-z0-9]{16}"/g, '"id"').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T').length}`);
      }
      return seen;
    } finally {
      await mock.close();
    }
  }

  it('the same seed gives the same sequence; another seed another', async () => {
    const a = await sequence(77, 60);
    expect(await sequence(77, 60)).toEqual(a);
    expect(await sequence(78, 60)).not.toEqual(a);
    expect(new Set(a.map((s) => s.split(' ')[0])).size).toBeGreaterThanOrEqual(4);
  });
});
