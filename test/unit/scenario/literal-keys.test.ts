import { describe, expect, it } from 'vitest';
import { findLiteralKeys, looksLikeKey } from '../../../src/scenario/literal-keys.js';

describe('looksLikeKey', () => {
  it('matches key-shaped strings', () => {
    for (const key of ['sk-live-4f9a8b7c6d5e4f3a2b1c', 'sk_test_51HqLyjWDarjtT1zdp7dc', 'Bearer eyJhbGciOiJIUzI1NiJ9abcdef', 'q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ']) expect(looksLikeKey(key), key).toBe(true);
  });
  it('leaves ids, UUIDs, sentences and paths alone', () => {
    for (const text of ['agent_support_01', '550e8400-e29b-41d4-a716-446655440000', 'What is your return policy for opened items?', 'data/customers.csv', 'chat_AbCdEfGh12345678', 'https://api.sigmamind.ai']) {
      expect(looksLikeKey(text), text).toBe(false);
    }
  });
});

describe('findLiteralKeys', () => {
  it('names every field holding a credential, at any depth', () => {
    const doc = { name: 'x', apiKey: 'abc', variables: [{ customer_name: 'Ann', token: 'zzz' }], inputs: ['sk-live-4f9a8b7c6d5e4f3a2b1c'] };
    const problems = findLiteralKeys(doc, 's.yaml');
    expect(problems.map((p) => p.field)).toEqual(['apiKey', 'variables[0].token', 'inputs[0]']);
    for (const p of problems) expect(p.fix).toContain('export SIGMAMIND_API_KEY=<your key>');
  });

  it('catches a key in the target URL', () => {
    expect(findLiteralKeys({ target: 'https://api.sigmamind.ai/?api_key=abc' }, 's.yaml')[0]?.message).toBe('puts a credential in the URL');
    expect(findLiteralKeys({ target: 'https://user:pw@api.sigmamind.ai' }, 's.yaml')).toHaveLength(1);
  });

  it('passes an ordinary scenario, empty credential-named fields and file paths', () => {
    const doc = { $schema: '../src/scenario/scenario.schema.json', name: 'smoke', target: 'mock', agents: ['agent_support_01'], inputs: { file: 'data/Q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ.txt' }, variables: [{ password: '' }], load: { concurrency: 10 } };
    expect(findLiteralKeys(doc, 's.yaml')).toEqual([]);
  });

  it('survives cyclic documents (YAML aliases)', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(findLiteralKeys({ a }, 's.yaml')).toEqual([]);
  });
});
