import type { ErrorObject, ValidateFunction } from 'ajv';
import { ChatStore } from './chat-store.js';
import type { MockAgent, MockConfig } from './config.js';
import { randomId } from './ids.js';

/** What the mock answers, before it is written to a socket: the body already serialised. */
export interface MockResponse {
  status: number;
  json: string;
}

export interface MockRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  contentType: string | undefined;
  /** Raw body text, or undefined when it exceeded the size limit. */
  bodyText: string | undefined;
  /** False when the body's bytes were not valid UTF-8 (RFC 8259 §8.1 requires it); `bodyText` then holds replacement characters. */
  validUtf8?: boolean;
}

/** A handled request: the answer, and what its latency depends on (input length; a chat's agent and turn). */
export interface Handled {
  response: MockResponse;
  inputChars: number;
  /** The agent's place in the configuration, for its own latency (a 201 only). */
  agent?: number;
  /** The chat's turn, 1 for a new chat (a 201 only), for the per-turn cost. */
  turn?: number;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The spec's Error body. */
export function errorBody(status: number, message: string, path: string, validationErrors?: Record<string, string>): MockResponse {
  return {
    status,
    json: JSON.stringify({ timestamp: new Date().toISOString(), status, error: REASONS[status] ?? 'Error', message, path, ...(validationErrors ? { validationErrors } : {}) }),
  };
}

/** ISO time of now, computed once per millisecond: under load many answers share one. */
let lastMs = 0;
let lastIso = '';
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) [lastMs, lastIso] = [ms, new Date(ms).toISOString()];
  return lastIso;
}

const MAX_LENGTH = { agentId: 64, input: 20480, previousChatId: 128 };

/**
 * True when the request is certainly valid by CreateChatRequest; false means "ask Ajv", which
 * decides and names the fields. Cheaper than Ajv's oneOf over every dynamic variable. A UTF-16
 * length within the limit is a code-point length within it too, so this never accepts what Ajv refuses.
 */
export function surelyValidRequest(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { agentId, input, dynamicVariables, previousChatId } = body as Record<string, unknown>;
  if (typeof agentId !== 'string' || agentId.length === 0 || agentId.length > MAX_LENGTH.agentId) return false;
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH.input) return false;
  if (previousChatId !== undefined && (typeof previousChatId !== 'string' || previousChatId.length > MAX_LENGTH.previousChatId)) return false;
  if (dynamicVariables !== undefined) {
    if (typeof dynamicVariables !== 'object' || dynamicVariables === null || Array.isArray(dynamicVariables)) return false;
    for (const key in dynamicVariables) {
      const value = (dynamicVariables as Record<string, unknown>)[key];
      if (value === null || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'object')) return false;
    }
  }
  return true;
}

/** Ajv errors keyed by request field, as the spec's `validationErrors` shows them. */
export function validationErrorsOf(errors: ErrorObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field =
      e.keyword === 'required'
        ? (e.params as { missingProperty: string }).missingProperty
        : e.keyword === 'additionalProperties'
          ? (e.params as { additionalProperty: string }).additionalProperty
          : e.instancePath.slice(1).replace(/\//g, '.') || 'body';
    // A dynamic variable fails every branch of its oneOf: name the types it may have instead of the first branch.
    if (e.schemaPath.includes('/additionalProperties/oneOf')) out[field] = `${field} must be a string, number, boolean, object or array (null is not allowed)`;
    // The first reason per field is the useful one (oneOf branches add noise after it).
    out[field] ??= e.keyword === 'required' ? `${field} is required` : `${field} ${e.message ?? 'is invalid'}`;
  }
  return out;
}

function valueText(key: string, value: unknown): string {
  if (value === undefined || value === null) return key === 'customer_name' ? 'there' : `[${key}]`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Splits a template once into literal text and placeholder names, so a reply is a join, not a regex run. */
export function compileTemplate(template: string): (values: Record<string, unknown>, input?: string) => string {
  const parts = template.split(/\{\{\s*([\w.-]+)\s*\}\}/g);
  return (values, input) => {
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const key = parts[i]!;
      out += valueText(key, key === 'input' && input !== undefined ? input : values[key]) + parts[i + 1]!;
    }
    return out;
  };
}

interface PreparedAgent {
  agent: MockAgent;
  /** Its place in the configuration: what the chat store remembers a chat's agent by. */
  index: number;
  reply: (values: Record<string, unknown>, input?: string) => string;
  /** The `agent` object of every 201 for this agent, serialised once. */
  echoJson: string;
}

const INPUT_IN_REPLY_CHARS = 80;

/** The required variables a request leaves out; undefined when none (the common case allocates nothing). */
function missingVariables(required: readonly string[], values: Record<string, unknown>): string[] | undefined {
  let missing: string[] | undefined;
  for (const name of required) if (values[name] === undefined) (missing ??= []).push(name);
  return missing;
}

