import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/contract/openapi.js';
import {
  checkAgentEcho,
  checkAssistantMessage,
  checkCreatedAt,
  checkErrorStatus,
  checkFieldsPresent,
  checkSoftFailure,
  semanticViolations,
  wallClockOf,
  withoutSchemaOverlaps,
} from '../../../src/contract/semantic.js';
import type { Violation } from '../../../src/contract/types.js';
import type { Exchange } from '../../../src/exchange.js';

const request = { seq: 0, body: { agentId: 'agent_1', input: 'hi' } };

/** An exchange sent at wall-clock `sentWall` ms and ended `durationMs` later (exactly: both near performance.timeOrigin). */
function exchangeAt(sentWall: number, durationMs: number, status = 201): Exchange {
  const sentAt = sentWall - performance.timeOrigin;
  return { request, sentAt, endAt: sentAt + durationMs, status };
}

const WALL = Math.round(performance.timeOrigin) + 1_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('fields-present', () => {
  const flat: JsonSchema = { type: 'object', properties: { a: {}, b: {}, c: {}, d: {}, e: {}, f: {} } };
  const all = { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 };
  const without = (...names: string[]) => Object.fromEntries(Object.entries(all).filter(([k]) => !names.includes(k)));

  it('nothing to say without a schema or for a body that is not an object', () => {
    expect(checkFieldsPresent(201, {}, undefined)).toBeUndefined();
    expect(checkFieldsPresent(201, [], flat)).toBeUndefined();
    expect(checkFieldsPresent(201, null, flat)).toBeUndefined();
    expect(checkFieldsPresent(201, 'text', flat)).toBeUndefined();
    expect(checkFieldsPresent(201, all, flat)).toBeUndefined();
  });

  it('one missing field: singular, with its pointers', () => {
    expect(checkFieldsPresent(201, without('b'), flat)).toEqual({ rule: 'fields-present', message: '201 body lacks documented field /b', schemaPath: '#/properties/b', instancePath: '/b' });
  });

  it('several: plural, in schema order, the first one’s pointers', () => {
    expect(checkFieldsPresent(404, without('d', 'b'), flat)).toMatchObject({ message: '404 body lacks documented fields /b, /d', instancePath: '/b', schemaPath: '#/properties/b' });
    expect(checkFieldsPresent(201, without('a', 'b', 'c', 'd'), flat)?.message).toBe('201 body lacks documented fields /a, /b, /c, /d');
  });

  it('names five at most, and then says there may be more', () => {
    expect(checkFieldsPresent(201, without('a', 'b', 'c', 'd', 'e'), flat)?.message).toBe('201 body lacks documented fields /a, /b, /c, /d, /e (and maybe more)');
    expect(checkFieldsPresent(201, {}, flat)?.message).toBe('201 body lacks documented fields /a, /b, /c, /d, /e (and maybe more)');
  });

  it('stops walking once five are named, nested ones included', () => {
    const schema: JsonSchema = { properties: { a: {}, b: {}, c: {}, d: {}, e: {}, n: { properties: { x: {} } } } };
    expect(checkFieldsPresent(201, { n: {} }, schema)?.message).toBe('201 body lacks documented fields /a, /b, /c, /d, /e (and maybe more)');
    expect(checkFieldsPresent(201, { a: 1, n: {} }, schema)?.message).toBe('201 body lacks documented fields /b, /c, /d, /e, /n/x (and maybe more)');
  });

  it('a field documented "(if any)", in any case, may be absent; other descriptions do not make it optional', () => {
    const schema = (description: unknown): JsonSchema => ({ properties: { errors: { type: 'object', description } } });
    expect(checkFieldsPresent(400, {}, schema('Field validation errors (If Any)'))).toBeUndefined();
    expect(checkFieldsPresent(400, {}, schema('errors, if any'))?.instancePath).toBe('/errors');
    expect(checkFieldsPresent(400, {}, schema(42))?.instancePath).toBe('/errors');
    expect(checkFieldsPresent(400, {}, { properties: { errors: '(if any)' } })?.instancePath).toBe('/errors');
  });

  it('walks nested objects and the first 20 items of arrays, with their pointers', () => {
    const schema: JsonSchema = { properties: { list: { type: 'array', items: { properties: { id: {}, meta: { properties: { at: {} } } } } } } };
    const items = (missingAt: number) => Array.from({ length: 25 }, (_, i) => (i === missingAt ? { meta: { at: 1 } } : { id: i, meta: { at: 1 } }));
    expect(checkFieldsPresent(201, { list: items(19) }, schema)).toMatchObject({ instancePath: '/list/19/id', schemaPath: '#/properties/list/items/properties/id' });
    expect(checkFieldsPresent(201, { list: items(20) }, schema)).toBeUndefined();
    expect(checkFieldsPresent(201, { list: [{ id: 1, meta: {} }] }, schema)).toMatchObject({ instancePath: '/list/0/meta/at', schemaPath: '#/properties/list/items/properties/meta/properties/at' });
  });

  it('does not look inside a value of another shape than documented', () => {
    const schema: JsonSchema = { properties: { agent: { properties: { id: {} } }, list: { items: { properties: { id: {} } } } } };
    expect(checkFieldsPresent(201, { agent: 'Grace', list: { id: 1 } }, schema)).toBeUndefined();
    expect(checkFieldsPresent(201, { agent: ['x'], list: 'none' }, schema)).toBeUndefined();
    expect(checkFieldsPresent(201, { agent: null, list: [null, 3, 'x'] }, schema)).toBeUndefined();
  });

  it('a field whose schema is not an object (a boolean schema) is checked for presence only', () => {
    const schema: JsonSchema = { properties: { a: true, b: {} } };
    expect(checkFieldsPresent(201, { a: { anything: 1 }, b: 1 }, schema)).toBeUndefined();
    expect(checkFieldsPresent(201, { b: 1 }, schema)?.instancePath).toBe('/a');
  });

  it('an array schema at the root is walked item by item', () => {
    const schema: JsonSchema = { properties: { a: {} }, items: { properties: { id: {} } } };
    expect(checkFieldsPresent(201, { a: 1 }, schema)).toBeUndefined();
  });
});

