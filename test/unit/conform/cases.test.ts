import { describe, expect, it } from 'vitest';
import { generateCases, stringOfLength } from '../../../src/conform/cases.js';
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
    for (const c of cases) for (const s of c.steps) expect([201, 400, 401, 404]).toContain(s.expectStatus);
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
    const malformed = byId(cases).get('raw/malformed-json')!.steps[0]!.request.rawBody!;
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

  it('writes strings of exactly the asked length', () => {
    for (const n of [0, 1, 9, 64, 129]) expect(stringOfLength('agentId', n)).toHaveLength(n);
  });
});
