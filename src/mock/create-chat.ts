import type { ErrorObject, ValidateFunction } from 'ajv';
import { ChatStore } from './chat-store.js';
import type { MockAgent, MockConfig } from './config.js';

/** What the mock answers, before it is written to a socket. */
export interface MockResponse {
  status: number;
  body: unknown;
}

export interface MockRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  contentType: string | undefined;
  /** Raw body text, or undefined when it exceeded the size limit. */
  bodyText: string | undefined;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

/** The spec's Error body. */
export function errorBody(status: number, message: string, path: string, validationErrors?: Record<string, string>): MockResponse {
  return {
    status,
    body: { timestamp: new Date().toISOString(), status, error: REASONS[status] ?? 'Error', message, path, ...(validationErrors ? { validationErrors } : {}) },
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(prefix: string, random: () => number, length = 16): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
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
    // The first reason per field is the useful one (oneOf branches add noise after it).
    out[field] ??= e.keyword === 'required' ? `${field} is required` : `${field} ${e.message ?? 'is invalid'}`;
  }
  return out;
}

export function fillTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined || value === null) return key === 'customer_name' ? 'there' : `[${key}]`;
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/**
 * POST /v1/chats, as the contract describes it. Pure apart from the chat store it is given
 * and the random source; the server adds latency and faults around it.
 */
export function createChatHandler(config: MockConfig, validateRequest: ValidateFunction, random: () => number) {
  const agents = new Map<string, MockAgent>(config.agents.map((a) => [a.agentId, a]));
  const keys = new Set(config.apiKeys);
  const chats = new ChatStore(config.maxChats);

  return function handle(request: MockRequest): MockResponse {
    const { path } = request;
    if (!request.apiKey || !keys.has(request.apiKey)) return errorBody(401, 'X-API-Key is missing or invalid', path);
    if (request.bodyText === undefined) return errorBody(400, `Request body exceeds ${config.maxRequestBytes} bytes`, path);
    const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return errorBody(400, `Content-Type must be application/json, got ${request.contentType ?? 'none'}`, path, { body: 'must be application/json' });
    let body: unknown;
    try {
      body = JSON.parse(request.bodyText);
    } catch {
      return errorBody(400, 'Malformed JSON request body', path, { body: 'is not valid JSON' });
    }
    if (!validateRequest(body)) return errorBody(400, 'Invalid request parameters', path, validationErrorsOf(validateRequest.errors ?? []));
    const { agentId, input, dynamicVariables = {}, previousChatId } = body as { agentId: string; input: string; dynamicVariables?: Record<string, unknown>; previousChatId?: string };

    const agent = agents.get(agentId);
    if (!agent) return errorBody(404, `Agent ${agentId} was not found`, path);
    if (agent.status === 'Disabled') return errorBody(403, `Agent ${agentId} is disabled and cannot take chats`, path);
    const missing = agent.requiredVariables.filter((v) => dynamicVariables[v] === undefined);
    if (missing.length) {
      return errorBody(400, `Missing required dynamic variables: ${missing.join(', ')}`, path, Object.fromEntries(missing.map((m) => [`dynamicVariables.${m}`, `${m} is required by agent ${agentId}`])));
    }
    let previous;
    if (previousChatId) {
      previous = chats.get(previousChatId);
      if (!previous) return errorBody(404, `Chat ${previousChatId} was not found`, path);
    }

    const chatId = randomId('chat_', random);
    let reply = fillTemplate(agent.reply, { ...dynamicVariables, input: input.length > 80 ? `${input.slice(0, 80)}…` : input });
    if (previous) reply = `Following up on your earlier question ("${previous.lastInput.slice(0, 60)}"): ${reply}`;
    chats.set(chatId, { agentId, lastInput: input, turns: (previous?.turns ?? 0) + 1 });
    return {
      status: 201,
      body: {
        chatId,
        createdAt: new Date().toISOString(),
        status: 'in_progress',
        response: [{ id: randomId('item_', random), role: 'assistant', type: 'message', content: [reply] }],
        agent: { name: agent.name, agentId: agent.agentId, status: agent.status },
      },
    };
  };
}
