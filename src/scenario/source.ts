import type { CreateChatRequest } from '../exchange.js';
import { hash32 } from '../random.js';
import type { MixStrategy } from './types.js';

/**
 * The request stream of a run, as a pure function of the sequence number: any slice of
 * it (a worker's, a shard's) can be produced without the rest, and a seed replays it.
 */
export interface RequestSource {
  /**
   * Number of distinct (agent, input, variable set) combinations the stream sends: the period
   * after which cartesian and round-robin streams repeat (for round-robin the least common
   * multiple of the list lengths, not their product), and the pool random draws from.
   */
  readonly combinations: number;
  at(seq: number): CreateChatRequest;
}

export interface SourceSpec {
  agents: string[];
  inputs: string[];
  variables: Record<string, unknown>[];
  strategy: MixStrategy;
  seed: number;
}

export function createRequestSource(spec: SourceSpec): RequestSource {
  const { agents, inputs, variables, strategy, seed } = spec;
  const a = agents.length;
  const i = inputs.length;
  const v = Math.max(1, variables.length);
  if (a === 0 || i === 0) throw new Error('a request source needs at least one agent and one input');

  const indexes = (seq: number): [number, number, number] => {
    switch (strategy) {
      case 'cartesian': {
        const k = seq % (a * i * v);
        return [Math.floor(k / (i * v)), Math.floor(k / v) % i, k % v];
      }
      case 'round-robin':
        return [seq % a, seq % i, seq % v];
      case 'random':
        return [hash32(seed, seq, 1) % a, hash32(seed, seq, 2) % i, hash32(seed, seq, 3) % v];
    }
  };

  return {
    combinations: strategy === 'round-robin' ? lcm(lcm(a, i), v) : a * i * v,
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
