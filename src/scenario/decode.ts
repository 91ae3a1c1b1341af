import { isUtf8 } from 'node:buffer';
import type { InputProblem } from '../errors.js';

const BOM = [0xef, 0xbb, 0xbf];
const REPLACEMENT = [0xef, 0xbf, 0xbd];
const FIX = 'save the file as UTF-8; from Latin-1, for instance: iconv -f latin1 -t utf-8 old.txt > new.txt';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/**
 * The text of a file chatload reads (scenario or data): UTF-8 without its byte-order mark.
 * Invalid UTF-8 is refused with its line and column rather than turned into U+FFFD. Pure.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; problem: InputProblem } {
  const body = startsWith(bytes, BOM) ? bytes.subarray(BOM.length) : bytes;
  if (isUtf8(body)) return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: { file, field: '', message: 'is UTF-16 text, not UTF-8', fix: 'save the file as UTF-8; most editors offer it under "Save with encoding"' } };
  }
  // A line feed never occurs inside a multi-byte sequence, so the file can be checked line by line.
  let line = 1;
  for (let start = 0; start <= body.length; line++) {
    const feed = body.indexOf(0x0a, start);
    const end = feed === -1 ? body.length : feed;
    const bytesOfLine = body.subarray(start, end);
    if (!isUtf8(bytesOfLine)) {
      const column = firstInvalidColumn(Buffer.from(bytesOfLine.buffer, bytesOfLine.byteOffset, bytesOfLine.byteLength));
      return { ok: false, problem: { file, field: `line ${line}`, message: `is not valid UTF-8${column ? ` at column ${column}` : ''}`, fix: FIX } };
    }
    start = end + 1;
  }
  return { ok: false, problem: { file, field: '', message: 'is not valid UTF-8', fix: FIX } };
}

/** The 1-based character column of the first byte that is not UTF-8: where the decoder had to put U+FFFD that the file did not hold. */
function firstInvalidColumn(bytes: Buffer): number | undefined {
  const text = bytes.toString('utf8');
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) {
    const offset = Buffer.byteLength(text.slice(0, i));
    if (!startsWith(bytes, REPLACEMENT, offset)) return [...text.slice(0, i)].length + 1;
  }
  return undefined;
}
