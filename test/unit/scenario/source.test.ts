import { describe, expect, it } from 'vitest';
import { shardSource } from '../../../src/load/shard.js';
import { createRequestSource, type SourceSpec } from '../../../src/scenario/source.js';

const spec: SourceSpec = {
  agents: ['a1', 'a2', 'a3'],
  inputs: ['i1', 'i2', 'i3', 'i4'],
  variables: [{ customer_name: 'Ann' }, { customer_name: 'Bo' }],
  strategy: 'cartesian',
  seed: 7,
};
const key = (b: { agentId: string; input: string; dynamicVariables?: Record<string, unknown> }) => `${b.agentId}|${b.input}|${JSON.stringify(b.dynamicVariables)}`;

describe('request source', () => {
  it('knows the agent index of every seq, the one its body is sent to (every strategy, turns, a shard)', () => {
    for (const strategy of ['cartesian', 'round-robin', 'random'] as const) {
      for (const turns of [1, 3]) {
        const whole = createRequestSource({ ...spec, agents: ['a1', 'a2', 'a3', 'a2'], strategy, turns });
        for (const source of [whole, shardSource(whole, { index: 2, count: 3 })]) {
          for (let seq = 0; seq < 300; seq++) expect(['a1', 'a2', 'a3', 'a2'][source.agentIndexAt(seq)]).toBe(source.at(seq).agentId);
        }
      }
    }
  });

  it('cartesian: visits every combination exactly once per cycle', () => {
    const source = createRequestSource(spec);
    expect(source.combinations).toBe(24);
    const cycle = Array.from({ length: 24 }, (_, i) => key(source.at(i)));
    expect(new Set(cycle).size).toBe(24);
    expect(key(source.at(24))).toBe(cycle[0]);
  });

  it('round-robin: the stream repeats at the least common multiple of the list lengths, and says so', () => {
    const source = createRequestSource({ ...spec, strategy: 'round-robin' });
    // 3 agents, 4 inputs, 2 variable sets: the cycle is 12 long, not 24.
    const cycle = Array.from({ length: 12 }, (_, i) => key(source.at(i)));
    expect(new Set(cycle).size).toBe(12);
    expect(key(source.at(12))).toBe(cycle[0]);
    expect(source.combinations).toBe(12);
  });

  it('round-robin: cycles each list on its own', () => {
    const source = createRequestSource({ ...spec, strategy: 'round-robin' });
    expect(source.at(0)).toEqual({ agentId: 'a1', input: 'i1', dynamicVariables: { customer_name: 'Ann' } });
    expect(source.at(4)).toEqual({ agentId: 'a2', input: 'i1', dynamicVariables: { customer_name: 'Ann' } });
  });

  it('random: same seed, same stream; another seed, another stream', () => {
    const a = createRequestSource({ ...spec, strategy: 'random' });
    const b = createRequestSource({ ...spec, strategy: 'random' });
    const c = createRequestSource({ ...spec, strategy: 'random', seed: 8 });
    const stream = (s: typeof a) => Array.from({ length: 200 }, (_, i) => key(s.at(i))).join();
    expect(stream(a)).toBe(stream(b));
    expect(stream(a)).not.toBe(stream(c));
  });

  it('random: reaches every agent and input', () => {
    const source = createRequestSource({ ...spec, strategy: 'random' });
    const seen = new Set(Array.from({ length: 500 }, (_, i) => source.at(i).agentId + source.at(i).input));
    expect(seen.size).toBe(12);
  });

  it('any seq is derived alone (a worker or shard needs no other)', () => {
    const source = createRequestSource({ ...spec, strategy: 'random' });
    expect(source.at(123_456)).toEqual(createRequestSource({ ...spec, strategy: 'random' }).at(123_456));
  });

  describe.each(['cartesian', 'round-robin', 'random'] as const)('conversations of 3 turns, %s', (strategy) => {
    const source = createRequestSource({ ...spec, strategy, turns: 3 });
    const conversation = (c: number) => [0, 1, 2].map((turn) => source.at(c * 3 + turn));

    it('keep their agent and variable set; only the input changes from turn to turn', () => {
      for (let c = 0; c < 40; c++) {
        const [first, ...later] = conversation(c);
        for (const body of later) {
          expect(body.agentId).toBe(first!.agentId);
          expect(body.dynamicVariables).toEqual(first!.dynamicVariables);
        }
      }
      if (strategy !== 'random') for (let c = 0; c < 40; c++) expect(new Set(conversation(c).map((b) => b.input)).size).toBe(3);
    });

    it('still reach every agent, input and variable set', () => {
      const bodies = Array.from({ length: 600 }, (_, seq) => source.at(seq));
      expect(new Set(bodies.map((b) => b.agentId)).size).toBe(3);
      expect(new Set(bodies.map((b) => b.input)).size).toBe(4);
      expect(new Set(bodies.map((b) => JSON.stringify(b.dynamicVariables))).size).toBe(2);
    });

    it('give a conversation its first body as one turn would (the stream of turn-1 runs is unchanged)', () => {
      const single = createRequestSource({ ...spec, strategy });
      expect(source.turns).toBe(3);
      expect(single.turns).toBe(1);
      for (let seq = 0; seq < 50; seq++) expect(single.at(seq)).toEqual(createRequestSource({ ...spec, strategy, turns: 1 }).at(seq));
    });
  });

  it('cartesian conversations walk agents × first inputs × variable sets, later turns taking the next inputs', () => {
    const source = createRequestSource({ ...spec, turns: 2 });
    expect([0, 1, 2, 3].map((seq) => key(source.at(seq)))).toEqual(['a1|i1|{"customer_name":"Ann"}', 'a1|i2|{"customer_name":"Ann"}', 'a1|i1|{"customer_name":"Bo"}', 'a1|i2|{"customer_name":"Bo"}']);
    const firsts = new Set(Array.from({ length: 24 }, (_, c) => key(source.at(c * 2))));
    expect(firsts.size).toBe(24);
  });

  it('omits dynamicVariables when there are no variable sets', () => {
    const source = createRequestSource({ ...spec, variables: [] });
    expect(source.combinations).toBe(12);
    expect(source.at(0)).toEqual({ agentId: 'a1', input: 'i1' });
  });
});
