import type { InputProblem } from '../errors.js';
import { parseDuration } from '../units.js';

/** The `mock:` section as written, in a scenario or as the whole of `chatload mock --config` (after schema validation). */
export interface MockSectionFile {
  agents?: { id: string; name?: string; status?: AgentStatus; reply?: string; requiredVariables?: string[] }[];
  apiKeys?: (string | { key: string; agents?: string[] })[];
  latency?: LatencyFile;
  faults?: Partial<Record<Exclude<FaultKind, 'schemaDrift'>, number>> & { schemaDrift?: number | Partial<Record<DriftKind, number>> };
  seed?: number;
  maxChats?: number;
  maxRequestBytes?: number;
  capacity?: MockCapacity;
}

/** At most `slots` requests served at once; the rest queue (FIFO). Capacity: slots / latency. */
export interface MockCapacity {
  slots: number;
}

type Duration = string;
type LatencyFile =
  | Duration
  | { min: Duration; max: Duration; perInputChar?: Duration }
  | { model: 'fixed'; value: Duration; perInputChar?: Duration }
  | { model: 'uniform'; min: Duration; max: Duration; perInputChar?: Duration }
  | { model: 'lognormal'; median: Duration; p99: Duration; perInputChar?: Duration };

export type AgentStatus = 'Live' | 'Testing' | 'Disabled';

export type MockLatency = ({ kind: 'fixed'; ms: number } | { kind: 'uniform'; minMs: number; maxMs: number } | { kind: 'lognormal'; medianMs: number; p99Ms: number }) & {
  /** Added per character of `input`, so long prompts answer later. */
  perInputCharMs?: number;
};

/** Every way the mock can misbehave on purpose, and what the `spec` rules see of it (docs/mock.md). */
export const FAULT_KINDS = ['http500', 'http429', 'http503', 'hang', 'reset', 'malformedJson', 'wrongContentType', 'schemaDrift'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const DRIFT_KINDS = ['wrongType', 'badEnum', 'missingField'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One outcome of the fault dice: a fault kind (and its drift sub-kind) with its own rate. */
export interface FaultRate {
  kind: FaultKind;
  drift?: DriftKind;
  rate: number;
}

export interface MockApiKey {
  key: string;
  /** Agents this key may use; undefined means all. */
  agents?: string[];
}

export interface MockAgentSettings {
  agentId: string;
  name?: string;
  status?: AgentStatus;
  reply?: string;
  requiredVariables?: string[];
}

/** The mock section with durations parsed; what is left out is filled in by mockConfigFor from the run. */
export interface MockSettings {
  agents?: MockAgentSettings[];
  apiKeys?: MockApiKey[];
  latency?: MockLatency;
  faults: FaultRate[];
  seed?: number;
  maxChats?: number;
  maxRequestBytes?: number;
  capacity?: MockCapacity;
}

const ms = (d: Duration | undefined): number => (d === undefined ? 0 : (parseDuration(d) ?? 0));

export function normaliseLatency(latency: LatencyFile): MockLatency {
  if (typeof latency === 'string') return { kind: 'fixed', ms: ms(latency) };
  const perChar = latency.perInputChar === undefined ? {} : { perInputCharMs: ms(latency.perInputChar) };
  if (!('model' in latency) || latency.model === 'uniform') return { kind: 'uniform', minMs: ms(latency.min), maxMs: ms(latency.max), ...perChar };
  if (latency.model === 'fixed') return { kind: 'fixed', ms: ms(latency.value), ...perChar };
  return { kind: 'lognormal', medianMs: ms(latency.median), p99Ms: ms(latency.p99), ...perChar };
}

export function faultRates(faults: MockSectionFile['faults'] = {}): FaultRate[] {
  const rates: FaultRate[] = [];
  for (const kind of FAULT_KINDS) {
    const value = faults[kind];
    if (value === undefined) continue;
    if (typeof value === 'number') {
      // A single drift rate is shared evenly by the three sub-kinds.
      if (kind === 'schemaDrift') for (const drift of DRIFT_KINDS) rates.push({ kind, drift, rate: value / DRIFT_KINDS.length });
      else rates.push({ kind, rate: value });
    } else {
      for (const drift of DRIFT_KINDS) if (value[drift] !== undefined) rates.push({ kind, drift, rate: value[drift] });
    }
  }
  return rates.filter((r) => r.rate > 0);
}

/**
 * Checks what the schema cannot say (rates adding up past 1, latency ranges upside down,
 * duplicate ids) and parses durations. Pure. `prefix` is the field path of the section.
 */
export function normaliseMockSection(section: MockSectionFile | undefined, file: string, prefix: string, problems: InputProblem[]): MockSettings {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (!section) return { faults: [] };
  const latency = section.latency === undefined ? undefined : normaliseLatency(section.latency);
  if (latency?.kind === 'uniform' && latency.minMs > latency.maxMs) {
    problems.push({ file, field: at('latency'), message: `min (${latency.minMs}ms) is above max (${latency.maxMs}ms)`, fix: 'swap them: min is the shortest delay' });
  }
  if (latency?.kind === 'lognormal' && !(latency.medianMs > 0 && latency.p99Ms >= latency.medianMs)) {
    problems.push({ file, field: at('latency'), message: `needs 0 < median ≤ p99 (got median ${latency.medianMs}ms, p99 ${latency.p99Ms}ms)`, fix: 'e.g. latency: { model: lognormal, median: 40ms, p99: 250ms }' });
  }
  const faults = faultRates(section.faults);
  const total = faults.reduce((sum, f) => sum + f.rate, 0);
  if (total > 1 + 1e-9) {
    problems.push({ file, field: at('faults'), message: `rates add up to ${+total.toFixed(4)}, more than 1`, fix: 'each rate is a fraction of all requests, 0.01 meaning 1%; lower them so their sum is at most 1' });
  }
  const agentIds = new Set<string>();
  for (const [i, agent] of (section.agents ?? []).entries()) {
    if (agentIds.has(agent.id)) problems.push({ file, field: at(`agents[${i}].id`), message: `${agent.id} is listed twice`, fix: 'give each agent its own id' });
    agentIds.add(agent.id);
  }
  return {
    ...(section.agents
      ? {
          agents: section.agents.map((a) => ({
            agentId: a.id,
            ...(a.name !== undefined ? { name: a.name } : {}),
            ...(a.status !== undefined ? { status: a.status } : {}),
            ...(a.reply !== undefined ? { reply: a.reply } : {}),
            ...(a.requiredVariables !== undefined ? { requiredVariables: a.requiredVariables } : {}),
          })),
        }
      : {}),
    ...(section.apiKeys ? { apiKeys: section.apiKeys.map((k) => (typeof k === 'string' ? { key: k } : { key: k.key, ...(k.agents ? { agents: k.agents } : {}) })) } : {}),
    ...(latency ? { latency } : {}),
    faults,
    ...(section.seed !== undefined ? { seed: section.seed } : {}),
    ...(section.maxChats !== undefined ? { maxChats: section.maxChats } : {}),
    ...(section.maxRequestBytes !== undefined ? { maxRequestBytes: section.maxRequestBytes } : {}),
    ...(section.capacity !== undefined ? { capacity: { slots: section.capacity.slots } } : {}),
  };
}
