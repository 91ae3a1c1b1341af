import type { Profile } from '../contract/types.js';
import type { ChecksFile, ChecksSpec } from './checks.js';
import type { MockSectionFile, MockSettings } from '../mock/settings.js';
import type { Warmup } from '../load/plan.js';

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
    model?: 'open' | 'closed' | 'max';
    concurrency?: number;
    rate?: number;
    duration?: Duration;
    requests?: number;
    maxInFlight?: number;
    stages?: { rate: number; duration: Duration }[];
    arrival?: 'constant' | 'poisson';
    thinkTime?: Duration;
    connections?: number;
    pipelining?: number;
    /** A duration ("5s") or a number of requests kept out of the figures at the start. */
    warmup?: Duration | number;
  };
  conversation?: { turns?: number };
  timeout?: Duration;
  profile?: Profile;
  checks?: ChecksFile;
  thresholds?: string[];
  /** `errors`: the scenario tests refusals; a run where nothing succeeded is then no failure in itself. */
  expect?: 'success' | 'errors';
  mock?: MockSectionFile;
}

export interface LoadSpec {
  model: 'open' | 'closed' | 'max';
  /** Virtual users (closed model). */
  concurrency?: number;
  /** Arrivals per second (open model). */
  rate?: number;
  durationMs?: number;
  requests?: number;
  maxInFlight?: number;
  /** Open model: arrival-rate stages, with linear ramps between them. */
  stages?: { rate: number; durationMs: number }[];
  arrival?: 'constant' | 'poisson';
  /** Pause after each answer before the same user's (or conversation's) next request. */
  thinkTimeMs?: number;
  /** Max model: autocannon connections and pipelining. */
  connections?: number;
  pipelining?: number;
  /** Worker threads sharing the schedule (1 = run in the main thread). */
  workers?: number;
  /** The start of the run kept out of the figures (checked and counted apart). */
  warmup?: Warmup;
}

export type { MockLatency } from '../mock/settings.js';

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
  mock: MockSettings;
  /** Requests per conversation (turn k+1 sends previousChatId = chatId of turn k); absent means 1. */
  conversation?: { turns: number };
  /** Present when the scenario tests refusals (`expect: errors`); absent means it expects successes. */
  expect?: 'errors';
}
