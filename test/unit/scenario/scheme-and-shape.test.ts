import { describe, expect, it } from 'vitest';
import { urlCarriesKey } from '../../../src/scenario/literal-keys.js';
import { problemsFromErrors } from '../../../src/scenario/validate.js';

/** Two last edges: a URL is checked only when it is http(s) itself, and a union error without a value still reads. */

describe('edges', () => {
  it('a ws URL carrying an http URL and a token in its query is not an http URL', () => {
    expect(urlCarriesKey('ws://h/?next=https://x&token=1')).toBe(false);
    expect(urlCarriesKey('https://h/?next=ws://x&token=1')).toBe(true);
  });

  it('a union error without the value says "got undefined"', () => {
    expect(problemsFromErrors([{ keyword: 'oneOf', instancePath: '/x', schemaPath: '#', params: {} }], 's.yaml')).toEqual([
      { file: 's.yaml', field: 'x', message: 'has the wrong shape (got undefined)' },
    ]);
  });
});