describe('created-at-window', () => {
  const exchange = exchangeAt(WALL, 100);

  it('the clock: a monotonic reading plus the time origin', () => {
    expect(wallClockOf(0)).toBe(performance.timeOrigin);
    expect(wallClockOf(exchange.sentAt)).toBe(WALL);
  });

  it('absent is fields-present’s business', () => {
    expect(checkCreatedAt(exchange, {}, 5000)).toBeUndefined();
  });

  it('not a date-time, or not a string', () => {
    const where = { schemaPath: '#/properties/createdAt', instancePath: '/createdAt' };
    expect(checkCreatedAt(exchange, { createdAt: 'yesterday' }, 5000)).toEqual({ rule: 'created-at-window', message: 'createdAt "yesterday" is not an RFC 3339 date-time', ...where });
    expect(checkCreatedAt(exchange, { createdAt: 1764000000000 }, 5000)).toEqual({ rule: 'created-at-window', message: 'createdAt 1764000000000 is not an RFC 3339 date-time', ...where });
    const inAList = [iso(WALL)];
    expect(checkCreatedAt(exchange, { createdAt: inAList }, 5000)?.message).toBe(`createdAt ${JSON.stringify(inAList)} is not an RFC 3339 date-time`);
  });

  it('the window’s edges are inside it', () => {
    expect(checkCreatedAt(exchange, { createdAt: iso(WALL - 5000) }, 5000)).toBeUndefined();
    expect(checkCreatedAt(exchange, { createdAt: iso(WALL + 100 + 5000) }, 5000)).toBeUndefined();
    expect(checkCreatedAt(exchange, { createdAt: iso(WALL + 50) }, 0)).toBeUndefined();
  });

  it('one ms before: measured from the send, with the window in the message', () => {
    const createdAt = iso(WALL - 5001);
    expect(checkCreatedAt(exchange, { createdAt }, 5000)).toEqual({
      rule: 'created-at-window',
      message: `createdAt ${createdAt} is 5001 ms before the request was sent (allowed skew 5000 ms; window ${iso(WALL - 5000)} … ${iso(WALL + 5100)})`,
      schemaPath: '#/properties/createdAt',
      instancePath: '/createdAt',
    });
  });

  it('one ms after: measured from the end of the response', () => {
    const createdAt = iso(WALL + 5101);
    expect(checkCreatedAt(exchange, { createdAt }, 5000)?.message).toBe(
      `createdAt ${createdAt} is 5001 ms after the response ended (allowed skew 5000 ms; window ${iso(WALL - 5000)} … ${iso(WALL + 5100)})`,
    );
    expect(checkCreatedAt(exchange, { createdAt: iso(WALL + 101) }, 0)?.message).toBe(`createdAt ${iso(WALL + 101)} is 1 ms after the response ended (allowed skew 0 ms; window ${iso(WALL)} … ${iso(WALL + 100)})`);
  });
});

