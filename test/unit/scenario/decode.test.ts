import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../../src/scenario/decode.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('strips a byte-order mark', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'hello\nworld\n'), 'in.txt')).toEqual({ ok: true, text: 'hello\nworld\n' });
  });

  it('keeps text that is valid UTF-8, a replacement character the file really holds included', () => {
    expect(decodeUtf8(bytes('café \ufffd ok'), 'in.txt')).toEqual({ ok: true, text: 'café \ufffd ok' });
  });

  it('refuses invalid UTF-8 with the line and the column instead of turning it into U+FFFD', () => {
    const result = decodeUtf8(bytes('first\r\nsé\ufffd', [0x20, 0xe9], 'lan\nthird\n'), 'in.txt');
    expect(result).toEqual({ ok: false, problem: { file: 'in.txt', field: 'line 2', message: 'is not valid UTF-8 at column 5', fix: expect.stringContaining('save the file as UTF-8') } });
  });

  it('says when a file is UTF-16', () => {
    const result = decodeUtf8(Buffer.from('\ufeffhi', 'utf16le'), 'in.csv');
    expect(result).toMatchObject({ ok: false, problem: { file: 'in.csv', message: 'is UTF-16 text, not UTF-8' } });
  });
});
