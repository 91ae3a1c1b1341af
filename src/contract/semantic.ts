import type { Exchange } from '../exchange.js';
import { parseRfc3339 } from './date-time.js';
import type { JsonSchema } from './openapi.js';
import type { Violation } from './types.js';

/**
 * The semantic rules of the `strict` profile, each pure and never throwing: what the vendored
 * schemas (which list no `required` fields) cannot say. `chat-id-unique` needs run-wide state
 * and lives in the checker; everything here sees one exchange only.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A property whose description says "(if any)" is documented as optional (Error.validationErrors). */
function isOptionalByDescription(schema: unknown): boolean {
  return isObject(schema) && typeof schema.description === 'string' && /\(if any\)/i.test(schema.description);
}

const MAX_ITEMS_WALKED = 20;
const MAX_MISSING_NAMED = 5;

interface Missing {
  instancePath: string;
  schemaPath: string;
}

/** A schema reduced to what `fields-present` walks, built once per schema instead of per response. */
interface FieldsNode {
  properties: { name: string; schemaPath: string; optional: boolean; child: FieldsNode | undefined }[];
  items: FieldsNode | undefined;
}

const compiledFields = new WeakMap<object, FieldsNode>();

/** undefined for a schema that is not an object (the walk stops there). */
function compileFields(schema: unknown, schemaPath: string): FieldsNode | undefined {
  if (!isObject(schema)) return undefined;
  const properties: FieldsNode['properties'] = [];
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const childSchemaPath = `${schemaPath}/properties/${name}`;
      properties.push({ name, schemaPath: childSchemaPath, optional: isOptionalByDescription(child), child: compileFields(child, childSchemaPath) });
    }
  }
  return { properties, items: schema.items === undefined ? undefined : compileFields(schema.items, `${schemaPath}/items`) };
}

function fieldsOf(schema: JsonSchema): FieldsNode | undefined {
  let node = compiledFields.get(schema);
  if (!node) {
    node = compileFields(schema, '#');
    if (node) compiledFields.set(schema, node);
  }
  return node;
}

function collectMissing(node: FieldsNode, value: unknown, instancePath: string, missing: Missing[]): void {
  if (node.properties.length > 0 && isObject(value)) {
    for (const p of node.properties) {
      // Checked at each field, not once per object: one object can lack more than the rest allows.
      if (missing.length >= MAX_MISSING_NAMED) return;
      if (!(p.name in value)) {
        if (!p.optional) missing.push({ instancePath: `${instancePath}/${p.name}`, schemaPath: p.schemaPath });
      } else if (p.child) collectMissing(p.child, value[p.name], `${instancePath}/${p.name}`, missing);
    }
  }
  if (node.items && Array.isArray(value)) {
    const n = Math.min(value.length, MAX_ITEMS_WALKED);
    for (let i = 0; i < n; i++) collectMissing(node.items, value[i], `${instancePath}/${i}`, missing);
  }
}

/** `fields-present`: every documented property is there, nested objects and array items included. */
export function checkFieldsPresent(status: number, json: unknown, schema: JsonSchema | undefined): Violation | undefined {
  if (!schema || !isObject(json)) return undefined;
  const node = fieldsOf(schema);
  if (!node) return undefined;
  const missing: Missing[] = [];
  collectMissing(node, json, '', missing);
  const first = missing[0];
  if (!first) return undefined;
  return {
    rule: 'fields-present',
    message: `${status} body lacks documented field${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.instancePath).join(', ')}${missing.length >= MAX_MISSING_NAMED ? ' (and maybe more)' : ''}`,
    schemaPath: first.schemaPath,
    instancePath: first.instancePath,
  };
}

/** Wall-clock ms of a monotonic performance.now() reading. */
export function wallClockOf(monotonicMs: number): number {
  return performance.timeOrigin + monotonicMs;
}

