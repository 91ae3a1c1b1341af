import { describe, expect, it } from 'vitest';
import { findLiteralKeys, looksLikeKey, urlCarriesKey } from '../../../src/scenario/literal-keys.js';

/** Each sign of a literal key, at its edges: what is caught and the near misses that are not. */

const FIX =
  'remove it and put the key in the environment: export SIGMAMIND_API_KEY=<your key>, or name another variable with --api-key-env; chatload sends it as X-API-Key and never stores it';
const HELD = 'holds a credential: API keys do not belong in scenario files';

describe('a field named like a credential', () => {
  it('every credential name, in any case and with - or _ or nothing between the words', () => {
    const names = ['x-api-key', 'X_API_KEY', 'xapikey', 'x-apikey', 'api-key', 'API_KEY', 'apiKey', 'secret', 'TOKEN', 'password', 'passwd', 'Authorization', 'auth_token', 'auth-token', 'authtoken', 'access_token', 'access-token', 'accesstoken', 'bearer', 'credential', 'credentials'];
    for (const name of names) expect(findLiteralKeys({ [name]: 'abc' }, 's.yaml'), name).toEqual([{ file: 's.yaml', field: name, message: HELD, fix: FIX }]);
  });

  it('names that merely contain a credential word are not credentials', () => {
    const names = ['my_api_key', 'api_key_file', 'xx-api-key', 'api--key', 'tokens', 'mytoken', 'secretary', 'passwords', 'auth', 'credentialss', 'bearers', 'access__token'];
    for (const name of names) expect(findLiteralKeys({ [name]: 'abc' }, 's.yaml'), name).toEqual([]);
  });

  it('an empty or null credential field is no key, any other value is', () => {
    expect(findLiteralKeys({ token: null, password: '' }, 's.yaml')).toEqual([]);
    expect(findLiteralKeys({ token: 0, secret: false, password: [] }, 's.yaml').map((p) => p.field)).toEqual(['token', 'secret', 'password']);
  });

  it('is not looked into further: one problem for the field, not one more for its key-shaped value', () => {
    expect(findLiteralKeys({ token: 'sk-live-abcdefghijklmnopqrst' }, 's.yaml')).toEqual([{ file: 's.yaml', field: 'token', message: HELD, fix: FIX }]);
  });

  it('a name holding / or ~ keeps them in the field named', () => {
    expect(findLiteralKeys({ 'a/b/c': { token: 'x' }, 'x~~1': { secret: 'y' } }, 's.yaml').map((p) => p.field)).toEqual(['a/b/c.token', 'x~~1.secret']);
  });
});

describe('looksLikeKey', () => {
  it('known key prefixes with 16 or more characters after them', () => {
    const keys = ['sk-live-abcdefghijklmnop', 'pk_test_abcdefghijklmnop', 'rk-prod-abcdefghijklmnopq', 'SK-PROJ-ABCDEFGHIJKLMNOP', 'sk-abcdefghijklmnop', 'sk_liveabcdefghijklmnop', 'sk-test_abcdefghijklmnop'];
    for (const key of keys) expect(looksLikeKey(key), key).toBe(true);
  });

  it('a prefix with too few characters after it, something before it, or a character out of the key alphabet', () => {
    const texts = ['sk-live-abcdefghijklmno', 'sk-abcdefghijklmno', 'xsk-live-abcdefghijklmnop', 'sk-live-abcdefghijklmnop!', 'sk-live-abcdefgh ijklmnopq', 'sk.live.abcdefghijklmnop', 'ak-live-abcdefghijklmnop', 'sk--live-abcdefghijklmnop'];
    for (const text of texts) expect(looksLikeKey(text), text).toBe(false);
  });

  it('a bearer token of 16 or more characters after any run of spaces, and nothing shorter', () => {
    for (const key of ['Bearer abcdefghijklmnop', 'bearer   abcdefghijklmnop', 'BEARER\tabc.def/ghi+jklmn']) expect(looksLikeKey(key), key).toBe(true);
    for (const text of ['Bearer abcdefghijklmno', 'Bearerabcdefghijklmnop', 'the Bearer abcdefghijklmnop', 'Bearer abcdefghijklmnop and more']) expect(looksLikeKey(text), text).toBe(false);
  });

  it('surrounding spaces do not hide a key', () => {
    expect(looksLikeKey('  sk-live-abcdefghijklmnop\n')).toBe(true);
    expect(looksLikeKey(' q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ ')).toBe(true);
  });

  it('a random-looking token: 32 or more characters of the token alphabet with upper case, lower case and digits', () => {
    for (const key of ['q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ', 'aB3_-+/=.aaaaaaaaaaaaaaaaaaaaaaa', `${'aB3'.repeat(20)}`]) expect(looksLikeKey(key), key).toBe(true);
  });

  it('one character short, a class missing, or a character outside the alphabet: no key', () => {
    const texts = [
      'q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0h',
      'q8xv2lmn7pr4st9wy3za6bc1de5fg0hjk',
      'Q8XV2LMN7PR4ST9WY3ZA6BC1DE5FG0HJK',
      'qaXvbLmNcpRdsTewYfzAgbChdEifGjhJk',
      'q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ!',
      'q8Xv2LmN7pR4 sT9wY3zA6bC1dE5fG0hJ',
      'hello q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ',
    ];
    for (const text of texts) expect(looksLikeKey(text), text).toBe(false);
  });
});

