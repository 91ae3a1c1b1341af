import type { Exchange } from '../../../src/exchange.js';

export const REQUEST = { agentId: 'agent_support_01', input: 'Where is my order?' };

export function chatBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    chatId: 'chat_abc123',
    createdAt: new Date().toISOString(),
    status: 'in_progress',
    response: [{ id: 'item_1', role: 'assistant', type: 'message', content: ['Hello!'] }],
    agent: { name: 'Grace', agentId: REQUEST.agentId, status: 'Live' },
    ...overrides,
  };
}

export function errorJson(status: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { timestamp: new Date().toISOString(), status, error: 'Bad Request', message: 'Invalid request parameters', path: '/v1/chats', ...overrides };
}

/** An exchange that just happened, with a JSON (or raw) body. */
export function exchangeOf(status: number, body: unknown, options: { contentType?: string; raw?: boolean; request?: unknown } = {}): Exchange {
  const now = performance.now();
  const text = options.raw ? String(body) : JSON.stringify(body);
  return {
    request: { seq: 0, body: (options.request ?? REQUEST) as Exchange['request']['body'] },
    sentAt: now - 5,
    endAt: now,
    status,
    headers: { 'content-type': options.contentType ?? 'application/json; charset=utf-8' },
    body: Buffer.from(text),
  };
}
