import type { JsonSchema } from '../contract/openapi.js';
import type { CaseRequest, ConformCase } from './types.js';

/**
 * Conformance cases derived from the request schema (`contract.requestSchema`, refs inlined).
 * The walk finds the fields, which are required, their types and length bounds, and what
 * `dynamicVariables` values may be; the only knowledge added by hand is which fields name
 * something that must exist on the server (REFERENCES), since a schema cannot say that. Pure.
 */

/** Fields whose in-range values must also resolve on the server: an unknown one is a 404. */
const REFERENCES: Record<string, 'agent' | 'chat'> = { agentId: 'agent', previousChatId: 'chat' };

const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;
type JsonType = (typeof JSON_TYPES)[number];
const SAMPLE_OF_TYPE: Record<JsonType, unknown> = { string: 'Michael', number: 42, boolean: true, object: { tier: 'gold' }, array: ['a', 'b'], null: null };

export interface CaseInputs {
  /** The scenario's agents: one valid case each; the first is the base of every other case. */
  agents: string[];
  /** A valid input message (the scenario's first). */
  input: string;
  /** A valid variable set (the scenario's first): agents may require dynamic variables. */
  variables?: Record<string, unknown>;
}

type Schema = { [key: string]: unknown };
const asSchema = (value: unknown): Schema => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {});

/** The JSON types a schema accepts (integer counts as number); undefined type accepts all. */
export function allowedTypes(schema: Schema): Set<JsonType> {
  const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches)) return new Set(branches.flatMap((b) => [...allowedTypes(asSchema(b))]));
  const type = schema.type;
  const types = (Array.isArray(type) ? type : type === undefined ? [...JSON_TYPES] : [type]).map((t) => (t === 'integer' ? 'number' : t)) as JsonType[];
  if (schema.nullable === true) types.push('null');
  return new Set(types);
}

function unusedId(prefix: string, taken: string[]): string {
  let id = prefix;
  for (let n = 2; taken.includes(id); n++) id = `${prefix}_${n}`;
  return id;
}

/** A string of exactly `length` characters, recognisable in logs. */
export function stringOfLength(field: string, length: number): string {
  const stem = `chatload_${field}_`;
  return length <= stem.length ? stem.slice(0, length) : stem.padEnd(length, 'x');
}

function describeLength(bound: 'min' | 'max', offset: number, value: number): string {
  return `${bound}${offset < 0 ? '−1' : offset > 0 ? '+1' : ''} (${value} char${value === 1 ? '' : 's'})`;
}

