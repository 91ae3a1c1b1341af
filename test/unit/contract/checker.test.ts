import { describe, expect, it } from 'vitest';
import { mergeCheckerStats, type CheckerStats } from '../../../src/contract/checker.js';
import { compileContract } from '../../../src/contract/compile.js';
import { createChecker, DEFAULT_CLOCK_SKEW_MS, loadContract } from '../../../src/contract/index.js';
import type { OpenApiDocument } from '../../../src/contract/openapi.js';
import type { Exchange } from '../../../src/exchange.js';
import { chatBody, exchangeOf } from './fixtures.js';

const contract = loadContract();

/** Declares 200, the 2XX range, 300, 400 and default, each an object with one documented field `a`. */
const custom = (() => {
  const body = { content: { 'application/json': { schema: { type: 'object', properties: { a: {} } } } } };
  const doc: OpenApiDocument = {
    openapi: '3.0.1',
    paths: { '/v1/chats': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '200': body, '2XX': body, '300': body, '400': body, default: body } } } },
  };
  return compileContract(doc);
})();

describe('createChecker: chat-id-unique', () => {
  it('names the repeated chatId and where it is', () => {
    const checker = createChecker({ contract, profile: 'strict' });
    checker.check(exchangeOf(201, chatBody({ chatId: 'chat_one' })));
    expect(checker.check(exchangeOf(201, chatBody({ chatId: 'chat_one' }))).violations).toEqual([
      { rule: 'chat-id-unique', message: 'chatId "chat_one" was already returned earlier in this run', schemaPath: '#/properties/chatId', instancePath: '/chatId' },
    ]);
  });

  it('counts chatIds of 2xx answers only, string ones only', () => {
    const checker = createChecker({ contract: custom, profile: 'strict' });
    const twice = (status: number, chatId: unknown) => {
      checker.check(exchangeOf(status, { a: 1, chatId }));
      return checker.check(exchangeOf(status, { a: 1, chatId })).violations.map((v) => v.rule);
    };
    expect(twice(200, 'c200')).toContain('chat-id-unique');
    expect(twice(299, 'c299')).toContain('chat-id-unique');
    expect(twice(300, 'c300')).not.toContain('chat-id-unique');
    expect(twice(199, 'c199')).not.toContain('chat-id-unique');
    expect(twice(400, 'c400')).not.toContain('chat-id-unique');
    expect(twice(200, 42)).not.toContain('chat-id-unique');
    expect(checker.stats().chatIds.tracked).toBe(2);
  });

  it('without a parsed body the strict checker hands back the spec result as it is', () => {
    const checker = createChecker({ contract, profile: 'strict' });
    expect(checker.check(exchangeOf(429, {}))).toStrictEqual({ violations: [expect.objectContaining({ rule: 'status-declared' })] });
  });

  it('a body that is null or not JSON adds nothing and throws nothing', () => {
    const checker = createChecker({ contract: custom, profile: 'strict' });
    expect(checker.check(exchangeOf(200, null)).violations.map((v) => v.rule)).toEqual(['body-schema']);
    expect(checker.check(exchangeOf(200, '{', { raw: true })).violations.map((v) => v.rule)).toEqual(['json-parse']);
    expect(checker.stats().chatIds.tracked).toBe(0);
  });
});

describe('createChecker: what the strict profile adds, and when', () => {
  it('the strict rules run on a parsed body and the result carries the body', () => {
    const result = createChecker({ contract: custom, profile: 'strict' }).check(exchangeOf(300, { b: 1 }));
    expect(result).toEqual({ violations: [expect.objectContaining({ rule: 'fields-present', message: '300 body lacks documented field /a' })], json: { b: 1 } });
  });

  it('the spec profile hands back checkExchange’s result as it is', () => {
    const result = createChecker({ contract: custom, profile: 'spec' }).check(exchangeOf(200, { b: 1 }));
    expect(result.violations).toEqual([]);
    expect(result.json).toEqual({ b: 1 });
    expect(result.schema).toEqual({ type: 'object', properties: { a: {} } });
  });

  it('no status (only a default response can take it): no strict rule', () => {
    const { status: _none, ...noStatus }: Exchange = exchangeOf(200, { b: 1 });
    expect(createChecker({ contract: custom, profile: 'strict' }).check(noStatus).violations).toEqual([]);
  });

  it('the skew is the one given, 5 s by default', () => {
    const late = chatBody({ createdAt: new Date(Date.now() + 7000).toISOString() });
    expect(createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, late)).violations.map((v) => v.rule)).toEqual(['created-at-window']);
    expect(createChecker({ contract, profile: 'strict', skewMs: 10_000 }).check(exchangeOf(201, late)).violations).toEqual([]);
  });
});

