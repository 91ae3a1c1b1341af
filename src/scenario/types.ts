import type { Profile } from '../contract/types.js';
import type { ChecksFile, ChecksSpec } from './checks.js';

export type MixStrategy = 'cartesian' | 'round-robin' | 'random';
export type Duration = string;

/** A scenario file as written (after schema validation). */
export interface ScenarioFile {
  $schema?: string;
  name: string;
  description?: string;
  target?: string;
  agents: string[];
  inputs: string[] | { file: string };
  variables?: Record<string, unknown>[] | { file: string };
  mix?: { strategy?: MixStrategy; seed?: number };
  load: {
    model?: 'open' | 'closed';
    concurrency?: number;
    rate?: number;
    duration?: Duration;
    requests?: number;
    maxInFlight?: number;
  };
  timeout?: Duration;
  profile?: Profile;
  checks?: ChecksFile;
  thresholds?: string[];
  mock?: { latency?: Duration | { min: Duration; max: Duration } };
}

export interface LoadSpec {
  model: 'open' | 'closed';
  /** Virtual users (closed model). */
  concurrency?: number;
  /** Arrivals per second (open model). */
  rate?: number;
  durationMs?: number;
  requests?: number;
  maxInFlight?: number;
}

export type MockLatency = { kind: 'fixed'; ms: number } | { kind: 'uniform'; minMs: number; maxMs: number };

/** A scenario with its data files read, durations parsed and defaults applied. */
export interface Scenario {
  name: string;
  /** Path of the file it came from, as given. */
  file: string;
  description?: string;
  /** "mock" or a base URL. */
  target: string;
  agents: string[];
  inputs: string[];
  /** Variable sets; empty means requests carry no dynamicVariables. */
  variables: Record<string, unknown>[];
  mix: { strategy: MixStrategy; seed?: number };
  load: LoadSpec;
  timeoutMs: number;
  profile: Profile;
  /** Contract-check settings: body size cap, createdAt clock skew, samples kept per rule. */
  checks: ChecksSpec;
  thresholds: string[];
  mock: { latency?: MockLatency };
}
