import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkExchange, loadContract } from '../../../src/contract/index.js';
import { HARNESS_RULES, RULES, SPEC_RULES } from '../../../src/contract/types.js';
import type { Exchange } from '../../../src/exchange.js';

const contract = loadContract();
const request = { seq: 0, body: { agentId: 'agent_1', input: 'Where is my order?' } };

function exchange(status: number, body: unknown, contentType = 'application/json', extra: Partial<Exchange> = {}): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { request, sentAt: 0, endAt: 5, status, headers: { 'content-type': contentType }, body: Buffer.from(text), ...extra };
}

const validChat = {
  chatId: 'chat_d17T6uReChpyfFeP',
  createdAt: '2026-11-27T10:00:00.000Z',
  status: 'in_progress',
  response: [{ id: 'item_1', role: 'assistant', type: 'message', content: ['Hello!'] }],
  agent: { name: 'Grace', agentId: 'agent_1', status: 'Live' },
};
const validError = { timestamp: '2026-05-05T10:06:43.615Z', status: 400, error: 'Bad Request', message: 'Invalid request parameters', path: '/v1/chats' };

const rulesOf = (e: Exchange) => checkExchange(e, contract).violations.map((v) => v.rule);

describe('contract rules (spec profile)', () => {
  it('a valid 201 gives no violation and hands back the parsed body', () => {
    const result = checkExchange(exchange(201, validChat), contract);
    expect(result.violations).toEqual([]);
    expect(result.json).toEqual(validChat);
  });

  it('accepts a content-type with parameters', () => {
    expect(rulesOf(exchange(201, validChat, 'application/json; charset=utf-8'))).toEqual([]);
  });

  it('checks error bodies against the Error schema, for every declared error status', () => {
    for (const status of [400, 401, 403, 404, 500]) {
      expect(rulesOf(exchange(status, { ...validError, status }))).toEqual([]);
      expect(rulesOf(exchange(status, { ...validError, status: String(status) }))).toEqual(['body-schema']);
    }
  });

  it('transport: a reset, refused or timed-out exchange', () => {
    const failed: Exchange = { request, sentAt: 0, endAt: 3, error: { kind: 'reset', code: 'ECONNRESET', message: 'socket hang up' } };
    const [violation] = checkExchange(failed, contract).violations;
    expect(violation).toEqual({ rule: 'transport', message: 'reset ECONNRESET: socket hang up' });
  });

  it('status-declared: an undeclared 429', () => {
    const [violation] = checkExchange(exchange(429, { error: 'Too Many Requests' }), contract).violations;
    expect(violation!.rule).toBe('status-declared');
    expect(violation!.message).toContain('status 429 is not declared');
  });

  it('content-type: text/html where JSON is declared, and a missing content-type', () => {
    expect(rulesOf(exchange(201, '<html>oops</html>', 'text/html'))).toEqual(['content-type']);
    const noType = exchange(201, validChat);
    delete noType.headers;
    expect(checkExchange(noType, contract).violations[0]!.message).toContain('content-type is missing');
  });

  it('json-parse: truncated JSON', () => {
    const text = JSON.stringify(validChat).slice(0, 40);
    const [violation] = checkExchange(exchange(201, text), contract).violations;
    expect(violation!.rule).toBe('json-parse');
    expect(violation!.message).toContain('not valid JSON');
  });

  it('json-parse: an encoded body names its Content-Encoding, which chatload never asked for', () => {
    const gzip: Exchange = { ...exchange(201, ''), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(validChat)) };
    const [notUtf8] = checkExchange(gzip, contract).violations;
    expect(notUtf8!.rule).toBe('json-parse');
    expect(notUtf8!.message).toMatch(/^201 body is not valid UTF-8 \(\d+ bytes\); it came with Content-Encoding: gzip, which chatload never asks for \(it sends no Accept-Encoding\)$/);
    const utf8ButEncoded: Exchange = { ...exchange(201, 'x+y'), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } };
    expect(checkExchange(utf8ButEncoded, contract).violations[0]!.message).toContain('; it came with Content-Encoding: br');
    const identity: Exchange = { ...exchange(201, 'x+y'), headers: { 'content-type': 'application/json', 'content-encoding': 'identity' } };
    expect(checkExchange(identity, contract).violations[0]!.message).not.toContain('Content-Encoding');
  });

  it('body-schema: a 201 field of the wrong type names the field and schema path', () => {
    const [violation] = checkExchange(exchange(201, { ...validChat, chatId: 42 }), contract).violations;
    expect(violation!.rule).toBe('body-schema');
    expect(violation!.instancePath).toBe('/chatId');
    expect(violation!.schemaPath).toContain('/properties/chatId/type');
    expect(violation!.message).toContain('/chatId must be string');
  });

  it('body-schema: a value outside its enum lists the allowed values (vendor drift in-progress)', () => {
    const [violation] = checkExchange(exchange(201, { ...validChat, status: 'in-progress' }), contract).violations;
    expect(violation!.message).toContain('/status must be equal to one of the allowed values ("in_progress", "ended", "error")');
  });

  it('body-schema: date-time format is checked', () => {
    expect(rulesOf(exchange(201, { ...validChat, createdAt: 'yesterday' }))).toEqual(['body-schema']);
  });

  it('body-schema: date-time is RFC 3339 exactly: a space instead of the T fails, lower-case t and z pass', () => {
    const [violation] = checkExchange(exchange(201, { ...validChat, createdAt: '2026-12-02 02:22:19.003Z' }), contract).violations;
    expect(violation).toMatchObject({ rule: 'body-schema', instancePath: '/createdAt' });
    expect(violation!.message).toContain('/createdAt must match format "date-time"');
    expect(rulesOf(exchange(201, { ...validChat, createdAt: '2026-12-02t02:22:19.003z' }))).toEqual([]);
    expect(rulesOf(exchange(400, { ...validError, timestamp: '2026-05-05 10:06:43.615Z' }))).toEqual(['body-schema']);
  });

  it('body-schema: nested message fields are checked', () => {
    const bad = { ...validChat, response: [{ ...validChat.response[0], role: 'robot', content: 'not an array' }] };
    const [violation] = checkExchange(exchange(201, bad), contract).violations;
    expect(violation!.message).toContain('/response/0/role must be equal to one of the allowed values');
    expect(violation!.message).toContain('/response/0/content must be array');
  });

  it('body-size: a truncated body is flagged and not parsed', () => {
    expect(rulesOf(exchange(201, validChat, 'application/json', { truncated: true }))).toEqual(['body-size']);
  });

  it('by the letter of the document, {} is a valid 201 (no required fields)', () => {
    expect(rulesOf(exchange(201, {}))).toEqual([]);
  });
});

