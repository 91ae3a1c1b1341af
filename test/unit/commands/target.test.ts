import { describe, expect, it } from 'vitest';
import { apiKeyProblem, readApiKey, resolveApiKey } from '../../../src/commands/target.js';
import { InputError } from '../../../src/errors.js';

describe('the API key from the environment', () => {
  it.each([
    ['too short', '1000', /shorter than 8 characters/],
    ['a line break inside', 'chatload-key\r\nX-Evil: 1', /line break/],
    ['a control character', 'chatload\u0007key-123', /control character/],
    ['a character outside Latin-1', 'chatload-ключ-9f8e', /outside Latin-1/],
    ['an emoji', 'chatload-key-🔑-9f8e', /outside Latin-1/],
  ])('refuses a key with %s, naming the variable and never the value', (_, key, message) => {
    expect(apiKeyProblem(key)?.message).toMatch(message);
    try {
      readApiKey({ MY_KEY: key }, 'MY_KEY');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
      expect((error as InputError).problems[0]).toMatchObject({ file: '(environment)', field: 'MY_KEY' });
      expect((error as InputError).message).not.toContain(key);
      expect((error as InputError).message).toContain('export MY_KEY=<your key>');
    }
    // A run against the mock refuses it too: the key would be sent and redacted all the same.
    expect(() => resolveApiKey('mock', { SIGMAMIND_API_KEY: key })).toThrow(InputError);
  });

  it.each([
    ['plain ASCII', 'sk-live-4f9a8b7c6d5e'],
    ['punctuation that needs escaping elsewhere', `k"e\\y<&>'-9f8e`],
    ['Latin-1 letters', 'chatload-cañary-9f8e'],
  ])('accepts a key of %s', (_, key) => {
    expect(apiKeyProblem(key)).toBeUndefined();
    expect(readApiKey({ SIGMAMIND_API_KEY: `  ${key}\n` })).toBe(key);
  });

  it('an unset or empty variable is no key at all', () => {
    expect(readApiKey({})).toBeUndefined();
    expect(readApiKey({ SIGMAMIND_API_KEY: '  ' })).toBeUndefined();
  });
});
