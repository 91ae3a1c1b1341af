import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../../src/scenario/decode.js';

/** decodeUtf8 at its edges: byte-order marks, UTF-16, and where exactly the first bad byte is. */

const FIX = 'save the file as UTF-8; from Latin-1, for instance: iconv -f latin1 -t utf-8 old.txt > new.txt';
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const invalid = (line: number, column: number) => ({ ok: false, problem: { file: 'in.txt', field: `line ${line}`, message: `is not valid UTF-8 at column ${column}`, fix: FIX } });

describe('decodeUtf8 edges', () => {
  it('an empty file is empty text', () => {
    expect(decodeUtf8(new Uint8Array(0), 'in.txt')).toEqual({ ok: true, text: '' });
  });

  it('a byte-order mark alone is empty text; only the whole three-byte mark is dropped', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf]), 'in.txt')).toEqual({ ok: true, text: '' });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a'), 'in.txt')).toEqual({ ok: true, text: '\ufeffa' });
    // Two bytes of a mark before text are a broken character, not a mark.
    expect(decodeUtf8(bytes([0xef, 0xbb], 'abc'), 'in.txt')).toEqual(invalid(1, 1));
  });

  it('UTF-16 by its byte-order mark, little- or big-endian', () => {
    const utf16 = { ok: false, problem: { file: 'in.txt', field: '', message: 'is UTF-16 text, not UTF-8', fix: 'save the file as UTF-8; most editors offer it under "Save with encoding"' } };
    expect(decodeUtf8(bytes([0xff, 0xfe, 0x68, 0x00]), 'in.txt')).toEqual(utf16);
    expect(decodeUtf8(bytes([0xfe, 0xff, 0x00, 0x68]), 'in.txt')).toEqual(utf16);
  });

  it('half a UTF-16 mark, or the mark later in the file, is just a bad byte', () => {
    expect(decodeUtf8(bytes([0xff, 0x41]), 'in.txt')).toEqual(invalid(1, 1));
    expect(decodeUtf8(bytes([0xfe, 0x41]), 'in.txt')).toEqual(invalid(1, 1));
    expect(decodeUtf8(bytes([0x41, 0xff, 0xfe]), 'in.txt')).toEqual(invalid(1, 2));
    expect(decodeUtf8(bytes([0x41, 0xfe, 0xff]), 'in.txt')).toEqual(invalid(1, 2));
    expect(decodeUtf8(bytes([0xff, 0xff]), 'in.txt')).toEqual(invalid(1, 1));
    expect(decodeUtf8(bytes([0xfe, 0xfe]), 'in.txt')).toEqual(invalid(1, 1));
  });

  it('the column counts characters, not bytes nor UTF-16 units', () => {
    expect(decodeUtf8(bytes('a😀é', [0xff]), 'in.txt')).toEqual(invalid(1, 4));
  });

  it('the first bad byte of the line is named, after a real replacement character', () => {
    expect(decodeUtf8(bytes('\ufffd\ufffdx', [0xc3], 'y', [0xff]), 'in.txt')).toEqual(invalid(1, 4));
  });

  it('lines are counted after a byte-order mark, and the last line needs no line feed', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'one\ntwo\n\nfour ', [0xe9]), 'in.txt')).toEqual(invalid(4, 6));
  });

  it('a character cut by a line feed is bad on its own line', () => {
    expect(decodeUtf8(bytes('ok\nab', [0xe2, 0x82], '\nc'), 'in.txt')).toEqual(invalid(2, 3));
  });
});
