import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { startMockServer } from '../mock/server.js';
import type { CommandIo } from './io.js';
import { API_KEY_ENV } from './target.js';

export interface MockOptions {
  port: number;
  host: string;
  agents: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves when the server should stop (SIGINT/SIGTERM in the CLI). */
  until: Promise<unknown>;
}

/** `chatload mock`: the embedded mock, standalone, for curl, k6 or Postman. */
export async function runMock(options: MockOptions, io: CommandIo): Promise<number> {
  const apiKey = (options.env ?? process.env)[API_KEY_ENV]?.trim() || DEFAULT_MOCK_API_KEY;
  const mock = await startMockServer(mockConfigFor({ agents: options.agents, apiKey }), { host: options.host, port: options.port });
  const keyNote = apiKey === DEFAULT_MOCK_API_KEY ? `X-API-Key: ${DEFAULT_MOCK_API_KEY}` : `X-API-Key from $${API_KEY_ENV}`;
  io.out(`chatload mock listening on ${mock.url}  (POST /v1/chats, ${keyNote}, agents: ${options.agents.join(', ')})\n`);
  let last = 0;
  const ticker = setInterval(() => {
    const stats = mock.stats();
    if (stats.requests === last) return;
    io.out(`${new Date().toISOString()}  ${stats.requests - last} req/s  total ${stats.requests}  ${Object.entries(stats.byStatus).map(([s, n]) => `${s}:${n}`).join(' ')}\n`);
    last = stats.requests;
  }, 1000);
  await options.until;
  clearInterval(ticker);
  await mock.close();
  io.out('chatload mock stopped\n');
  return 0;
}
