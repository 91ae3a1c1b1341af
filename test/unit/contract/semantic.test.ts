import { describe, expect, it } from 'vitest';
import { createChecker, loadContract } from '../../../src/contract/index.js';
import type { Profile } from '../../../src/contract/types.js';
import type { Exchange } from '../../../src/exchange.js';
import { chatBody, errorJson, exchangeOf } from './fixtures.js';

const contract = loadContract();
const rulesOf = (e: Exchange, profile: Profile = 'strict', skewMs?: number) =>
  createChecker({ contract, profile, ...(skewMs !== undefined ? { skewMs } : {}) }).check(e).violations.map((v) => v.rule);

describe('strict profile: semantic rules', () => {
  it('a complete, consistent 201 and error body pass', () => {
    expect(rulesOf(exchangeOf(201, chatBody()))).toEqual([]);
    expect(rulesOf(exchangeOf(400, errorJson(400, { validationErrors: { input: 'input is required' } })))).toEqual([]);
    // validationErrors is documented "(if any)": its absence is no violation.
    expect(rulesOf(exchangeOf(400, errorJson(400)))).toEqual([]);
  });

  it('fields-present: {} is a valid 201 by the letter of the spec, not by strict', () => {
    expect(rulesOf(exchangeOf(201, {}), 'spec')).toEqual([]);
    const v = createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, {})).violations;
    expect(v.map((x) => x.rule)).toContain('fields-present');
    expect(v.find((x) => x.rule === 'fields-present')?.message).toContain('/chatId, /createdAt, /status, /response, /agent');
  });

  it('fields-present: nested fields (agent.status, message id) and error fields', () => {
    const v = createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, chatBody({ agent: { name: 'G', agentId: 'agent_support_01' } }))).violations;
    expect(v).toEqual([expect.objectContaining({ rule: 'fields-present', instancePath: '/agent/status', schemaPath: '#/properties/agent/properties/status' })]);
    expect(rulesOf(exchangeOf(201, chatBody({ response: [{ role: 'assistant', type: 'message', content: ['hi'] }] })))).toEqual(['fields-present']);
    const { path: _p, ...noPath } = errorJson(404);
    expect(rulesOf(exchangeOf(404, { ...noPath, status: 404 }))).toEqual(['fields-present']);
  });

  it('chat-id-unique: the second 201 with the same chatId, across the run', () => {
    const checker = createChecker({ contract, profile: 'strict' });
    expect(checker.check(exchangeOf(201, chatBody({ chatId: 'chat_one' }))).violations).toEqual([]);
    expect(checker.check(exchangeOf(201, chatBody({ chatId: 'chat_two' }))).violations).toEqual([]);
    const again = checker.check(exchangeOf(201, chatBody({ chatId: 'chat_one' }))).violations;
    expect(again.map((v) => v.rule)).toEqual(['chat-id-unique']);
    expect(again[0]?.message).toContain('"chat_one"');
    expect(checker.stats().chatIds.tracked).toBe(2);
    // A spec checker keeps no state and flags nothing.
    const spec = createChecker({ contract, profile: 'spec' });
    spec.check(exchangeOf(201, chatBody()));
    expect(spec.check(exchangeOf(201, chatBody())).violations).toEqual([]);
  });

  it('created-at-window: outside [sent − skew, end + skew], with the skew configurable', () => {
    const tenSecondsAgo = new Date(Date.now() - 10_000).toISOString();
    expect(rulesOf(exchangeOf(201, chatBody({ createdAt: tenSecondsAgo })))).toEqual(['created-at-window']);
    expect(rulesOf(exchangeOf(201, chatBody({ createdAt: tenSecondsAgo })), 'strict', 15_000)).toEqual([]);
    const inAMinute = new Date(Date.now() + 60_000).toISOString();
    const v = createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, chatBody({ createdAt: inAMinute }))).violations;
    expect(v[0]?.message).toMatch(/ms after the response ended \(allowed skew 5000 ms/);
    // Not a date at all: one fault, counted once, under the schema's format.
    expect(rulesOf(exchangeOf(201, chatBody({ createdAt: 'yesterday' })))).toEqual(['body-schema']);
  });

  it('created-at-window reads RFC 3339 as the schema does: lower-case t and z are on time', () => {
    const now = new Date().toISOString().replace('T', 't').replace('Z', 'z');
    expect(rulesOf(exchangeOf(201, chatBody({ createdAt: now })))).toEqual([]);
  });

  it('one fault is counted once: a strict rule where body-schema already failed (same field, inside it or around it) is not counted again', () => {
    const bot = chatBody({ response: [{ id: 'item_1', role: 'bot', type: 'message', content: ['Hello!'] }] });
    const v = createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, bot)).violations;
    expect(v).toEqual([expect.objectContaining({ rule: 'body-schema', instancePath: '/response/0/role' })]);
    expect(rulesOf(exchangeOf(201, chatBody({ createdAt: new Date().toISOString().replace('T', ' ') })))).toEqual(['body-schema']);
    expect(rulesOf(exchangeOf(201, chatBody({ response: 'Hello!' })))).toEqual(['body-schema']);
    expect(rulesOf(exchangeOf(404, errorJson(404, { status: '404' })))).toEqual(['body-schema']);
    // Two faults in two places are two counts.
    const twoFaults = chatBody({ status: 'error', response: [{ id: 'item_1', role: 'bot', type: 'message', content: ['Hello!'] }] });
    expect(rulesOf(exchangeOf(201, twoFaults))).toEqual(['body-schema', 'soft-failure']);
  });

  it('agent-echo: agent.agentId differs from the request', () => {
    const v = createChecker({ contract, profile: 'strict' }).check(exchangeOf(201, chatBody({ agent: { name: 'G', agentId: 'agent_other', status: 'Live' } }))).violations;
    expect(v.map((x) => x.rule)).toEqual(['agent-echo']);
    expect(v[0]?.message).toBe('agent.agentId is "agent_other", the request asked for "agent_support_01"');
  });

  it('assistant-message: no assistant message, or one with empty content', () => {
    expect(rulesOf(exchangeOf(201, chatBody({ response: [] })))).toEqual(['assistant-message']);
    expect(rulesOf(exchangeOf(201, chatBody({ response: [{ id: 'i', role: 'user', type: 'message', content: ['hi'] }] })))).toEqual(['assistant-message']);
    expect(rulesOf(exchangeOf(201, chatBody({ response: [{ id: 'i', role: 'assistant', type: 'message', content: [''] }] })))).toEqual(['assistant-message']);
  });

  it('soft-failure: a 201 whose status is "error"', () => {
    expect(rulesOf(exchangeOf(201, chatBody({ status: 'error' })))).toEqual(['soft-failure']);
    expect(rulesOf(exchangeOf(201, chatBody({ status: 'error' })), 'spec')).toEqual([]);
  });

  it('error-status-match: the error body says another status than the response', () => {
    expect(rulesOf(exchangeOf(404, errorJson(400)))).toEqual(['error-status-match']);
    expect(rulesOf(exchangeOf(404, errorJson(400)), 'spec')).toEqual([]);
  });

  it('the spec profile runs none of the semantic rules', () => {
    const broken = chatBody({ status: 'error', response: [], agent: { name: 'x', agentId: 'agent_other' }, createdAt: '2001-01-01T00:00:00Z' });
    expect(rulesOf(exchangeOf(201, broken), 'spec')).toEqual([]);
    expect(rulesOf(exchangeOf(201, broken))).toEqual(['fields-present', 'created-at-window', 'agent-echo', 'assistant-message', 'soft-failure']);
  });

  it('never throws on bodies of any shape', () => {
    const checker = createChecker({ contract, profile: 'strict' });
    for (const body of [null, 42, 'text', [], [1, 2], { response: 'x', agent: 'y' }, { response: [null, 1] }]) {
      expect(() => checker.check(exchangeOf(201, body))).not.toThrow();
      expect(() => checker.check(exchangeOf(400, body))).not.toThrow();
    }
    expect(() => checker.check(exchangeOf(201, chatBody(), { request: { raw: '{' } }))).not.toThrow();
  });
});
