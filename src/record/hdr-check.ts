import { inflateSync } from 'node:zlib';
import { decodeHistogram, type Histogram } from './histogram.js';

// HdrHistogram encoding cookies (big-endian int32; the low nibble of the second byte is the word size).
const V2_COMPRESSED = 0x1c849304;
const V2_UNCOMPRESSED = 0x1c849303;
const OLD_ENCODINGS = new Set([0x1c849301, 0x1c849302, 0x1c849308, 0x1c849309]);
const cookieBase = (cookie: number) => (cookie & ~0xf0) >>> 0;

/** A chatload histogram inflates to a few hundred KiB at most; a larger payload is not one (or a zip bomb). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A decoded histogram with what its header declares: the lowest discernible value and the precision. */
export type HistogramCheck = { ok: true; histogram: Histogram; lowest: number; digits: number } | { ok: false; problem: string };

/**
 * Decodes a base64 compressed V2 HDR histogram without trusting it: the bytes are checked before
 * the decoder sees them (the library throws bare errors, or allocates whatever a header asks for),
 * so a corrupted, truncated or foreign string yields a sentence saying what is wrong. Pure.
 */
export function checkEncodedHistogram(encoded: string): HistogramCheck {
  const fail = (problem: string): HistogramCheck => ({ ok: false, problem });
  if (encoded.length === 0) return fail('is empty, not an HDR histogram');
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    const bad = [...encoded].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
    return fail(bad >= 0 ? `is not base64 (${JSON.stringify(encoded[bad])} at character ${bad + 1})` : 'is not base64 (its length or padding is wrong: the string was cut or joined)');
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 8) return fail('is too short to be an HDR histogram');
  const cookie = bytes.readUInt32BE(0);
  if (cookieBase(cookie) === V2_UNCOMPRESSED) return fail('is an uncompressed HDR encoding; chatload writes and reads the compressed V2 encoding (encodeIntoCompressedBase64)');
  if (OLD_ENCODINGS.has(cookieBase(cookie))) return fail('is in an old HDR encoding (V0/V1); chatload reads the compressed V2 encoding only');
  if (cookieBase(cookie) !== V2_COMPRESSED) return fail('is not an HDR histogram (its base64 does not start with an HDR V2 cookie)');
  const length = bytes.readUInt32BE(4);
  if (length > bytes.length - 8) return fail(`is truncated (its header declares ${length} compressed bytes, ${bytes.length - 8} are there)`);
  let payload: Buffer;
  try {
    payload = inflateSync(bytes.subarray(8, 8 + length), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return fail(`inflates to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MiB: not a latency histogram chatload wrote`);
    return fail(`is corrupted: its compressed data does not inflate (zlib: ${(error as Error).message})`);
  }
  if (payload.length < 40 || payload.readUInt32BE(0) !== (V2_UNCOMPRESSED | 0x10)) return fail('is corrupted: the inflated data has no HDR V2 header');
  if (payload.readUInt32BE(4) > payload.length - 40) return fail('is truncated: the inflated data is shorter than its header declares');
  const digits = payload.readUInt32BE(12);
  const lowest = Number(payload.readBigUInt64BE(16));
  const highest = Number(payload.readBigUInt64BE(24));
  if (digits > 5 || lowest < 1 || highest < 2 * lowest || highest > Number.MAX_SAFE_INTEGER) {
    return fail(`declares an impossible range (${digits} significant digits, ${lowest} … ${highest})`);
  }
  let histogram: Histogram;
  try {
    histogram = decodeHistogram(encoded);
  } catch (error) {
    return fail(`is corrupted (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Number.isSafeInteger(histogram.totalCount) || histogram.totalCount < 0) return fail(`holds an impossible count (${histogram.totalCount})`);
  return { ok: true, histogram, lowest, digits };
}