describe('agent-echo', () => {
  it('only when the request asked for an agent and the answer names another', () => {
    expect(checkAgentEcho({ agentId: 'a' }, { agent: { agentId: 'a' } })).toBeUndefined();
    expect(checkAgentEcho({ agentId: 'a' }, {})).toBeUndefined();
    expect(checkAgentEcho({ agentId: 'a' }, { agent: 'a' })).toBeUndefined();
    expect(checkAgentEcho({ agentId: 'a' }, { agent: { name: 'G' } })).toBeUndefined();
    expect(checkAgentEcho({ agentId: 42 }, { agent: { agentId: 'b' } })).toBeUndefined();
    expect(checkAgentEcho(null, { agent: { agentId: 'b' } })).toBeUndefined();
    expect(checkAgentEcho('{"agentId":"a"}', { agent: { agentId: 'b' } })).toBeUndefined();
  });

  it('quotes both as JSON, whatever the answer’s type', () => {
    expect(checkAgentEcho({ agentId: 'a' }, { agent: { agentId: 42 } })).toEqual({
      rule: 'agent-echo',
      message: 'agent.agentId is 42, the request asked for "a"',
      schemaPath: '#/properties/agent/properties/agentId',
      instancePath: '/agent/agentId',
    });
    expect(checkAgentEcho({ agentId: 'a' }, { agent: { agentId: null } })?.message).toBe('agent.agentId is null, the request asked for "a"');
  });
});

describe('assistant-message', () => {
  const reply = (content: unknown, role = 'assistant') => ({ response: [{ role, content }] });

  it('content as a non-blank string, or an array holding one', () => {
    expect(checkAssistantMessage(reply('Hello'))).toBeUndefined();
    expect(checkAssistantMessage(reply(['  ', 'Hello']))).toBeUndefined();
    expect(checkAssistantMessage({ response: [null, 'x', { role: 'user', content: ['hi'] }, { role: 'assistant', content: ['hi'] }] })).toBeUndefined();
  });

  it('blank, missing or non-text content is no reply', () => {
    for (const content of [' \n', '', [' '], [], [42], 42, undefined, { text: 'hi' }]) {
      expect(checkAssistantMessage(reply(content)), JSON.stringify(content)).toEqual({
        rule: 'assistant-message',
        message: '201 without an assistant reply: none of the 1 messages is an assistant message with content',
        schemaPath: '#/properties/response',
        instancePath: '/response',
      });
    }
  });

  it('says what the response was instead', () => {
    const what = (json: Record<string, unknown>) => checkAssistantMessage(json)?.message;
    expect(what({})).toBe('201 without an assistant reply: response is missing');
    expect(what({ response: 'Hello' })).toBe('201 without an assistant reply: response is string');
    expect(what({ response: null })).toBe('201 without an assistant reply: response is object');
    expect(what({ response: [] })).toBe('201 without an assistant reply: response is empty');
    expect(what({ response: [null, { role: 'user', content: 'hi' }] })).toBe('201 without an assistant reply: none of the 2 messages is an assistant message with content');
  });
});

describe('soft-failure and error-status-match', () => {
  it('soft-failure: status "error" only', () => {
    expect(checkSoftFailure({ status: 'error' })).toEqual({
      rule: 'soft-failure',
      message: '201 Created with status "error": the chat failed behind a success code',
      schemaPath: '#/properties/status',
      instancePath: '/status',
    });
    expect(checkSoftFailure({ status: 'ended' })).toBeUndefined();
    expect(checkSoftFailure({})).toBeUndefined();
  });

  it('error-status-match: absent or equal passes; another number or a string does not', () => {
    expect(checkErrorStatus(404, {})).toBeUndefined();
    expect(checkErrorStatus(404, { status: 404 })).toBeUndefined();
    expect(checkErrorStatus(404, { status: 400 })).toEqual({ rule: 'error-status-match', message: '404 response whose body says status 400', schemaPath: '#/properties/status', instancePath: '/status' });
    expect(checkErrorStatus(404, { status: '404' })?.message).toBe('404 response whose body says status "404"');
  });
});

