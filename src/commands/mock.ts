import { InputError } from '../errors.js';
import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { loadMockConfig } from '../mock/config-file.js';
import { startMockServer, STATS_PATH } from '../mock/server.js';
import { formatStats } from '../mock/stats.js';
import type { CommandIo } from './io.js';
import { API_KEY_ENV } from './target.js';

export interface MockOptions {
  port: number;
  host: string;
  agents: string[];
  /** A mock config file: the shape of a scenario's `mock:` section. */
  config?: string;
  seed?: number;
  env?: NodeJS.ProcessEnv;
  /** Resolves when the server should stop (SIGINT/SIGTERM in the CLI). */
  until: Promise<unknown>;
  /** How often the summary line is printed; 1 s unless a test wants it faster. */
  logEveryMs?: number;
}

const CLI = '(command line)';

/** `chatload mock`: the embedded mock, standalone, for curl, k6 or Postman. */
export async function runMock(options: MockOptions, io: CommandIo): Promise<number> {
  const fromFile = options.config ? await loadMockConfig(options.config) : undefined;
  // The flag wins over the file's seed.
  const settings = fromFile && options.seed !== undefined ? { ...fromFile, seed: options.seed } : fromFile;
  const envKey = (options.env ?? process.env)[API_KEY_ENV]?.trim();
  const config = mockConfigFor({ agents: options.agents, apiKey: envKey || DEFAULT_MOCK_API_KEY, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(settings ? { settings } : {}) });
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw InputError.single(CLI, '--port', `must be a whole number from 0 to 65535, got ${options.port}`, 'e.g. --port 4010, or --port 0 for any free port');
  }
  let mock;
  try {
    mock = await startMockServer(config, { host: options.host, port: options.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw InputError.single(CLI, '--port', `${options.port} is already in use on ${options.host}`, 'choose another port, or --port 0 for a free one');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw InputError.single(CLI, '--host', `${options.host} is not an address of this machine (${code})`, 'use 127.0.0.1, the default, or another local address');
    if (code === 'EACCES') throw InputError.single(CLI, '--port', `${options.port} needs privileges to listen on`, 'choose a port above 1023');
    throw error;
  }
  // Configured keys are test keys (the schema insists) and may be shown; a key from the environment never is.
  const keyNote = settings?.apiKeys || !envKey ? `X-API-Key: ${mock.apiKey}` : `X-API-Key from $${API_KEY_ENV}`;
  const faults = config.faults.length ? `, faults on (seed ${config.seed})` : '';
  io.out(`chatload mock listening on ${mock.url}  (POST /v1/chats, ${keyNote}, agents: ${config.agents.map((a) => a.agentId).join(', ')}${faults}; counts at GET ${STATS_PATH})\n`);
  let last = 0;
  const ticker = setInterval(() => {
    const stats = mock.stats();
    if (stats.requests === last) return;
    io.out(`${new Date().toISOString()}  ${stats.requests - last} req/s  total ${stats.requests}  ${formatStats(stats)}\n`);
    last = stats.requests;
  }, options.logEveryMs ?? 1000);
  await options.until;
  clearInterval(ticker);
  await mock.close();
  io.out('chatload mock stopped\n');
  return 0;
}
