import { describe, expect, it } from 'vitest';
import { checkExchange, loadContract } from '../../../src/contract/index.js';
import type { Exchange } from '../../../src/exchange.js';
import { chatBody, errorJson, exchangeOf, REQUEST } from './fixtures.js';

const contract = loadContract();
const rules = (e: Exchange) => checkExchange(e, contract).violations.map((v) => v.rule);

describe('spec rules (checkExchange)', () => {
  it('passes a conforming 201 and a conforming 400', () => {
    expect(rules(exchangeOf(201, chatBody()))).toEqual([]);
    expect(rules(exchangeOf(400, errorJson(400)))).toEqual([]);
  });

  it('transport: a failed exchange', () => {
    const e: Exchange = { request: { seq: 0, body: REQUEST }, sentAt: 0, endAt: 1, error: { kind: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } };
    expect(rules(e)).toEqual(['transport']);
  });

  it('status-declared: 429 and 418 are not in the document', () => {
    expect(rules(exchangeOf(429, errorJson(429)))).toEqual(['status-declared']);
    expect(checkExchange(exchangeOf(418, {}), contract).violations[0]?.message).toContain('declared: 201, 400, 401, 403, 404, 500');
  });

  it('content-type: an error answered as text/html', () => {
    const v = checkExchange(exchangeOf(401, '<h1>401</h1>', { raw: true, contentType: 'text/html' }), contract).violations;
    expect(v.map((x) => x.rule)).toEqual(['content-type']);
    expect(v[0]?.message).toContain('"text/html"');
  });

  it('json-parse: a body that is not JSON', () => {
    expect(rules(exchangeOf(201, '{"chatId": ', { raw: true }))).toEqual(['json-parse']);
  });

  it('body-schema: 201 drift (content as a string, status with a hyphen) and error bodies too', () => {
    const drift = chatBody({ status: 'in-progress' });
    const v = checkExchange(exchangeOf(201, drift), contract).violations;
    expect(v.map((x) => x.rule)).toEqual(['body-schema']);
    expect(v[0]?.instancePath).toBe('/status');
    expect(v[0]?.message).toContain('"in_progress"');
    expect(rules(exchangeOf(201, chatBody({ response: [{ role: 'assistant', content: 'plain string' }] })))).toEqual(['body-schema']);
    expect(rules(exchangeOf(404, errorJson(404, { status: '404' })))).toEqual(['body-schema']);
  });

  it('body-size: a truncated body is flagged, not parsed', () => {
    const e = { ...exchangeOf(201, chatBody()), truncated: true };
    expect(rules(e)).toEqual(['body-size']);
  });
});