describe('createChecker: secrets', () => {
  const key = 'sk_live_ABCDEFGHIJKLMNOP';

  it('never quotes the key, whichever rule quotes what the server sent', () => {
    const checker = createChecker({ contract, profile: 'strict', secrets: [key] });
    const echo = checker.check(exchangeOf(201, chatBody({ agent: { name: 'G', agentId: `agent_${key}`, status: 'Live' } }))).violations;
    expect(echo.map((v) => v.message)).toEqual(['agent.agentId is "agent_[REDACTED]", the request asked for "agent_support_01"']);
    const failed: Exchange = { request: { seq: 0, body: { agentId: 'a', input: 'b' } }, sentAt: 0, endAt: 1, error: { kind: 'other', message: `bad key ${key}` } };
    expect(checker.check(failed).violations).toEqual([{ rule: 'transport', message: 'other: bad key [REDACTED]' }]);
    expect(createChecker({ contract, profile: 'spec', secrets: [key] }).check(failed).violations[0]?.message).toBe('other: bad key [REDACTED]');
  });

  it('without secrets the messages are as they came', () => {
    const failed: Exchange = { request: { seq: 0, body: { agentId: 'a', input: 'b' } }, sentAt: 0, endAt: 1, error: { kind: 'other', message: `bad key ${key}` } };
    expect(createChecker({ contract, profile: 'spec' }).check(failed).violations[0]?.message).toBe(`other: bad key ${key}`);
  });
});

describe('checker stats', () => {
  it('profile, skew (5 s by default) and the chatId set’s figures', () => {
    expect(DEFAULT_CLOCK_SKEW_MS).toBe(5000);
    const checker = createChecker({ contract, profile: 'strict' });
    expect(checker.stats()).toEqual({ profile: 'strict', skewMs: 5000, chatIds: { tracked: 0, bytes: 2048 * 8, falseDuplicateProbability: expect.any(Number) } });
    checker.check(exchangeOf(201, chatBody({ chatId: 'chat_1' })));
    checker.check(exchangeOf(201, chatBody({ chatId: 'chat_2' })));
    const stats = checker.stats();
    expect(stats.chatIds.tracked).toBe(2);
    expect(stats.chatIds.falseDuplicateProbability / (2 / 2 ** 65)).toBeCloseTo(1, 12);
    expect(createChecker({ contract, profile: 'spec', skewMs: 250 }).stats()).toMatchObject({ profile: 'spec', skewMs: 250 });
  });

  it('merge: sums the slices, takes profile and skew from the first, bounds the probability by 1', () => {
    const part = (tracked: number, bytes: number, p: number, profile: CheckerStats['profile'] = 'strict', skewMs = 5000): CheckerStats => ({
      profile,
      skewMs,
      chatIds: { tracked, bytes, falseDuplicateProbability: p },
    });
    const merged = mergeCheckerStats([part(3, 100, 0.25), part(4, 200, 0.5, 'spec', 1)]);
    expect(merged).toEqual({ profile: 'strict', skewMs: 5000, chatIds: { tracked: 7, bytes: 300, falseDuplicateProbability: 0.75 } });
    expect(mergeCheckerStats([part(1, 1, 0.75), part(1, 1, 0.5)]).chatIds.falseDuplicateProbability).toBe(1);
    expect(mergeCheckerStats([part(5, 8, 0.125)])).toEqual(part(5, 8, 0.125));
    expect(() => mergeCheckerStats([])).toThrow('no checker stats to merge');
  });
});
