import type { ValidateFunction } from 'ajv';
import { REFERENCES } from './schema.js';

/** What the document says a body should get, for bodies nobody wrote by hand (the fuzzer's). Pure. */
export interface Expectation {
  status: number;
  why: string;
  source: string;
  assumption?: string;
}

const NOT_FOUND = '#/paths/~1v1~1chats/post/responses/404';

/**
 * The request schema decides first (invalid → 400, naming the first failing keyword); a valid
 * body then gets 201, or 404 when a reference names nothing: an agentId that is none of the
 * scenario's agents, or a non-empty previousChatId (this run created no chat the fuzzer knows).
 * The body is judged as the server receives it: after a JSON round trip.
 */
export function expectationFor(body: unknown, validateRequest: ValidateFunction, agents: readonly string[]): Expectation {
  const sent: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
  if (!validateRequest(sent)) {
    const error = validateRequest.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the body';
    return {
      status: 400,
      why: `invalid by the request schema (${where} ${error?.message ?? 'is invalid'}): a bad request (400)`,
      // Ajv names the compiled copy (".../openapi-components.json#/$defs/CreateChatRequest/…"): shown relative to the request schema, as the cases are.
      source: error ? error.schemaPath.replace(/^.*#\/\$defs\/CreateChatRequest/, '#') : '#',
    };
  }
  const fields = sent as Record<string, unknown>;
  for (const [field, reference] of Object.entries(REFERENCES)) {
    const value = fields[field];
    if (reference === 'agent' && typeof value === 'string' && !agents.includes(value)) {
      return { status: 404, why: `valid by the schema, but ${field} names none of the scenario's agents: 404`, source: NOT_FOUND, assumption: 'an unknown agentId is answered 404 (docs/contract.md point 12)' };
    }
    if (reference === 'chat' && typeof value === 'string' && value !== '') {
      return { status: 404, why: `valid by the schema, but ${field} names no chat: 404`, source: NOT_FOUND, assumption: 'an unknown previousChatId is answered 404 (docs/contract.md point 12)' };
    }
  }
  return { status: 201, why: 'valid by the request schema, for one of the scenario\'s agents: 201', source: '#/components/schemas/CreateChatRequest' };
}
