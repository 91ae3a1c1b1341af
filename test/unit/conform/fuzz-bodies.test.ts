import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzBodies } from '../../../src/conform/fuzz-bodies.js';
import { expectationFor } from '../../../src/conform/oracle.js';
import { loadContract } from '../../../src/contract/index.js';

const contract = loadContract();
const inputs = { agents: ['agent_a', 'agent_b'], variables: { customer_name: 'Ann' } };
const arbitrary = fuzzBodies(contract.requestSchema, inputs);

describe('fuzzBodies (generated from the request schema)', () => {
  it('a seed gives the same bodies again; another seed others', () => {
    const once = fc.sample(arbitrary, { seed: 42, numRuns: 50 });
    expect(fc.sample(arbitrary, { seed: 42, numRuns: 50 })).toEqual(once);
    expect(fc.sample(arbitrary, { seed: 43, numRuns: 50 })).not.toEqual(once);
  });

  it('draws valid bodies about half of the time, and every invalid variant', () => {
    const drawn = fc.sample(arbitrary, { seed: 7, numRuns: 2000 });
    const variants = new Set(drawn.map((d) => d.variant));
    for (const v of ['valid', 'without agentId', 'agentId of a wrong type', 'input too long', 'input too short', 'agentId naming nothing', 'previousChatId naming nothing', 'dynamicVariables with a null value', 'not an object']) expect(variants, v).toContain(v);
    const statuses = drawn.map((d) => expectationFor(d.body, contract.validateRequest, inputs.agents).status);
    const valid = statuses.filter((s) => s === 201).length;
    expect(valid).toBeGreaterThan(700);
    expect(valid).toBeLessThan(1300);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(400);
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(50);
  });

  it('every valid-variant body is valid by the schema, names a scenario agent and carries the scenario variables', () => {
    for (const { body, variant } of fc.sample(arbitrary, { seed: 9, numRuns: 500 })) {
      if (variant !== 'valid') continue;
      expect(expectationFor(body, contract.validateRequest, inputs.agents).status, JSON.stringify(body)).toBe(201);
      expect((body as { dynamicVariables: object }).dynamicVariables).toMatchObject({ customer_name: 'Ann' });
    }
  });

  it('draws the characters that break parsers: a tab shows up within a few hundred inputs', () => {
    const inputsDrawn = fc.sample(arbitrary, { seed: 3, numRuns: 300 }).map((d) => (d.body as { input?: unknown } | null)?.input);
    expect(inputsDrawn.some((i) => typeof i === 'string' && i.includes('\t'))).toBe(true);
    expect(inputsDrawn.some((i) => typeof i === 'string' && /[^\u0000-\u007f]/.test(i))).toBe(true);
  });
});
