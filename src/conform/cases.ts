import type { JsonSchema } from '../contract/openapi.js';
import { fieldCases } from './cases-fields.js';
import { rawCases } from './cases-raw.js';
import { stateCases } from './cases-state.js';
import { REFERENCES, requestShape } from './schema.js';
import type { CaseRequest, CaseStep, ConformCase } from './types.js';

export { allowedTypes } from './schema.js';
export { stringOfLength } from './text.js';

/**
 * Conformance cases derived from the request schema (`contract.requestSchema`, refs inlined).
 * The walk finds the fields, which are required, their types and length bounds, and what
 * `dynamicVariables` values may be; the knowledge added by hand is which fields name something
 * that must exist on the server (REFERENCES), and the HTTP-level cases (body, media type,
 * method, encoding, size, state) whose expectations come from the document's requestBody and
 * responses and from the RFCs it builds on. docs/contract.md lists every case family, the idea
 * it comes from and the rule it assumes where the document is silent. Pure.
 */

export interface CaseInputs {
  /** The scenario's agents: one valid case each; the first is the base of every other case. */
  agents: string[];
  /** A valid input message (the scenario's first). */
  input: string;
  /** A valid variable set (the scenario's first): agents may require dynamic variables. */
  variables?: Record<string, unknown>;
  /** The 4xx statuses the document declares (default 400, 401, 403, 404). */
  declared4xx?: number[];
  /** The request-body limit the target is expected to enforce: the oversized case sends one byte more (default 1 MiB). */
  bodyLimitBytes?: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_DECLARED_4XX = [400, 401, 403, 404];

export const NOT_FOUND_WHY = 'it names nothing that exists: 404 "The requested resource was not found" is the declared answer nearest to it';

/** What the case families share: the base body and how to add a case. */
export interface CaseContext {
  inputs: Required<Pick<CaseInputs, 'agents' | 'input' | 'declared4xx' | 'bodyLimitBytes'>> & Pick<CaseInputs, 'variables'>;
  /** A valid body: the first agent, the first input, the first variable set. */
  base: Record<string, unknown>;
  add(c: Omit<ConformCase, 'steps'>, request: CaseRequest, expectStatus: number, alsoAccept?: number[]): void;
  addSteps(c: Omit<ConformCase, 'steps'>, steps: CaseStep[]): void;
  /** What an in-range value of a field should get: 201, or 404 when it names something that does not exist; and why. */
  accepted(field: string, value: unknown): { status: number; why: string; assumption?: string };
}

export function generateCases(requestSchema: JsonSchema, inputs: CaseInputs): ConformCase[] {
  const shape = requestShape(requestSchema);
  const [firstAgent] = inputs.agents;
  if (!firstAgent) throw new Error('conformance cases need at least one agent');
  const base: Record<string, unknown> = { agentId: firstAgent, input: inputs.input };
  if (inputs.variables && Object.keys(inputs.variables).length) base.dynamicVariables = inputs.variables;
  const cases: ConformCase[] = [];
  const ctx: CaseContext = {
    inputs: { ...inputs, declared4xx: inputs.declared4xx ?? DEFAULT_DECLARED_4XX, bodyLimitBytes: inputs.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES },
    base,
    add: (c, request, expectStatus, alsoAccept) => cases.push({ ...c, steps: [{ request, expectStatus, ...(alsoAccept?.length ? { alsoAccept } : {}) }] }),
    addSteps: (c, steps) => cases.push({ ...c, steps }),
    accepted(field, value) {
      const reference = REFERENCES[field];
      if (reference === 'agent') {
        return inputs.agents.includes(value as string)
          ? { status: 201, why: `a valid body naming agent ${String(value)}, one of the scenario's agents` }
          : { status: 404, why: `valid by the schema, but no agent has this agentId: ${NOT_FOUND_WHY}`, assumption: 'an unknown agentId is answered 404 (docs/contract.md point 12)' };
      }
      // An empty previousChatId names no chat: there is nothing to look up.
      if (reference === 'chat') {
        return value === ''
          ? { status: 201, why: 'previousChatId has minLength 0: the empty id is valid and names no earlier chat', assumption: 'an empty previousChatId means "no earlier chat" (docs/contract.md point 7)' }
          : { status: 404, why: `valid by the schema, but no chat has this id: ${NOT_FOUND_WHY}`, assumption: 'an unknown previousChatId is answered 404 (docs/contract.md point 12)' };
      }
      return { status: 201, why: 'valid by the schema' };
    },
  };

  for (const agent of inputs.agents) {
    ctx.add({ id: `valid/${agent}`, group: 'valid', title: `valid request for agent ${agent}`, source: '#/components/schemas/CreateChatRequest', why: 'a valid body for a known agent: 201 with a ChatCompletionResponse' }, { body: { ...base, agentId: agent } }, 201);
  }

  for (const field of shape.required) {
    const { [field]: _dropped, ...body } = base;
    ctx.add({ id: `required/${field}`, group: 'required', title: `required field ${field} missing`, source: '#/required', why: `${field} is in the schema's required list: a body without it is a bad request (400)` }, { body }, 400);
  }
  if (shape.required.length > 1) {
    const body = Object.fromEntries(Object.entries(base).filter(([k]) => !shape.required.includes(k)));
    ctx.add({ id: `required/${shape.required.join('+')}`, group: 'required', title: `every required field missing (${shape.required.join(', ')})`, source: '#/required', why: `${shape.required.join(' and ')} are required: a body with none of them is a bad request (400)` }, { body }, 400);
  }

  fieldCases(ctx, shape);

  const properties = shape.properties.map(([name]) => name);
  let extra = 'chatloadUnknownField';
  for (let n = 2; properties.includes(extra); n++) extra = `chatloadUnknownField_${n}`;
  const closed = shape.schema.additionalProperties === false;
  ctx.add(
    {
      id: 'extra/unknown-property',
      group: 'extra',
      title: `unknown property ${extra}`,
      source: '#/additionalProperties',
      why: closed ? 'additionalProperties is false: an unknown property is a bad request (400)' : 'the schema does not close the object (no additionalProperties: false): an unknown property is allowed (201)',
      ...(closed ? {} : { assumption: 'an open object accepts unknown properties (docs/contract.md point 8)' }),
    },
    { body: { ...base, [extra]: 'surprise' } },
    closed ? 400 : 201,
  );

  rawCases(ctx);

  const securityWhy = 'the apiKeyAuth scheme requires an X-API-Key header on every request: 401 "X-API-Key is missing or invalid"';
  ctx.add({ id: 'auth/missing-key', group: 'auth', title: 'no X-API-Key header', source: '#/components/securitySchemes/apiKeyAuth', why: securityWhy }, { body: base, key: 'missing' }, 401);
  ctx.add({ id: 'auth/invalid-key', group: 'auth', title: 'an invalid X-API-Key', source: '#/components/securitySchemes/apiKeyAuth', why: securityWhy }, { body: base, key: 'invalid' }, 401);

  let unknownAgent = 'agent_chatload_unknown';
  for (let n = 2; inputs.agents.includes(unknownAgent); n++) unknownAgent = `agent_chatload_unknown_${n}`;
  const agentAnswer = ctx.accepted('agentId', unknownAgent);
  ctx.add({ id: 'reference/unknown-agent', group: 'reference', title: 'unknown agentId', source: '#/paths/~1v1~1chats/post/responses/404', why: agentAnswer.why, ...(agentAnswer.assumption ? { assumption: agentAnswer.assumption } : {}) }, { body: { ...base, agentId: unknownAgent } }, 404);
  const chatAnswer = ctx.accepted('previousChatId', 'chat_chatload_unknown');
  ctx.add({ id: 'reference/unknown-previous-chat', group: 'reference', title: 'unknown previousChatId', source: '#/paths/~1v1~1chats/post/responses/404', why: chatAnswer.why, ...(chatAnswer.assumption ? { assumption: chatAnswer.assumption } : {}) }, { body: { ...base, previousChatId: 'chat_chatload_unknown' } }, 404);

  stateCases(ctx);
  return cases;
}
