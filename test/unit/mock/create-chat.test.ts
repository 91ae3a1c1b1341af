import { describe, expect, it } from 'vitest';
import { declaredResponse } from '../../../src/contract/compile.js';
import { loadContract } from '../../../src/contract/index.js';
import { mockConfigFor } from '../../../src/mock/config.js';
import { compileTemplate, createChatHandler, surelyValidRequest, type MockRequest } from '../../../src/mock/create-chat.js';
import { createRng } from '../../../src/random.js';

const contract = loadContract();
const KEY = 'sk-test-alpha';
const config = mockConfigFor({
  agents: [],
  settings: {
    faults: [],
    maxRequestBytes: 4096,
    agents: [
      { agentId: 'agent_orders', name: 'Grace', reply: 'Hi {{customer_name}}, your order {{order_id}} is on its way.', requiredVariables: ['order_id'] },
      { agentId: 'agent_off', status: 'Disabled' },
      { agentId: 'agent_beta', status: 'Testing' },
    ],
    apiKeys: [{ key: KEY }, { key: 'sk-test-narrow', agents: ['agent_beta'] }],
  },
});

function handler() {
  return createChatHandler(config, contract.validateRequest, createRng(1));
}

function post(body: unknown, extra: Partial<MockRequest> = {}): MockRequest {
  return { method: 'POST', path: '/v1/chats', apiKey: KEY, contentType: 'application/json', bodyText: typeof body === 'string' ? body : JSON.stringify(body), ...extra };
}

/** The body as a client would get it (stringified), checked against the spec's schema for its status. */
function expectSpecBody(status: number, body: unknown): Record<string, unknown> {
  const validate = declaredResponse(contract, status)?.mediaTypes.get('application/json');
  expect(validate, `status ${status} is declared`).toBeDefined();
  const json = body as Record<string, unknown>;
  expect(validate!(json), JSON.stringify(validate!.errors)).toBe(true);
  if (status >= 400) {
    expect(Object.keys(json).filter((k) => k !== 'validationErrors').sort()).toEqual(['error', 'message', 'path', 'status', 'timestamp']);
    expect(json.status).toBe(status);
    expect(json.path).toBe('/v1/chats');
  }
  return json;
}

const order = { agentId: 'agent_orders', input: 'Where is my order?', dynamicVariables: { customer_name: 'Michael', order_id: 1042 } };