export function generateCases(requestSchema: JsonSchema, inputs: CaseInputs): ConformCase[] {
  const schema = asSchema(requestSchema);
  const properties = Object.entries(asSchema(schema.properties)).map(([name, s]) => [name, asSchema(s)] as const);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const [firstAgent] = inputs.agents;
  if (!firstAgent) throw new Error('conformance cases need at least one agent');
  const base: Record<string, unknown> = { agentId: firstAgent, input: inputs.input };
  if (inputs.variables && Object.keys(inputs.variables).length) base.dynamicVariables = inputs.variables;
  const cases: ConformCase[] = [];
  const one = (c: Omit<ConformCase, 'steps'>, request: CaseRequest, expectStatus: number) => cases.push({ ...c, steps: [{ request, expectStatus }] });

  /** What an in-range value of a field should get: 201, or 404 when it names something that does not exist. */
  const acceptedStatus = (field: string, value: unknown): number => {
    const reference = REFERENCES[field];
    if (reference === 'agent') return inputs.agents.includes(value as string) ? 201 : 404;
    // An empty previousChatId names no chat: there is nothing to look up.
    if (reference === 'chat') return value === '' ? 201 : 404;
    return 201;
  };

  for (const agent of inputs.agents) {
    one({ id: `valid/${agent}`, group: 'valid', title: `valid request for agent ${agent}` }, { body: { ...base, agentId: agent } }, 201);
  }

  for (const field of required) {
    const { [field]: _dropped, ...body } = base;
    one({ id: `required/${field}`, group: 'required', title: `required field ${field} missing`, source: '#/required' }, { body }, 400);
  }

  for (const [field, prop] of properties) {
    const min = typeof prop.minLength === 'number' ? prop.minLength : undefined;
    const max = typeof prop.maxLength === 'number' ? prop.maxLength : undefined;
    const bounds: ['min' | 'max', number, number][] = [];
    if (min !== undefined) bounds.push(['min', -1, min - 1], ['min', 0, min]);
    if (max !== undefined) bounds.push(['max', 0, max], ['max', 1, max + 1]);
    const seen = new Set<number>();
    for (const [bound, offset, length] of bounds) {
      if (length < 0 || seen.has(length)) continue;
      seen.add(length);
      const value = stringOfLength(field, length);
      const inRange = (min === undefined || length >= min) && (max === undefined || length <= max);
      one(
        { id: `boundary/${field}/${bound}${offset < 0 ? '-1' : offset > 0 ? '+1' : ''}`, group: 'boundary', title: `${field} at ${describeLength(bound, offset, length)}`, source: `#/properties/${field}/${bound}Length` },
        { body: { ...base, [field]: value } },
        inRange ? acceptedStatus(field, value) : 400,
      );
    }

    const allowed = allowedTypes(prop);
    for (const type of JSON_TYPES) {
      if (allowed.has(type)) continue;
      one({ id: `type/${field}/${type}`, group: 'type', title: `${field} as ${type === 'null' ? 'null' : `a JSON ${type}`}`, source: `#/properties/${field}/type` }, { body: { ...base, [field]: SAMPLE_OF_TYPE[type] } }, 400);
    }

    // Values of a map (dynamicVariables): every kind the schema allows is accepted, every other kind refused.
    const values = prop.additionalProperties;
    if (values !== undefined && typeof values === 'object') {
      const valueTypes = allowedTypes(asSchema(values));
      for (const type of JSON_TYPES) {
        const ok = valueTypes.has(type);
        one(
          { id: `type/${field}.value/${type}`, group: 'type', title: `${field} value as ${type === 'null' ? 'null' : `a JSON ${type}`}`, source: `#/properties/${field}/additionalProperties` },
          { body: { ...base, [field]: { customer_name: SAMPLE_OF_TYPE[type] } } },
          ok ? 201 : 400,
        );
      }
    }
  }

  const extra = unusedId('chatloadUnknownField', properties.map(([name]) => name));
  one(
    { id: 'extra/unknown-property', group: 'extra', title: `unknown property ${extra} (${schema.additionalProperties === false ? 'refused: additionalProperties is false' : 'allowed: the schema does not close the object'})`, source: '#/additionalProperties' },
    { body: { ...base, [extra]: 'surprise' } },
    schema.additionalProperties === false ? 400 : 201,
  );

  const validText = JSON.stringify(base);
  one({ id: 'raw/malformed-json', group: 'raw', title: 'malformed JSON body', source: '#/requestBody/content/application~1json' }, { rawBody: validText.slice(0, -1) + ',' }, 400);
  one({ id: 'raw/content-type', group: 'raw', title: 'valid JSON sent as text/plain', source: '#/requestBody/content' }, { rawBody: validText, contentType: 'text/plain' }, 400);

  one({ id: 'auth/missing-key', group: 'auth', title: 'no X-API-Key header', source: '#/components/securitySchemes/apiKeyAuth' }, { body: base, key: 'missing' }, 401);
  one({ id: 'auth/invalid-key', group: 'auth', title: 'an invalid X-API-Key', source: '#/components/securitySchemes/apiKeyAuth' }, { body: base, key: 'invalid' }, 401);

  one({ id: 'reference/unknown-agent', group: 'reference', title: 'unknown agentId' }, { body: { ...base, agentId: unusedId('agent_chatload_unknown', inputs.agents) } }, 404);
  one({ id: 'reference/unknown-previous-chat', group: 'reference', title: 'unknown previousChatId' }, { body: { ...base, previousChatId: 'chat_chatload_unknown' } }, 404);

  cases.push({
    id: 'conversation/two-turns',
    group: 'conversation',
    title: "two turns: the second sends the first turn's chatId as previousChatId",
    steps: [
      { request: { body: base }, expectStatus: 201 },
      { request: { body: { ...base, input: `Following up: ${inputs.input}`.slice(0, 20480) }, chainPreviousChatId: true }, expectStatus: 201 },
    ],
  });
  return cases;
}