describe('urlCarriesKey', () => {
  it('a password or a key-named query parameter in an http(s) URL, whatever the case of the scheme', () => {
    const urls = ['https://user:pw@api.example.com', 'HTTP://user:pw@api.example.com', 'http://h/?key=1', 'https://h/?a=1&token=x', 'https://h/?api_key=x', 'https://h/?api-key=x', 'https://h/?apikey=x', 'https://h/?access_token=x', 'https://h/?accesstoken=x', 'https://h/?API_KEY=x'];
    for (const url of urls) expect(urlCarriesKey(url), url).toBe(true);
  });

  it('a user name alone, a parameter merely ending in a key word, a key word in the path, another scheme, an unparsable URL', () => {
    const texts = ['https://user@api.example.com', 'https://h/?monkey=1', 'https://h/?keys=1', 'https://h/key=1', 'https://h/#key=1', 'ftp://user:pw@h', 'see https://user:pw@h', 'http://[bad/?key=1', 'https://h/?key'];
    for (const text of texts) expect(urlCarriesKey(text), text).toBe(false);
  });

  it('is reported as a credential in the URL, ahead of the key-shape check', () => {
    const url = 'https://h/?token=q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ';
    expect(findLiteralKeys({ target: url }, 's.yaml')).toEqual([{ file: 's.yaml', field: 'target', message: 'puts a credential in the URL', fix: FIX }]);
  });
});

describe('findLiteralKeys walking a document', () => {
  it('names a key-shaped value in a list item and in a nested mapping', () => {
    expect(findLiteralKeys({ inputs: ['hi', 'sk-live-abcdefghijklmnop'], variables: [{ note: 'sk-live-abcdefghijklmnop' }] }, 's.yaml')).toEqual([
      { file: 's.yaml', field: 'inputs[1]', message: 'looks like a literal API key', fix: FIX },
      { file: 's.yaml', field: 'variables[0].note', message: 'looks like a literal API key', fix: FIX },
    ]);
  });

  it('skips the values of $schema and file fields only, at any depth', () => {
    const key = 'q8Xv2LmN7pR4sT9wY3zA6bC1dE5fG0hJ';
    expect(findLiteralKeys({ $schema: key, inputs: { file: key }, variables: { path: key } }, 's.yaml').map((p) => p.field)).toEqual(['variables.path']);
    // A list item is no field: a key-shaped `file` list entry is still a key.
    expect(findLiteralKeys({ file: [key] }, 's.yaml').map((p) => p.field)).toEqual(['file[0]']);
  });

  it('a document or value that is a plain string is looked at too', () => {
    expect(findLiteralKeys('sk-live-abcdefghijklmnop', 's.yaml')).toEqual([{ file: 's.yaml', field: '', message: 'looks like a literal API key', fix: FIX }]);
    expect(findLiteralKeys(null, 's.yaml')).toEqual([]);
    expect(findLiteralKeys(42, 's.yaml')).toEqual([]);
  });
});

describe('a URL carrying a key', () => {
  it('is checked only when it is http(s) itself: a ws URL carrying an http URL and a token is not', () => {
    expect(urlCarriesKey('ws://h/?next=https://x&token=1')).toBe(false);
    expect(urlCarriesKey('https://h/?next=ws://x&token=1')).toBe(true);
  });
});