describe('createChatHandler: every status path, each body valid by the spec', () => {
  const cases: [string, MockRequest, number, RegExp, Record<string, RegExp>?][] = [
    ['no key', post(order, { apiKey: undefined }), 401, /X-API-Key is missing or invalid/],
    ['unknown key', post(order, { apiKey: 'sk-test-nobody' }), 401, /X-API-Key/],
    ['key not allowed this agent', post(order, { apiKey: 'sk-test-narrow' }), 403, /may not use agent agent_orders/],
    ['disabled agent', post({ agentId: 'agent_off', input: 'hi' }), 403, /agent_off is disabled/],
    ['unknown agent', post({ agentId: 'agent_nobody', input: 'hi' }), 404, /agent_nobody was not found/],
    ['unknown previousChatId', post({ ...order, previousChatId: 'chat_doesnotexist0000' }), 404, /chat_doesnotexist0000 was not found/],
    ['missing required variable', post({ agentId: 'agent_orders', input: 'hi' }), 400, /order_id/, { 'dynamicVariables.order_id': /required by agent agent_orders/ }],
    ['missing agentId', post({ input: 'hi' }), 400, /Invalid request/, { agentId: /required/ }],
    ['missing input', post({ agentId: 'agent_orders' }), 400, /Invalid request/, { input: /required/ }],
    ['empty input', post({ agentId: 'agent_orders', input: '' }), 400, /Invalid/, { input: /fewer than 1/ }],
    ['input over 20480', post({ agentId: 'agent_orders', input: 'x'.repeat(20481) }, {}), 400, /Invalid/, { input: /more than 20480/ }],
    ['agentId over 64', post({ agentId: 'a'.repeat(65), input: 'hi' }), 400, /Invalid/, { agentId: /more than 64/ }],
    ['previousChatId over 128', post({ ...order, previousChatId: 'c'.repeat(129) }), 400, /Invalid/, { previousChatId: /more than 128/ }],
    ['null dynamic variable', post({ ...order, dynamicVariables: { order_id: null } }), 400, /Invalid/, { 'dynamicVariables.order_id': /null is not allowed/ }],
    ['dynamicVariables not an object', post({ ...order, dynamicVariables: [1] }), 400, /Invalid/, { dynamicVariables: /must be object/ }],
    ['agentId not a string', post({ agentId: 7, input: 'hi' }), 400, /Invalid/, { agentId: /must be string/ }],
    ['malformed JSON', post('{"agentId": "agent_orders", '), 400, /Malformed JSON/, { body: /not valid JSON/ }],
    ['wrong content-type', post(order, { contentType: 'text/plain' }), 400, /Content-Type must be application\/json/, { body: /application\/json/ }],
    ['body over the size limit', post(order, { bodyText: undefined }), 400, /exceeds 4096 bytes/, { body: /at most 4096 bytes/ }],
  ];
  for (const [name, request, status, message, fields] of cases) {
    it(`${name} → ${status}`, () => {
      const { response } = handler()(request);
      expect(response.status).toBe(status);
      const body = expectSpecBody(status, JSON.parse(response.json));
      expect(body.message).toMatch(message);
      if (fields) {
        for (const [field, reason] of Object.entries(fields)) expect((body.validationErrors as Record<string, string>)[field]).toMatch(reason);
      }
    });
  }

  it('accepts every allowed dynamic variable type (string, number, boolean, object, array)', () => {
    const { response } = handler()(post({ ...order, dynamicVariables: { order_id: '1', n: 2, b: true, o: { a: 1 }, a: [1] } }));
    expect(response.status).toBe(201);
  });

  it('201: a new chat_ id, the agent echoed, a reply built from the template and the variables', () => {
    const { response, inputChars } = handler()(post(order));
    expect(response.status).toBe(201);
    const body = expectSpecBody(201, JSON.parse(response.json)) as { chatId: string; status: string; createdAt: string; agent: unknown; response: { content: string[]; role: string; id: string }[] };
    expect(body.chatId).toMatch(/^chat_[A-Za-z0-9]{16}$/);
    expect(body.response[0]!.id).toMatch(/^item_[A-Za-z0-9]{16}$/);
    expect(body.status).toBe('in_progress');
    expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(5000);
    expect(body.agent).toEqual({ name: 'Grace', agentId: 'agent_orders', status: 'Live' });
    expect(body.response[0]!.role).toBe('assistant');
    expect(body.response[0]!.content).toEqual(['Hi Michael, your order 1042 is on its way.']);
    expect(inputChars).toBe(order.input.length);
  });

  it('a Testing agent answers, and a key limited to it may use it', () => {
    const { response } = handler()(post({ agentId: 'agent_beta', input: 'hi' }, { apiKey: 'sk-test-narrow' }));
    expect(response.status).toBe(201);
    expect((expectSpecBody(201, JSON.parse(response.json)).agent as { status: string }).status).toBe('Testing');
  });

  it('previousChatId of a known chat continues that conversation', () => {
    const handle = handler();
    const opened = handle(post(order));
    const first = JSON.parse(opened.response.json) as { chatId: string };
    const { response, agent, turn } = handle(post({ ...order, input: 'And when will it arrive?', previousChatId: first.chatId }));
    expect(response.status).toBe(201);
    // What the latency depends on: the agent (its own model) and the turn (the per-turn cost).
    expect([opened.agent, opened.turn, agent, turn]).toEqual([0, 1, 0, 2]);
    const body = expectSpecBody(201, JSON.parse(response.json)) as { chatId: string; response: { content: string[] }[] };
    expect(body.chatId).not.toBe(first.chatId);
    expect(body.response[0]!.content[0]).toContain('earlier question ("Where is my order?")');
  });

  it("a previousChatId of another agent's chat is refused with a declared 400 naming the field, as a conversation keeps its agent", () => {
    const handle = handler();
    const first = JSON.parse(handle(post({ agentId: 'agent_beta', input: 'hi' })).response.json) as { chatId: string };
    const { response } = handle(post({ ...order, input: 'And?', previousChatId: first.chatId }));
    expect(response.status).toBe(400);
    const body = expectSpecBody(400, JSON.parse(response.json));
    expect(body.message).toBe(`Chat ${first.chatId} belongs to agent agent_beta, not agent_orders`);
    expect(body.validationErrors).toEqual({ previousChatId: expect.stringMatching(/belongs to agent agent_beta/) });
    // The same chat goes on with its own agent.
    expect(handle(post({ agentId: 'agent_beta', input: 'And?', previousChatId: first.chatId })).response.status).toBe(201);
  });

  it('a follow-up quotes the first 60 characters of the earlier input', () => {
    const handle = handler();
    const long = `${'Where is my order? '.repeat(5)}Thanks.`;
    const first = JSON.parse(handle(post({ ...order, input: long })).response.json) as { chatId: string };
    const body = JSON.parse(handle(post({ ...order, input: 'And?', previousChatId: first.chatId })).response.json) as { response: { content: string[] }[] };
    expect(body.response[0]!.content[0]).toContain(`earlier question ("${long.slice(0, 60)}")`);
  });

  it('refuses a body whose bytes were not UTF-8 with 400, after the key check', () => {
    expect(handler()(post(order, { validUtf8: false })).response.status).toBe(400);
    expect(JSON.parse(handler()(post(order, { validUtf8: false })).response.json)).toMatchObject({ message: 'Request body is not valid UTF-8' });
    expect(handler()(post(order, { validUtf8: false, apiKey: 'sk-wrong' })).response.status).toBe(401);
  });

  it('an empty previousChatId (minLength 0) starts a new chat', () => {
    expect(handler()(post({ ...order, previousChatId: '' })).response.status).toBe(201);
  });

  it('forgets the oldest chat past maxChats', () => {
    const small = createChatHandler({ ...config, maxChats: 2 }, contract.validateRequest, createRng(1));
    const ids = [1, 2, 3].map(() => (JSON.parse(small(post(order)).response.json) as { chatId: string }).chatId);
    expect(small(post({ ...order, previousChatId: ids[0] })).response.status).toBe(404);
    expect(small(post({ ...order, previousChatId: ids[2] })).response.status).toBe(201);
  });

  it('the same seed gives the same ids', () => {
    const ids = (seed: number) => {
      const handle = createChatHandler(config, contract.validateRequest, createRng(seed));
      return [1, 2, 3].map(() => (JSON.parse(handle(post(order)).response.json) as { chatId: string }).chatId);
    };
    expect(ids(9)).toEqual(ids(9));
    expect(ids(9)).not.toEqual(ids(10));
  });
});