describe('withoutSchemaOverlaps', () => {
  const v = (rule: Violation['rule'], instancePath?: string): Violation => ({ rule, message: rule, ...(instancePath === undefined ? {} : { instancePath }) });

  it('no schema errors: the same list', () => {
    const list = [v('soft-failure', '/status')];
    expect(withoutSchemaOverlaps(list, undefined)).toBe(list);
    expect(withoutSchemaOverlaps(list, [])).toBe(list);
  });

  it('drops a rule at the same place, inside it or around it; keeps body-schema, unplaced rules and neighbours', () => {
    const list = [
      v('body-schema', '/response/0/role'),
      v('assistant-message', '/response'),
      v('fields-present', '/response/0/role/x'),
      v('created-at-window', '/response/0/role'),
      v('soft-failure', '/status'),
      v('agent-echo', '/responses'),
      v('chat-id-unique'),
    ];
    expect(withoutSchemaOverlaps(list, ['/response/0/role']).map((x) => x.rule)).toEqual(['body-schema', 'soft-failure', 'agent-echo', 'chat-id-unique']);
    expect(withoutSchemaOverlaps([v('agent-echo', '/response')], ['/responses']).map((x) => x.rule)).toEqual(['agent-echo']);
    expect(withoutSchemaOverlaps([v('agent-echo', '/a'), v('soft-failure', '/b')], ['/x', '/b/c']).map((x) => x.rule)).toEqual(['agent-echo']);
  });
});

describe('semanticViolations: which rules for which status', () => {
  const rules = (status: number | undefined, json: unknown) => {
    const e: Exchange = { request, sentAt: 0, endAt: 1, ...(status === undefined ? {} : { status }) };
    return semanticViolations(e, json, undefined, 5000).map((x) => x.rule);
  };

  it('2xx: the success rules', () => {
    expect(rules(200, {})).toEqual(['assistant-message']);
    expect(rules(299, { status: 'error', response: [] })).toEqual(['assistant-message', 'soft-failure']);
    expect(rules(201, { status: 500, response: ['x'] })).toEqual(['assistant-message']);
  });

  it('4xx and 5xx: the error rule; 1xx, 3xx and no status: none', () => {
    expect(rules(400, { status: 401 })).toEqual(['error-status-match']);
    expect(rules(503, { status: 500 })).toEqual(['error-status-match']);
    for (const status of [199, 300, 399, undefined]) expect(rules(status, { status: 1 }), String(status)).toEqual([]);
  });

  it('fields-present for any status; nothing else for a body that is not an object', () => {
    const e: Exchange = { request, sentAt: 0, endAt: 1, status: 302 };
    expect(semanticViolations(e, {}, { properties: { a: {} } }, 5000).map((x) => x.message)).toEqual(['302 body lacks documented field /a']);
    expect(semanticViolations({ ...e, status: 201 }, [], { properties: { a: {} } }, 5000)).toEqual([]);
    const { status: _none, ...noStatus } = e;
    expect(semanticViolations(noStatus, {}, { properties: { a: {} } }, 5000).map((x) => x.message)).toEqual(['0 body lacks documented field /a']);
  });

  it('adds to the list it is given', () => {
    const into: Violation[] = [{ rule: 'body-schema', message: 'x' }];
    const e: Exchange = { request, sentAt: 0, endAt: 1, status: 201 };
    expect(semanticViolations(e, { status: 'error', response: ['x'] }, undefined, 5000, into)).toBe(into);
    expect(into.map((x) => x.rule)).toEqual(['body-schema', 'assistant-message', 'soft-failure']);
  });

  it('passes the skew and the request to the rules', () => {
    const e = exchangeAt(WALL, 100, 201);
    const json = { createdAt: iso(WALL - 3000), agent: { agentId: 'other' }, response: [{ role: 'assistant', content: 'hi' }] };
    expect(semanticViolations(e, json, undefined, 5000).map((x) => x.rule)).toEqual(['agent-echo']);
    expect(semanticViolations(e, json, undefined, 1000).map((x) => x.rule)).toEqual(['created-at-window', 'agent-echo']);
  });
});
