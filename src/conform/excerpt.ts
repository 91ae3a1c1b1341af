import { isUtf8 } from 'node:buffer';
import { codePoints } from './text.js';

/**
 * What a case sent and got, short enough for a table cell and a JUnit message: long strings cut
 * with their size, big objects and arrays cut with a count, deep nesting cut with its depth,
 * bytes that are not UTF-8 shown as \xNN. Pure; the key is never in a body, and the caller
 * redacts it anyway.
 */

const STRING_CHARS = 40;
const ITEMS = 5;
const DEPTH = 4;
export const EXCERPT_CHARS = 600;

function cutString(text: string): string {
  const chars = codePoints(text);
  if (chars <= STRING_CHARS) return JSON.stringify(text);
  return `${JSON.stringify([...text].slice(0, STRING_CHARS).join(''))}… (${chars.toLocaleString('en-US')} characters)`;
}

function depthOf(value: unknown): number {
  let depth = 0;
  for (let v = value; v !== null && typeof v === 'object'; depth++) v = Object.values(v as object)[0];
  return depth;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return cutString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= DEPTH) return `${Array.isArray(value) ? '[…]' : '{…}'} (${depthOf(value)} more levels)`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, ITEMS).map((v) => render(v, depth + 1));
    if (value.length > ITEMS) shown.push(`… ${value.length - ITEMS} more`);
    return `[${shown.join(', ')}]`;
  }
  const entries = Object.entries(value);
  const shown = entries.slice(0, ITEMS).map(([k, v]) => `${cutString(k)}: ${render(v, depth + 1)}`);
  if (entries.length > ITEMS) shown.push(`… ${(entries.length - ITEMS).toLocaleString('en-US')} more keys`);
  return `{${shown.join(', ')}}`;
}

const cap = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);

/** A JSON value, shortened. */
export function excerptValue(value: unknown): string {
  return cap(render(value, 0));
}

/** Runs of one character longer than 16 shown once with their count: a padded body stays readable. */
function squeezeRuns(text: string): string {
  return text.replace(/(.)\1{15,}/gsu, (run, c: string) => `${c.repeat(8)}…(${c === ' ' ? 'space' : c} ×${codePoints(run).toLocaleString('en-US')})`);
}

/** Bytes as text; each byte that is not part of a valid UTF-8 sequence as \xNN. */
export function bytesAsText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let out = '';
  for (let i = 0; i < buffer.length; ) {
    const lead = buffer[i]!;
    const size = lead < 0x80 ? 1 : lead >> 5 === 0b110 ? 2 : lead >> 4 === 0b1110 ? 3 : lead >> 3 === 0b11110 ? 4 : 0;
    const sequence = size ? buffer.subarray(i, i + size) : undefined;
    if (sequence && sequence.length === size && isUtf8(sequence)) {
      out += sequence.toString('utf8');
      i += size;
    } else {
      out += `\\x${lead.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

/** A body sent verbatim (text or bytes), shortened. */
export function excerptRaw(raw: string | Uint8Array): string {
  const text = typeof raw === 'string' ? raw : bytesAsText(raw);
  return cap(squeezeRuns(text));
}

/** The start of a response body. */
export function excerptResponse(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  return cap(squeezeRuns(bytesAsText(body.subarray(0, EXCERPT_CHARS * 4))));
}
