import { describe, expect, it } from 'vitest';
import { createRequestSource, type SourceSpec } from '../../../src/scenario/source.js';

/** The request stream's exact bodies for conversations, and its edges: no variables, empty sets, turns below one. */

const spec: SourceSpec = {
  agents: ['a1', 'a2', 'a3'],
  inputs: ['i1', 'i2', 'i3', 'i4'],
  variables: [{ customer_name: 'Ann' }, { customer_name: 'Bo' }],
  strategy: 'cartesian',
  seed: 7,
};
const body = (agentId: string, input: string, name: string) => ({ agentId, input, dynamicVariables: { customer_name: name } });

describe('request source edges', () => {
  it('refuses an empty agent or input list', () => {
    expect(() => createRequestSource({ ...spec, agents: [] })).toThrow('a request source needs at least one agent and one input');
    expect(() => createRequestSource({ ...spec, inputs: [] })).toThrow('a request source needs at least one agent and one input');
  });

  it('an empty variable set sends no dynamicVariables; the next set does', () => {
    const source = createRequestSource({ ...spec, strategy: 'round-robin', variables: [{}, { customer_name: 'Bo' }] });
    expect(source.at(0)).toEqual({ agentId: 'a1', input: 'i1' });
    expect(source.at(1)).toEqual(body('a2', 'i2', 'Bo'));
  });

  it('turns below one are one', () => {
    for (const turns of [0, -3]) {
      const source = createRequestSource({ ...spec, turns });
      expect(source.turns).toBe(1);
      for (let seq = 0; seq < 30; seq++) expect(source.at(seq)).toEqual(createRequestSource(spec).at(seq));
    }
  });

  it('cartesian conversations of 3 turns, body by body', () => {
    const source = createRequestSource({ ...spec, turns: 3 });
    expect([0, 1, 2, 3, 4, 5].map((seq) => source.at(seq))).toEqual([
      body('a1', 'i1', 'Ann'),
      body('a1', 'i2', 'Ann'),
      body('a1', 'i3', 'Ann'),
      body('a1', 'i1', 'Bo'),
      body('a1', 'i2', 'Bo'),
      body('a1', 'i3', 'Bo'),
    ]);
    // Conversation 23, the last of the cycle: agent 3, first input 4, then round to input 1; 24 starts again.
    expect([69, 70, 71, 72].map((seq) => source.at(seq))).toEqual([body('a3', 'i4', 'Bo'), body('a3', 'i1', 'Bo'), body('a3', 'i2', 'Bo'), body('a1', 'i1', 'Ann')]);
    expect([0, 3, 69, 72].map((seq) => source.agentIndexAt(seq))).toEqual([0, 0, 2, 0]);
    expect(source.combinations).toBe(24);
  });

  it('round-robin conversations of 3 turns: agent and set per conversation, input per request; the period says both', () => {
    const source = createRequestSource({ ...spec, strategy: 'round-robin', turns: 3 });
    expect([3, 4, 5, 6].map((seq) => source.at(seq))).toEqual([body('a2', 'i4', 'Bo'), body('a2', 'i1', 'Bo'), body('a2', 'i2', 'Bo'), body('a3', 'i3', 'Ann')]);
    expect([3, 6, 9].map((seq) => source.agentIndexAt(seq))).toEqual([1, 2, 0]);
    // lcm(4 inputs, 3 turns × lcm(3 agents, 2 sets)) = 36.
    expect(source.combinations).toBe(36);
    for (let seq = 0; seq < 36; seq++) expect(source.at(seq + 36)).toEqual(source.at(seq));
    expect(Array.from({ length: 36 }, (_, seq) => JSON.stringify(source.at(seq + 18)) === JSON.stringify(source.at(seq))).every(Boolean)).toBe(false);
  });

  it('random and cartesian count agents × inputs × sets, whatever the turns', () => {
    expect(createRequestSource({ ...spec, strategy: 'random', turns: 5 }).combinations).toBe(24);
    expect(createRequestSource({ ...spec, strategy: 'random', variables: [] }).combinations).toBe(12);
  });

  it('round-robin with coprime lengths repeats at their product', () => {
    const source = createRequestSource({ ...spec, strategy: 'round-robin', agents: ['a1', 'a2', 'a3'], inputs: ['i1', 'i2'], variables: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }] });
    // lcm(2, 1 × lcm(3, 5)) = 30.
    expect(source.combinations).toBe(30);
  });

  it('random conversations keep their agent: the index of a later turn is the first turn\'s', () => {
    const source = createRequestSource({ ...spec, strategy: 'random', turns: 4 });
    for (let c = 0; c < 30; c++) for (let t = 1; t < 4; t++) expect(source.agentIndexAt(c * 4 + t)).toBe(source.agentIndexAt(c * 4));
  });
});
