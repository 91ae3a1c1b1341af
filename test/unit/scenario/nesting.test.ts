import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/scenario/load.js';
import { parseVariablesJson } from '../../../src/scenario/data.js';
import { MAX_NESTING, nestsDeeperThan } from '../../../src/scenario/nesting.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
/** JSON text nested `levels` deep, written out directly (JSON.stringify would itself overflow). */
const deepJson = (levels: number) => `${'['.repeat(levels)}"leaf"${']'.repeat(levels)}`;
const HEAD = 'name: x\nagents: [a]\ninputs: [hi]\nload: { concurrency: 1, requests: 1 }\n';

describe('nesting depth', () => {
  it('counts levels of lists and objects without recursing', () => {
    expect(nestsDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [[1]] }, 2)).toBe(true);
    expect(nestsDeeperThan(nested(MAX_NESTING))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_NESTING + 1))).toBe(true);
    expect(nestsDeeperThan(nested(200_000))).toBe(true);
  });

  it('a cyclic value (YAML aliases can make one) counts as too deep rather than looping', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(nestsDeeperThan(a)).toBe(true);
  });

  it('YAML nested past what the parser can recurse into: "nested too deeply", with the limit, not a stack overflow', () => {
    const result = parseScenarioText(`${HEAD}variables: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 's.yaml');
    expect(result).toMatchObject({ ok: false, problems: [{ file: 's.yaml', message: `is nested too deeply: more than ${MAX_NESTING} levels of lists or mappings` }] });
    expect(JSON.stringify(result)).not.toMatch(/call stack|YAML syntax/);
  });

  it('YAML and JSON scenarios nested past the limit, and a variables file nested so', () => {
    expect(parseScenarioText(`${HEAD}variables: [{ a: ${'['.repeat(100)}${']'.repeat(100)} }]\n`, 's.yaml')).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('nested too deeply') }] });
    expect(parseScenarioText(`{"name":"x","variables":[{"a":${deepJson(20_000)}}]}`, 's.json')).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('nested too deeply') }] });
    expect(parseVariablesJson(`[{"a":${deepJson(20_000)}}]`, 'v.json')).toMatchObject({ ok: false, problems: [{ file: 'v.json', message: expect.stringContaining('nested too deeply') }] });
    expect(parseVariablesJson(`{"a":1}\n{"a":${deepJson(20_000)}}\n`, 'v.jsonl')).toMatchObject({ ok: false, problems: [{ field: 'line 2', message: expect.stringContaining('nested too deeply') }] });
  });
});
