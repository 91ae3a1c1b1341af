import type { AgentStatus, FaultRate, MockApiKey, MockCapacity, MockLatency, MockSettings } from './settings.js';

export type { AgentStatus } from './settings.js';

export interface MockAgent {
  agentId: string;
  name: string;
  status: AgentStatus;
  /** Reply template; {{name}} placeholders are filled from dynamicVariables and the input. */
  reply: string;
  requiredVariables: string[];
}

export interface MockConfig {
  apiKeys: MockApiKey[];
  agents: MockAgent[];
  latency: MockLatency;
  faults: FaultRate[];
  seed: number;
  /** Request bodies above this are refused with 400, read no further. */
  maxRequestBytes: number;
  /** Chats remembered for previousChatId; the oldest is forgotten first. */
  maxChats: number;
  /** When set, at most `slots` requests are served at once and the rest queue (FIFO). */
  capacity?: MockCapacity;
}

/** The key the mock accepts when none is configured; it is not a secret. */
export const DEFAULT_MOCK_API_KEY = 'sk-mock-chatload-0000';

const DEFAULT_REPLY = 'Hi {{customer_name}}, thanks for reaching out about "{{input}}". I am looking into it now.';

export function defaultAgent(agentId: string, index = 0): MockAgent {
  const names = ['Grace', 'Ada', 'Linus', 'Hedy', 'Alan'];
  return { agentId, name: `${names[index % names.length]} (${agentId})`, status: 'Live', reply: DEFAULT_REPLY, requiredVariables: [] };
}

/**
 * The mock's whole configuration: the `mock:` section where it says something, the run's agents,
 * key and seed where it does not.
 */
export function mockConfigFor(options: { agents: string[]; apiKey?: string; latency?: MockLatency; seed?: number; settings?: MockSettings }): MockConfig {
  const settings = options.settings;
  return {
    apiKeys: settings?.apiKeys ?? [{ key: options.apiKey ?? DEFAULT_MOCK_API_KEY }],
    agents: settings?.agents
      ? settings.agents.map((a, i) => ({ ...defaultAgent(a.agentId, i), ...a }))
      : options.agents.map((id, i) => defaultAgent(id, i)),
    latency: settings?.latency ?? options.latency ?? { kind: 'fixed', ms: 0 },
    faults: settings?.faults ?? [],
    seed: settings?.seed ?? options.seed ?? 1,
    maxRequestBytes: settings?.maxRequestBytes ?? 256 * 1024,
    maxChats: settings?.maxChats ?? 100_000,
    ...(settings?.capacity ? { capacity: settings.capacity } : {}),
  };
}