/** `created-at-window`: createdAt parses and lies within [sent − skew, end + skew]. */
export function checkCreatedAt(exchange: Exchange, json: Json, skewMs: number): Violation | undefined {
  const createdAt = json.createdAt;
  if (createdAt === undefined) return undefined; // fields-present reports absence
  const at = typeof createdAt === 'string' ? parseRfc3339(createdAt) : undefined;
  const where = { schemaPath: '#/properties/createdAt', instancePath: '/createdAt' };
  if (at === undefined) return { rule: 'created-at-window', message: `createdAt ${JSON.stringify(createdAt)} is not an RFC 3339 date-time`, ...where };
  const from = wallClockOf(exchange.sentAt) - skewMs;
  const to = wallClockOf(exchange.endAt) + skewMs;
  if (at >= from && at <= to) return undefined;
  const off = at < from ? `${Math.round(from + skewMs - at)} ms before the request was sent` : `${Math.round(at - (to - skewMs))} ms after the response ended`;
  return {
    rule: 'created-at-window',
    message: `createdAt ${createdAt} is ${off} (allowed skew ${skewMs} ms; window ${new Date(from).toISOString()} … ${new Date(to).toISOString()})`,
    ...where,
  };
}

/** `agent-echo`: agent.agentId is the agentId the request asked for. */
export function checkAgentEcho(requestBody: unknown, json: Json): Violation | undefined {
  const asked = isObject(requestBody) ? requestBody.agentId : undefined;
  const answered = isObject(json.agent) ? json.agent.agentId : undefined;
  if (typeof asked !== 'string' || answered === undefined || answered === asked) return undefined;
  return {
    rule: 'agent-echo',
    message: `agent.agentId is ${JSON.stringify(answered)}, the request asked for ${JSON.stringify(asked)}`,
    schemaPath: '#/properties/agent/properties/agentId',
    instancePath: '/agent/agentId',
  };
}

function hasContent(content: unknown): boolean {
  if (typeof content === 'string') return content.trim() !== '';
  return Array.isArray(content) && content.some((part) => typeof part === 'string' && part.trim() !== '');
}

/** `assistant-message`: the reply holds at least one assistant message with non-empty content. */
export function checkAssistantMessage(json: Json): Violation | undefined {
  const messages = json.response;
  if (Array.isArray(messages) && messages.some((m) => isObject(m) && m.role === 'assistant' && hasContent(m.content))) return undefined;
  const what = !Array.isArray(messages) ? `response is ${messages === undefined ? 'missing' : typeof messages}` : messages.length === 0 ? 'response is empty' : `none of the ${messages.length} messages is an assistant message with content`;
  return { rule: 'assistant-message', message: `201 without an assistant reply: ${what}`, schemaPath: '#/properties/response', instancePath: '/response' };
}

/** `soft-failure`: a 201 whose body says `status: error`. The call was accepted and still failed. */
export function checkSoftFailure(json: Json): Violation | undefined {
  if (json.status !== 'error') return undefined;
  return { rule: 'soft-failure', message: '201 Created with status "error": the chat failed behind a success code', schemaPath: '#/properties/status', instancePath: '/status' };
}

/** `error-status-match`: an error body's `status` is the HTTP status it came with. */
export function checkErrorStatus(status: number, json: Json): Violation | undefined {
  if (json.status === undefined || json.status === status) return undefined;
  return { rule: 'error-status-match', message: `${status} response whose body says status ${JSON.stringify(json.status)}`, schemaPath: '#/properties/status', instancePath: '/status' };
}

function add(into: Violation[], v: Violation | undefined): void {
  if (v !== undefined) into.push(v);
}

/** True when one JSON pointer is the other, or lies inside it. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * One fault, one count: a strict rule is dropped when `body-schema` already failed at the same
 * place in the body, inside it or around it (`role: "bot"` breaks the schema at
 * /response/0/role; that there is then no assistant reply at /response is the same fault).
 */
export function withoutSchemaOverlaps(violations: Violation[], schemaErrorPaths: readonly string[] | undefined): Violation[] {
  if (!schemaErrorPaths?.length) return violations;
  return violations.filter((v) => v.rule === 'body-schema' || v.instancePath === undefined || !schemaErrorPaths.some((path) => overlaps(v.instancePath!, path)));
}

/** The one-exchange strict rules for a parsed body, added to `into` (a new array by default). */
export function semanticViolations(exchange: Exchange, json: unknown, schema: JsonSchema | undefined, skewMs: number, into: Violation[] = []): Violation[] {
  const status = exchange.status ?? 0;
  add(into, checkFieldsPresent(status, json, schema));
  if (isObject(json)) {
    if (status >= 200 && status < 300) {
      add(into, checkCreatedAt(exchange, json, skewMs));
      add(into, checkAgentEcho(exchange.request.body, json));
      add(into, checkAssistantMessage(json));
      add(into, checkSoftFailure(json));
    } else if (status >= 400) {
      add(into, checkErrorStatus(status, json));
    }
  }
  return into;
}