function failed(response: MockResponse, inputChars = 0): Handled {
  return { response, inputChars };
}

/** The media type of a Content-Type header, lower case; the common exact value needs no parsing. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType === 'application/json' ? contentType : contentType?.split(';')[0]?.trim().toLowerCase();
}

/**
 * POST /v1/chats, as the contract describes it. Pure apart from the chat store it keeps
 * and the random source; the server adds latency and faults around it.
 */
export function createChatHandler(config: MockConfig, validateRequest: ValidateFunction, random: () => number) {
  const agents = new Map<string, PreparedAgent>(
    config.agents.map((agent, index) => [agent.agentId, { agent, index, reply: compileTemplate(agent.reply), echoJson: JSON.stringify({ name: agent.name, agentId: agent.agentId, status: agent.status }) }]),
  );
  // A key without an agent list may use every agent.
  const keys = new Map(config.apiKeys.map((k) => [k.key, k.agents ? new Set(k.agents) : undefined]));
  const chats = new ChatStore(config.maxChats, random);

  return function handle(request: MockRequest): Handled {
    const { path } = request;
    if (!request.apiKey || !keys.has(request.apiKey)) return failed(errorBody(401, 'X-API-Key is missing or invalid', path));
    if (request.bodyText === undefined) return failed(errorBody(400, `Request body exceeds ${config.maxRequestBytes} bytes`, path, { body: `must be at most ${config.maxRequestBytes} bytes` }));
    if (request.validUtf8 === false) return failed(errorBody(400, 'Request body is not valid UTF-8', path, { body: 'must be UTF-8 encoded JSON (RFC 8259)' }));
    if (mediaTypeOf(request.contentType) !== 'application/json') return failed(errorBody(400, `Content-Type must be application/json, got ${request.contentType ?? 'none'}`, path, { body: 'must be application/json' }));
    let body: unknown;
    try {
      body = JSON.parse(request.bodyText);
    } catch {
      return failed(errorBody(400, 'Malformed JSON request body', path, { body: 'is not valid JSON' }));
    }
    if (!surelyValidRequest(body) && !validateRequest(body)) return failed(errorBody(400, 'Invalid request parameters', path, validationErrorsOf(validateRequest.errors ?? [])));
    const { agentId, input, dynamicVariables = {}, previousChatId } = body as { agentId: string; input: string; dynamicVariables?: Record<string, unknown>; previousChatId?: string };
    const inputChars = input.length;

    const prepared = agents.get(agentId);
    if (!prepared) return failed(errorBody(404, `Agent ${agentId} was not found`, path), inputChars);
    const allowed = keys.get(request.apiKey);
    if (allowed && !allowed.has(agentId)) return failed(errorBody(403, `This API key may not use agent ${agentId}`, path), inputChars);
    const { agent } = prepared;
    if (agent.status === 'Disabled') return failed(errorBody(403, `Agent ${agentId} is disabled and cannot take chats; set it to Live or Testing first`, path), inputChars);
    const missing = missingVariables(agent.requiredVariables, dynamicVariables);
    if (missing) {
      const errors = Object.fromEntries(missing.map((m) => [`dynamicVariables.${m}`, `${m} is required by agent ${agentId}`]));
      return failed(errorBody(400, `Missing required dynamic variables: ${missing.join(', ')}`, path, errors), inputChars);
    }
    let previous;
    if (previousChatId) {
      previous = chats.get(previousChatId);
      if (!previous) return failed(errorBody(404, `Chat ${previousChatId} was not found`, path), inputChars);
      // A chat goes on with the agent it began with: continuing another agent's chat is a bad request, not a new context.
      if (previous.agent !== prepared.index) {
        const owner = config.agents[previous.agent]!.agentId;
        return failed(errorBody(400, `Chat ${previousChatId} belongs to agent ${owner}, not ${agentId}`, path, { previousChatId: `belongs to agent ${owner}; a chat continues with the agent it began with` }), inputChars);
      }
    }

    const shown = input.length > INPUT_IN_REPLY_CHARS ? `${input.slice(0, INPUT_IN_REPLY_CHARS)}…` : input;
    let reply = prepared.reply(dynamicVariables, shown);
    if (previous) reply = `Following up on your earlier question ("${previous.inputHead}"): ${reply}`;
    const turn = (previous?.turns ?? 0) + 1;
    const chatId = chats.add(input, turn, prepared.index);
    // Written out by hand: the constant parts are never re-serialised, and ids and times need no escaping.
    const json = `{"chatId":"${chatId}","createdAt":"${nowIso()}","status":"in_progress","response":[{"id":"${randomId('item_', random)}","role":"assistant","type":"message","content":[${JSON.stringify(reply)}]}],"agent":${prepared.echoJson}}`;
    return { inputChars, agent: prepared.index, turn, response: { status: 201, json } };
  };
}