describe('compiled contract', () => {
  it('has one validator per declared status and the request schema', () => {
    expect([...contract.responses.keys()]).toEqual(['201', '400', '401', '403', '404', '500']);
    for (const r of contract.responses.values()) expect(r.mediaTypes.get('application/json')).toBeTypeOf('function');
    expect(contract.validateRequest({ agentId: 'a', input: 'b' })).toBe(true);
    expect(contract.validateRequest({ agentId: '', input: 'b' })).toBe(false);
    expect(contract.validateRequest({ agentId: 'a', input: 'b', dynamicVariables: { x: null } })).toBe(false);
    expect((contract.requestSchema.properties as Record<string, unknown>).agentId).toMatchObject({ maxLength: 64 });
  });
});

describe('json-parse messages and secrets', () => {
  it('never quote a fragment of the key, even where the excerpt would cut it', () => {
    const key = 'sk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
    const text = `{"echo": "${key}`;
    const [violation] = checkExchange(exchange(201, text), contract, [key]).violations;
    expect(violation!.rule).toBe('json-parse');
    expect(violation!.message).not.toContain('sk_li');
    expect(violation!.message).toContain('[REDACTED]');
  });
});

describe('rule groups', () => {
  it('body-size is the harness own limit, beside transport, not a rule of the document', () => {
    expect([...HARNESS_RULES]).toEqual(['transport', 'body-size']);
    expect(SPEC_RULES as readonly string[]).not.toContain('body-size');
    expect(SPEC_RULES as readonly string[]).not.toContain('transport');
    expect(new Set(RULES).size).toBe(RULES.length);
  });
});
