import { describe, expect, it } from 'vitest';
import { generateCases, stringOfLength } from '../../../src/conform/cases.js';
import { alteredChatId } from '../../../src/conform/cases-state.js';
import { codePoints } from '../../../src/conform/text.js';
import type { ConformCase } from '../../../src/conform/types.js';
import { loadContract } from '../../../src/contract/index.js';

const schema = loadContract().requestSchema;
const inputs = { agents: ['agent_a', 'agent_b'], input: 'Where is my order?' };
const byId = (cases: ConformCase[]) => new Map(cases.map((c) => [c.id, c]));
const expectOf = (cases: ConformCase[], id: string) => byId(cases).get(id)?.steps.map((s) => s.expectStatus);
const bodyOf = (cases: ConformCase[], id: string) => byId(cases).get(id)?.steps[0]?.request.body as Record<string, unknown>;

describe('generateCases (from the vendored request schema)', () => {
  const cases = generateCases(schema, inputs);

  it('gives every case a unique id and an expected status', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) for (const s of c.steps) expect([201, 400, 401, 404, 405]).toContain(s.expectStatus);
  });

  it('one valid request per agent', () => {
    expect(expectOf(cases, 'valid/agent_a')).toEqual([201]);
    expect(bodyOf(cases, 'valid/agent_b')).toEqual({ agentId: 'agent_b', input: 'Where is my order?' });
  });

  it('each required field missing', () => {
    expect(expectOf(cases, 'required/agentId')).toEqual([400]);
    expect(bodyOf(cases, 'required/input')).toEqual({ agentId: 'agent_a' });
  });

  it('every length boundary of agentId, input and previousChatId', () => {
    expect(bodyOf(cases, 'boundary/input/max')!.input).toHaveLength(20480);
    expect(expectOf(cases, 'boundary/input/max')).toEqual([201]);
    expect(bodyOf(cases, 'boundary/input/max+1')!.input).toHaveLength(20481);
    expect(expectOf(cases, 'boundary/input/max+1')).toEqual([400]);
    expect(expectOf(cases, 'boundary/input/min-1')).toEqual([400]);
    expect(expectOf(cases, 'boundary/input/min')).toEqual([201]);
    // An in-range agentId that names no agent is a 404, not a 400.
    expect(expectOf(cases, 'boundary/agentId/min')).toEqual([404]);
    expect(expectOf(cases, 'boundary/agentId/max')).toEqual([404]);
    expect(bodyOf(cases, 'boundary/agentId/max+1')!.agentId).toHaveLength(65);
    // previousChatId has minLength 0: no min−1 case; the empty id names no chat.
    expect(byId(cases).has('boundary/previousChatId/min-1')).toBe(false);
    expect(expectOf(cases, 'boundary/previousChatId/min')).toEqual([201]);
    expect(expectOf(cases, 'boundary/previousChatId/max')).toEqual([404]);
    expect(expectOf(cases, 'boundary/previousChatId/max+1')).toEqual([400]);
  });

  it('a wrong JSON type for each field, null included, and each kind of dynamicVariables value', () => {
    for (const field of ['agentId', 'input', 'previousChatId']) {
      for (const type of ['number', 'boolean', 'object', 'array', 'null']) expect(expectOf(cases, `type/${field}/${type}`)).toEqual([400]);
      expect(byId(cases).has(`type/${field}/string`)).toBe(false);
    }
    expect(bodyOf(cases, 'type/dynamicVariables/array')!.dynamicVariables).toEqual(['a', 'b']);
    for (const type of ['string', 'number', 'boolean', 'object', 'array']) expect(expectOf(cases, `type/dynamicVariables.value/${type}`)).toEqual([201]);
    expect(expectOf(cases, 'type/dynamicVariables.value/null')).toEqual([400]);
  });

  it('an unknown extra property, malformed JSON, a wrong content-type, auth, references and a two-turn conversation', () => {
    expect(expectOf(cases, 'extra/unknown-property')).toEqual([201]);
    const malformed = byId(cases).get('raw/malformed-json')!.steps[0]!.request.rawBody as string;
    expect(() => JSON.parse(malformed)).toThrow();
    expect(byId(cases).get('raw/content-type')!.steps[0]!.request.contentType).toBe('text/plain');
    expect(byId(cases).get('auth/missing-key')!.steps[0]!.request.key).toBe('missing');
    expect(expectOf(cases, 'auth/invalid-key')).toEqual([401]);
    expect(expectOf(cases, 'reference/unknown-agent')).toEqual([404]);
    expect(expectOf(cases, 'reference/unknown-previous-chat')).toEqual([404]);
    const conversation = byId(cases).get('conversation/two-turns')!;
    expect(conversation.steps.map((s) => s.expectStatus)).toEqual([201, 201]);
    expect(conversation.steps[1]!.request.chainPreviousChatId).toBe(true);
  });

  it('follows the schema, not a list: a new bounded field, a closed object and a nullable field change the cases', () => {
    const changed = structuredClone(schema) as { properties: Record<string, Record<string, unknown>>; additionalProperties?: boolean; required: string[] };
    changed.properties.locale = { type: 'string', minLength: 2, maxLength: 5 };
    changed.properties.input!.nullable = true;
    changed.additionalProperties = false;
    changed.required = [...changed.required, 'locale'];
    const derived = generateCases(changed, inputs);
    expect(expectOf(derived, 'boundary/locale/min-1')).toEqual([400]);
    expect(expectOf(derived, 'boundary/locale/max')).toEqual([201]);
    expect(expectOf(derived, 'required/locale')).toEqual([400]);
    expect(expectOf(derived, 'extra/unknown-property')).toEqual([400]);
    expect(byId(derived).has('type/input/null')).toBe(false);
  });

  it('gives every case a reason, and an assumption where the document is silent', () => {
    for (const c of cases) expect(c.why.length, c.id).toBeGreaterThan(20);
    for (const id of ['raw/duplicate-keys', 'raw/no-content-type', 'raw/invalid-utf8', 'raw/oversized-body', 'method/PUT', 'text/input/whitespace', 'variables/dynamicVariables/deep', 'conversation/other-agent', 'conversation/never-existed']) {
      expect(byId(cases).get(id)?.assumption, id).toMatch(/docs\/contract\.md point \d+/);
    }
  });

  it('the length limits again in emoji, combining accents and CJK: counted in characters, not bytes or UTF-16 units', () => {
    for (const [field, max, inRange] of [['input', 20480, 201], ['agentId', 64, 404], ['previousChatId', 128, 404]] as const) {
      for (const script of ['emoji', 'combining', 'cjk']) {
        const atMax = bodyOf(cases, `boundary/${field}/max/${script}`)![field] as string;
        const past = bodyOf(cases, `boundary/${field}/max+1/${script}`)![field] as string;
        expect(codePoints(atMax)).toBe(max);
        expect(codePoints(past)).toBe(max + 1);
        // More bytes than characters: a byte-counting server refuses what the schema allows.
        expect(Buffer.byteLength(atMax)).toBeGreaterThan(max);
        expect(expectOf(cases, `boundary/${field}/max/${script}`)).toEqual([inRange]);
        expect(expectOf(cases, `boundary/${field}/max+1/${script}`)).toEqual([400]);
      }
      expect((bodyOf(cases, `boundary/${field}/max/emoji`)![field] as string).length).toBe(2 * max);
    }
  });

  it('the body missing, empty, not an object, without a Content-Type, not UTF-8, with duplicate keys, too large', () => {
    expect(byId(cases).get('raw/no-body')!.steps[0]!.request).toMatchObject({ noBody: true, contentType: null });
    expect(byId(cases).get('raw/empty-body')!.steps[0]!.request.rawBody).toBe('');
    for (const id of ['raw/no-body', 'raw/empty-body', 'body/null', 'body/array', 'body/string', 'body/number', 'raw/no-content-type', 'raw/invalid-utf8', 'raw/oversized-body']) expect(expectOf(cases, id), id).toEqual([400]);
    expect(byId(cases).get('body/null')!.steps[0]!.request.body).toBeNull();
    expect(byId(cases).get('raw/no-content-type')!.steps[0]!.request.contentType).toBeNull();
    const bytes = Buffer.from(byId(cases).get('raw/invalid-utf8')!.steps[0]!.request.rawBody as Uint8Array);
    expect(bytes.toString('utf8')).toContain('\ufffd');
    const duplicated = byId(cases).get('raw/duplicate-keys')!.steps[0]!;
    expect((duplicated.request.rawBody as string).match(/"input":/g)).toHaveLength(2);
    expect([duplicated.expectStatus, ...duplicated.alsoAccept!]).toEqual([201, 400]);
    const small = generateCases(schema, { ...inputs, bodyLimitBytes: 4096 });
    expect(Buffer.byteLength(byId(small).get('raw/oversized-body')!.steps[0]!.request.rawBody as string)).toBe(4097);
  });

  it('other methods: 405 or a declared 4xx', () => {
    for (const method of ['PUT', 'PATCH']) {
      const step = byId(cases).get(`method/${method}`)!.steps[0]!;
      expect(step.request.method).toBe(method);
      expect([step.expectStatus, ...step.alsoAccept!]).toEqual([405, 400, 401, 403, 404]);
    }
  });

  it('blank and control-character text, and dynamicVariables empty, deep and wide', () => {
    expect(expectOf(cases, 'text/input/whitespace')).toEqual([201]);
    expect(bodyOf(cases, 'text/input/control')!.input).toContain('\u0000');
    expect(expectOf(cases, 'text/agentId/whitespace')).toEqual([404]);
    expect(expectOf(cases, 'text/previousChatId/control')).toEqual([404]);
    expect(bodyOf(cases, 'variables/dynamicVariables/empty')!.dynamicVariables).toEqual({});
    expect(Object.keys(bodyOf(cases, 'variables/dynamicVariables/many-keys')!.dynamicVariables as object)).toHaveLength(1000);
    let depth = 0;
    for (let v: unknown = (bodyOf(cases, 'variables/dynamicVariables/deep')!.dynamicVariables as Record<string, unknown>).chatload_nested; typeof v === 'object'; depth++) v = (v as { level: unknown }).level;
    expect(depth).toBe(100);
    // With the scenario's variables (an agent may require them) the empty map may also be refused.
    const withVariables = generateCases(schema, { ...inputs, variables: { customer_name: 'Ann' } });
    const empty = byId(withVariables).get('variables/dynamicVariables/empty')!.steps[0]!;
    expect([empty.expectStatus, ...(empty.alsoAccept ?? [])]).toEqual([201, 400]);
    expect(bodyOf(withVariables, 'variables/dynamicVariables/many-keys')!.dynamicVariables).toMatchObject({ customer_name: 'Ann' });
  });

  it('stateful: a chain of five turns, another agent continuing a chat, a chat that never existed', () => {
    const chain = byId(cases).get('conversation/5-turns')!;
    expect(chain.steps.map((s) => s.expectStatus)).toEqual([201, 201, 201, 201, 201]);
    expect(chain.steps.slice(1).every((s) => s.request.chainPreviousChatId)).toBe(true);
    const other = byId(cases).get('conversation/other-agent')!;
    expect((other.steps[1]!.request.body as { agentId: string }).agentId).toBe('agent_b');
    expect([other.steps[1]!.expectStatus, ...other.steps[1]!.alsoAccept!]).toEqual([404, 400, 403]);
    expect(byId(cases).get('conversation/never-existed')!.steps[1]!.request.alterPreviousChatId).toBe(true);
    // One agent: nobody else could continue the chat.
    expect(byId(generateCases(schema, { ...inputs, agents: ['agent_a'] })).has('conversation/other-agent')).toBe(false);
  });

  it('alters a chatId in one character, keeping its shape', () => {
    expect(alteredChatId('chat_Ab3')).toBe('chat_Ab4');
    expect(alteredChatId('chat_A9')).toBe('chat_A0');
    expect(alteredChatId('chat_xz')).toBe('chat_xa');
    expect(alteredChatId('__')).toBe('__x');
  });

  it('writes strings of exactly the asked length', () => {
    for (const n of [0, 1, 9, 64, 129]) expect(stringOfLength('agentId', n)).toHaveLength(n);
  });
});
