import { describe, expect, it } from 'vitest';
import { headersOf, rawContentType } from '../../../src/client/raw-headers.js';

const raw = (...pairs: string[]) => pairs.map((text) => Buffer.from(text, 'latin1'));

describe('raw response headers', () => {
  it('builds the object undici would: names lower-cased, repeated values joined by ", "', () => {
    expect(headersOf(raw('Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2'))).toEqual({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
  });

  it('keeps a header named __proto__ as data, not as the prototype', () => {
    const headers = headersOf(raw('__proto__', 'x', '__Proto__', 'y'));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(headers['__proto__']).toBe('x, y');
  });

  it('finds the content type whatever its case, joins repeated ones, and reads values as latin1', () => {
    expect(rawContentType(raw('X-Other', 'a', 'CONTENT-type', 'text/plain; charset=\xe9'))).toBe('text/plain; charset=\xe9');
    expect(rawContentType(raw('content-type', 'a', 'Content-Type', 'b'))).toBe('a, b');
  });

  it('does not take a name that only looks alike once bit 0x20 is set on a non-letter', () => {
    // '\r' (0x0d) | 0x20 is '-' (0x2d): only letters are lower-cased.
    expect(rawContentType(raw('content\rtype', 'x'))).toBeUndefined();
    expect(rawContentType(raw('content-types', 'x', 'content-typ', 'y'))).toBeUndefined();
  });
});
