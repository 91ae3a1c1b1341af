import { describe, expect, it } from 'vitest';
import { compileContract, type CompiledContract, type ResponseContract } from '../../../src/contract/compile.js';
import { loadContract } from '../../../src/contract/index.js';
import type { OpenApiDocument, OpenApiResponse } from '../../../src/contract/openapi.js';
import { checkExchange, declaredFor } from '../../../src/contract/rules.js';
import type { Exchange } from '../../../src/exchange.js';

const contract = loadContract();
const request = { seq: 0, body: { agentId: 'agent_1', input: 'hi' } };

function exchange(status: number | undefined, body: string | Buffer | undefined, contentType: string | null = 'application/json', extra: Partial<Exchange> = {}): Exchange {
  return {
    request,
    sentAt: 0,
    endAt: 5,
    ...(status === undefined ? {} : { status }),
    headers: contentType === null ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? Buffer.from(body) : body }),
    ...extra,
  };
}

/** A contract of its own: the vendored document declares application/json bodies only. */
function contractWith(responses: Record<string, OpenApiResponse>): CompiledContract {
  const doc: OpenApiDocument = {
    openapi: '3.0.1',
    paths: { '/v1/chats': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses } } },
  };
  return compileContract(doc);
}

const custom = contractWith({
  '200': { content: { 'application/problem+json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } },
  '202': { content: { 'text/plain': { schema: { type: 'string' } } } },
  '203': { content: { 'application/json': {} } },
  '204': { description: 'no body' },
  '205': { content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': {} } },
});

const messageOf = (e: Exchange, c: CompiledContract = contract, secrets: string[] = []) => checkExchange(e, c, secrets).violations.map((v) => v.message);

describe('checkExchange: harness rules and status', () => {
  it('transport: the kind, the code when there is one, and the message', () => {
    const failed = (error: Exchange['error']): Exchange => ({ request, sentAt: 0, endAt: 1, error });
    expect(messageOf(failed({ kind: 'timeout', message: 'no answer in 30 s' }))).toEqual(['timeout: no answer in 30 s']);
    expect(messageOf(failed({ kind: 'refused', code: 'ECONNREFUSED', message: 'connect failed' }))).toEqual(['refused ECONNREFUSED: connect failed']);
  });

  it('status-declared: names the status and every declared one; no status at all is status 0', () => {
    expect(messageOf(exchange(429, '{}'))).toEqual(['status 429 is not declared for this operation (declared: 201, 400, 401, 403, 404, 500)']);
    expect(messageOf(exchange(undefined, '{}'))).toEqual(['status 0 is not declared for this operation (declared: 201, 400, 401, 403, 404, 500)']);
  });

  it('body-size: says where reading stopped, 0 bytes when nothing came', () => {
    expect(messageOf(exchange(201, '{"chatId":"c"', 'application/json', { truncated: true }))).toEqual(['response body exceeded the size cap; reading stopped at 13 bytes']);
    expect(messageOf(exchange(201, undefined, 'application/json', { truncated: true }))).toEqual(['response body exceeded the size cap; reading stopped at 0 bytes']);
  });
});

describe('checkExchange: content-type', () => {
  it('quotes the content-type that came, or says it is missing, and lists the declared ones', () => {
    expect(messageOf(exchange(201, '<p>', 'text/html; charset=utf-8'))).toEqual(['status 201 content-type is "text/html; charset=utf-8", declared: application/json']);
    expect(messageOf(exchange(201, '{}', null))).toEqual(['status 201 content-type is missing, declared: application/json']);
    expect(messageOf(exchange(201, '{}', ''))).toEqual(['status 201 content-type is missing, declared: application/json']);
  });

  it('lists every declared media type', () => {
    expect(messageOf(exchange(205, '<p>', 'text/html'), custom)).toEqual(['status 205 content-type is "text/html", declared: application/json, text/plain']);
  });

  it('reads the media type case-insensitively, whatever header came just before', () => {
    expect(messageOf(exchange(201, '<p>', 'text/html'))).toHaveLength(1);
    expect(messageOf(exchange(201, '{}', 'Application/JSON; charset=UTF-8'))).toEqual([]);
    expect(messageOf(exchange(201, '<p>', 'text/html'))).toHaveLength(1);
    expect(messageOf(exchange(201, '{}', 'application/json'))).toEqual([]);
  });

  it('takes the content-type the transport found, without the headers object', () => {
    const e = exchange(201, '{}', null, { contentType: 'application/json' });
    delete e.headers;
    expect(messageOf(e)).toEqual([]);
  });

  it('a status declared without a body: an empty answer passes, any byte is a violation', () => {
    expect(checkExchange(exchange(204, undefined, null), custom)).toEqual({ violations: [] });
    expect(checkExchange(exchange(204, '', 'text/plain'), custom)).toEqual({ violations: [] });
    expect(messageOf(exchange(204, 'hello', 'text/plain'), custom)).toEqual(['status 204 declares no body, got 5 bytes (text/plain)']);
    expect(messageOf(exchange(204, 'hello', null), custom)).toEqual(['status 204 declares no body, got 5 bytes (no content-type)']);
  });

  it('a declared body that is not JSON is not parsed', () => {
    expect(checkExchange(exchange(202, 'not json at all', 'text/plain'), custom)).toEqual({ violations: [] });
  });

  it('a +json media type is parsed and checked as JSON', () => {
    expect(checkExchange(exchange(200, '{"n":1}', 'application/problem+json'), custom)).toMatchObject({ violations: [], json: { n: 1 } });
    expect(checkExchange(exchange(200, '{"n":1.5}', 'application/problem+json'), custom).violations.map((v) => v.rule)).toEqual(['body-schema']);
    expect(checkExchange(exchange(200, '{"n":', 'application/problem+json'), custom).violations.map((v) => v.rule)).toEqual(['json-parse']);
  });

  it('a JSON body declared without a schema is parsed and handed back, with no schema', () => {
    const result = checkExchange(exchange(203, '{"any":"thing"}'), custom);
    expect(result).toEqual({ violations: [], json: { any: 'thing' } });
    expect('schema' in result).toBe(false);
  });
});

describe('checkExchange: json-parse', () => {
  const reasonOf = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('parsed');
  };

  it('quotes the parser’s reason and the whole body when it is short', () => {
    expect(messageOf(exchange(201, 'x+y'))).toEqual([`201 body is not valid JSON (${reasonOf('x+y')}): "x+y"`]);
    expect(messageOf(exchange(201, undefined))).toEqual([`201 body is not valid JSON (${reasonOf('')}): ""`]);
  });

  it('cuts the excerpt at 60 characters', () => {
    const sixty = `{${'a'.repeat(59)}`;
    expect(messageOf(exchange(201, sixty))[0]).toBe(`201 body is not valid JSON (${reasonOf(sixty)}): ${JSON.stringify(sixty)}`);
    const longer = `${sixty}bcd`;
    expect(messageOf(exchange(201, longer))[0]).toBe(`201 body is not valid JSON (${reasonOf(longer)}): ${JSON.stringify(`${sixty}…`)}`);
  });

  it('the parser’s reason falls back to "invalid JSON" when only the key broke the body', () => {
    // A key with a quote in it: redacted, the text parses; the reason may not quote the key.
    expect(messageOf(exchange(201, '{"k":"ab"cdef"}'), contract, ['ab"cdef'])).toEqual(['201 body is not valid JSON (invalid JSON): "{\\"k\\":\\"[REDACTED]\\"}"']);
  });

  it('no headers object (the transport found the content-type): no Content-Encoding note', () => {
    const e = exchange(201, 'x', null, { contentType: 'application/json' });
    delete e.headers;
    expect(messageOf(e)[0]).toMatch(/^201 body is not valid JSON \(.*\): "x"$/);
    const bad = exchange(201, Buffer.from([0xff]), null, { contentType: 'application/json' });
    delete bad.headers;
    expect(messageOf(bad)).toEqual(['201 body is not valid UTF-8 (1 bytes)']);
  });

  it('not UTF-8: says how many bytes; no note without a Content-Encoding', () => {
    expect(messageOf(exchange(201, Buffer.from([0x7b, 0xff, 0xfe])))).toEqual(['201 body is not valid UTF-8 (3 bytes)']);
  });

  it('the Content-Encoding note: trimmed, not for identity in any case, the key redacted', () => {
    const encoded = (encoding: string) => exchange(201, 'x', 'application/json', { headers: { 'content-type': 'application/json', 'content-encoding': encoding } });
    const note = (encoding: string) => `; it came with Content-Encoding: ${encoding}, which chatload never asks for (it sends no Accept-Encoding)`;
    expect(messageOf(encoded('  gzip '))).toEqual([`201 body is not valid JSON (${reasonOf('x')}): "x"${note('gzip')}`]);
    expect(messageOf(encoded('IDENTITY'))).toEqual([`201 body is not valid JSON (${reasonOf('x')}): "x"`]);
    expect(messageOf(encoded('   '))).toEqual([`201 body is not valid JSON (${reasonOf('x')}): "x"`]);
    expect(messageOf(encoded('gzip-sk_test_SECRET'), contract, ['sk_test_SECRET'])).toEqual([`201 body is not valid JSON (${reasonOf('x')}): "x"${note('gzip-[REDACTED]')}`]);
  });
});

describe('checkExchange: body-schema', () => {
  it('names the first three faults and counts the rest', () => {
    const body = { chatId: 1, createdAt: 2, status: 3, response: 4, agent: 5 };
    const [v] = checkExchange(exchange(201, JSON.stringify(body)), contract).violations;
    expect(v?.message).toBe('201 body does not match its schema: /chatId must be string; /createdAt must be string; /status must be string (+3 more)');
  });

  it('three faults: all named, no count', () => {
    const body = { chatId: 1, createdAt: 2, agent: 5 };
    const [v] = checkExchange(exchange(201, JSON.stringify(body)), contract).violations;
    expect(v?.message).toBe('201 body does not match its schema: /chatId must be string; /createdAt must be string; /agent must be object');
  });

  it('a fault at the root is named (root), and its pointers are those of the first error', () => {
    const result = checkExchange(exchange(201, '[]'), contract);
    expect(result.violations).toEqual([{ rule: 'body-schema', message: '201 body does not match its schema: (root) must be object', schemaPath: expect.stringMatching(/\/type$/), instancePath: '' }]);
    expect(result.json).toEqual([]);
    expect(result.schemaErrorPaths).toEqual(['']);
    expect(result.schema).toMatchObject({ type: 'object' });
  });

  it('hands back every error’s place in the body, the body and the schema', () => {
    const result = checkExchange(exchange(201, JSON.stringify({ chatId: 1, status: 'x' })), contract);
    expect(result.schemaErrorPaths).toEqual(['/chatId', '/status']);
    expect(result.json).toEqual({ chatId: 1, status: 'x' });
    expect(result.schema).toBe(contract.responses.get('201')!.schemas.get('application/json'));
  });

  it('a body that passes comes with its schema', () => {
    const result = checkExchange(exchange(201, '{}'), contract);
    expect(result).toEqual({ violations: [], json: {}, schema: contract.responses.get('201')!.schemas.get('application/json') });
  });
});

describe('declaredFor', () => {
  const fake = (entries: [string, ResponseContract][] = []) => ({ responses: new Map(entries) }) as unknown as CompiledContract;
  const response: ResponseContract = { mediaTypes: new Map(), schemas: new Map() };

  it('is declaredResponse, remembered per status and contract', () => {
    const a = fake([['201', response]]);
    expect(declaredFor(a, 201)).toBe(response);
    expect(declaredFor(a, 404)).toBeUndefined();
    a.responses.set('404', response);
    a.responses.delete('201');
    expect(declaredFor(a, 201)).toBe(response);
    expect(declaredFor(a, 404)).toBeUndefined();
    expect(declaredFor(fake(), 201)).toBeUndefined();
  });

  it('remembers at most 1000 statuses', () => {
    const c = fake();
    for (let status = 0; status < 1000; status++) expect(declaredFor(c, status)).toBeUndefined();
    expect(declaredFor(c, 1000)).toBeUndefined();
    c.responses.set('1000', response);
    c.responses.set('999', response);
    expect(declaredFor(c, 1000)).toBe(response);
    expect(declaredFor(c, 999)).toBeUndefined();
  });
});