describe('compileTemplate', () => {
  it('fills placeholders, says "there" for a missing name and shows objects as JSON', () => {
    const fill = compileTemplate('Hi {{customer_name}}, {{ plan }} / {{cart}} / {{missing}}');
    expect(fill({ plan: 'pro', cart: { items: 2 } })).toBe('Hi there, pro / {"items":2} / [missing]');
  });
});

describe('surelyValidRequest (the fast path before Ajv)', () => {
  const validate = contract.validateRequest;
  const samples: unknown[] = [
    order,
    { agentId: 'a', input: 'x' },
    { agentId: 'a', input: 'x', previousChatId: '' },
    { agentId: 'a', input: 'x', dynamicVariables: { s: 's', n: 1, b: false, o: {}, a: [] } },
    { agentId: 'a', input: 'x', extra: 1 },
    { agentId: '', input: 'x' },
    { agentId: 'a'.repeat(65), input: 'x' },
    { agentId: '😀'.repeat(40), input: 'x' },
    { agentId: 'a', input: '' },
    { agentId: 'a', input: 'x'.repeat(20481) },
    { agentId: 'a', input: 'x', previousChatId: 'p'.repeat(129) },
    { agentId: 'a', input: 'x', previousChatId: 5 },
    { agentId: 'a', input: 'x', dynamicVariables: { n: null } },
    { agentId: 'a', input: 'x', dynamicVariables: [] },
    { agentId: 'a', input: 'x', dynamicVariables: null },
    { agentId: 1, input: 'x' },
    { input: 'x' },
    [],
    null,
    'text',
  ];
  it('never accepts what Ajv refuses, and accepts the common valid shapes', () => {
    for (const sample of samples) {
      const sure = surelyValidRequest(sample);
      if (sure) expect(validate(sample), JSON.stringify(sample)?.slice(0, 80)).toBe(true);
    }
    expect(samples.slice(0, 5).every(surelyValidRequest)).toBe(true);
    // A string longer in UTF-16 units than in code points is left to Ajv, which accepts it.
    expect(surelyValidRequest(samples[7])).toBe(false);
    expect(validate(samples[7])).toBe(true);
  });
});
