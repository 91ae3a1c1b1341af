import type { MockLatency } from '../scenario/types.js';

export type AgentStatus = 'Live' | 'Testing' | 'Disabled';

export interface MockAgent {
  agentId: string;
  name: string;
  status: AgentStatus;
  /** Reply template; {{name}} placeholders are filled from dynamicVariables and the input. */
  reply: string;
  requiredVariables: string[];
}

export interface MockConfig {
  apiKeys: string[];
  agents: MockAgent[];
  latency: MockLatency;
  seed: number;
  /** Request bodies above this are refused with 400, read no further. */
  maxRequestBytes: number;
  /** Chats remembered for previousChatId; the oldest is forgotten first. */
  maxChats: number;
}

/** The key the mock accepts when none is configured; it is not a secret. */
export const DEFAULT_MOCK_API_KEY = 'sk-mock-chatload-0000';

const DEFAULT_REPLY = 'Hi {{customer_name}}, thanks for reaching out about "{{input}}". I am looking into it now.';

export function defaultAgent(agentId: string, index = 0): MockAgent {
  const names = ['Grace', 'Ada', 'Linus', 'Hedy', 'Alan'];
  return { agentId, name: `${names[index % names.length]} (${agentId})`, status: 'Live', reply: DEFAULT_REPLY, requiredVariables: [] };
}

export function mockConfigFor(options: { agents: string[]; apiKey?: string; latency?: MockLatency; seed?: number }): MockConfig {
  return {
    apiKeys: [options.apiKey ?? DEFAULT_MOCK_API_KEY],
    agents: options.agents.map((id, i) => defaultAgent(id, i)),
    latency: options.latency ?? { kind: 'fixed', ms: 0 },
    seed: options.seed ?? 1,
    maxRequestBytes: 256 * 1024,
    maxChats: 100_000,
  };
}
