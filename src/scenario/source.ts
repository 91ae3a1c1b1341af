import type { CreateChatRequest } from '../exchange.js';
import { hash32 } from '../random.js';
import type { MixStrategy } from './types.js';

/**
 * The request stream of a run, as a pure function of the sequence number: any slice of
 * it (a worker's, a shard's) can be produced without the rest, and a seed replays it.
 * With `turns` > 1, seq is conversation · turns + turn (see load/plan.ts seqOf): the agent
 * and the variable set belong to the conversation, and only the input changes turn by turn.
 */
export interface RequestSource {
  /**
   * Number of distinct (agent, input, variable set) combinations the stream sends: the period
   * after which cartesian and round-robin streams repeat (for round-robin the least common
   * multiple of the list lengths, not their product), and the pool random draws from.
   */
  readonly combinations: number;
  /** Requests per conversation (1: every request stands alone). */
  readonly turns: number;
  at(seq: number): CreateChatRequest;
  /** The index in the agent list of `at(seq).agentId`, without building the body (the breakdown's group). */
  agentIndexAt(seq: number): number;
}

export interface SourceSpec {
  agents: string[];
  inputs: string[];
  variables: Record<string, unknown>[];
  strategy: MixStrategy;
  seed: number;
  /** Requests per conversation; default 1. */
  turns?: number;
}

export function createRequestSource(spec: SourceSpec): RequestSource {
  const { agents, inputs, variables, strategy, seed } = spec;
  const a = agents.length;
  const i = inputs.length;
  const v = Math.max(1, variables.length);
  if (a === 0 || i === 0) throw new Error('a request source needs at least one agent and one input');

  const turns = Math.max(1, spec.turns ?? 1);

  // Agent and variable set from the conversation c, the input from the request itself (for one turn, c = seq).
  const indexes = (seq: number): [number, number, number] => {
    const c = turns === 1 ? seq : Math.floor(seq / turns);
    switch (strategy) {
      case 'cartesian': {
        // Conversations walk agents × first inputs × variable sets; later turns take the inputs after the first.
        const k = c % (a * i * v);
        return [Math.floor(k / (i * v)), (Math.floor(k / v) + seq - c * turns) % i, k % v];
      }
      case 'round-robin':
        return [c % a, seq % i, c % v];
      case 'random':
        return [hash32(seed, c, 1) % a, hash32(seed, seq, 2) % i, hash32(seed, c, 3) % v];
    }
  };

  // The agent alone, allocating nothing: the recorder asks it of every exchange (its breakdown group).
  const agentIndex = (seq: number): number => {
    const c = turns === 1 ? seq : Math.floor(seq / turns);
    switch (strategy) {
      case 'cartesian':
        return Math.floor((c % (a * i * v)) / (i * v));
      case 'round-robin':
        return c % a;
      case 'random':
        return hash32(seed, c, 1) % a;
    }
  };

  return {
    // Round-robin repeats when both the conversation's (agent, variables) and the request's input come round again.
    combinations: strategy === 'round-robin' ? lcm(i, turns * lcm(a, v)) : a * i * v,
    turns,
    agentIndexAt: agentIndex,
    at(seq) {
      const [ai, ii, vi] = indexes(seq);
      const body: CreateChatRequest = { agentId: agents[ai]!, input: inputs[ii]! };
      const vars = variables[vi];
      if (vars && Object.keys(vars).length) body.dynamicVariables = vars;
      return body;
    },
  };
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
const lcm = (x: number, y: number): number => (x / gcd(x, y)) * y;
