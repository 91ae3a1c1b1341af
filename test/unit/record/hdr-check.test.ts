import * as hdr from 'hdr-histogram-js';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkEncodedHistogram } from '../../../src/record/hdr-check.js';
import { createLatencyHistogram, createWindowHistogram, encodeHistogram } from '../../../src/record/histogram.js';

function encoded(values: number[], create = createLatencyHistogram): string {
  const h = create();
  for (const v of values) h.recordValue(v);
  return encodeHistogram(h);
}

const problemOf = (s: string) => {
  const r = checkEncodedHistogram(s);
  return r.ok ? 'ok' : r.problem;
};

/** A compressed-V2 frame around any inner bytes. */
function frame(inner: Buffer): string {
  const compressed = deflateSync(inner);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x1c849314, 0);
  head.writeUInt32BE(compressed.length, 4);
  return Buffer.concat([head, compressed]).toString('base64');
}

describe('checkEncodedHistogram', () => {
  const good = encoded(Array.from({ length: 500 }, (_, i) => 1000 + i * 37));

  it('decodes what chatload writes, with its declared unit and precision', () => {
    const r = checkEncodedHistogram(good);
    expect(r).toMatchObject({ ok: true, lowest: 1, digits: 3 });
    expect(r.ok && r.histogram.totalCount).toBe(500);
    expect(checkEncodedHistogram(encoded([5], createWindowHistogram))).toMatchObject({ ok: true, digits: 2 });
  });

  it('names a corrupted or truncated string instead of throwing', () => {
    const middle = Math.floor(good.length / 2);
    expect(problemOf(`${good.slice(0, middle)}${good[middle] === 'A' ? 'B' : 'A'}${good.slice(middle + 1)}`)).toMatch(/^is corrupted: its compressed data does not inflate \(zlib: /);
    expect(problemOf(good.slice(0, good.length - 8))).toMatch(/^is (truncated|corrupted)/);
    expect(problemOf('not a histogram!')).toBe('is not base64 (" " at character 4)');
    expect(problemOf(good.slice(0, 10))).toBe('is not base64 (its length or padding is wrong: the string was cut or joined)');
    expect(problemOf(Buffer.from('{"p50": 12, "p99": 80}').toString('base64'))).toBe('is not an HDR histogram (its base64 does not start with an HDR V2 cookie)');
  });

  it('names a wrong encoding: uncompressed V2, or the old V0/V1 encodings', () => {
    const bytes = Buffer.from(good, 'base64');
    const uncompressed = inflateSync(bytes.subarray(8, 8 + bytes.readUInt32BE(4))).toString('base64');
    expect(problemOf(uncompressed)).toMatch(/^is an uncompressed HDR encoding; chatload writes and reads the compressed V2 encoding/);
    const v1 = Buffer.from(bytes);
    v1.writeUInt32BE(0x1c849302, 0);
    expect(problemOf(v1.toString('base64'))).toBe('is in an old HDR encoding (V0/V1); chatload reads the compressed V2 encoding only');
  });

  it('refuses a payload that inflates without bound, or a header asking for an impossible histogram', () => {
    expect(problemOf(frame(Buffer.alloc(32 * 1024 * 1024)))).toBe('inflates to more than 16 MiB: not a latency histogram chatload wrote');
    const header = Buffer.alloc(41);
    header.writeUInt32BE(0x1c849313, 0);
    header.writeUInt32BE(1, 4);
    header.writeUInt32BE(9, 12); // significant digits: at most 5
    header.writeBigUInt64BE(1n, 16);
    header.writeBigUInt64BE(3_600_000_000n, 24);
    expect(problemOf(frame(header))).toBe('declares an impossible range (9 significant digits, 1 … 3600000000)');
    expect(problemOf(frame(Buffer.alloc(20)))).toBe('is corrupted: the inflated data has no HDR V2 header');
  });

  it('reports the lowest value and precision a foreign histogram declares', () => {
    const foreign = hdr.build({ lowestDiscernibleValue: 1000, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: 1 });
    foreign.recordValue(20_000_000);
    expect(checkEncodedHistogram(hdr.encodeIntoCompressedBase64(foreign))).toMatchObject({ ok: true, lowest: 1000, digits: 1 });
  });
});

describe('checkEncodedHistogram: each header check names its problem', () => {
  /** An inflated V2 header: cookie, payload length, digits, lowest and highest, then `counts` bytes. */
  function header({ digits = 3, lowest = 1n, highest = 3_600_000_000n, declared = 0, counts = 0, cookie = 0x1c849313 } = {}): Buffer {
    const bytes = Buffer.alloc(40 + counts);
    bytes.writeUInt32BE(cookie, 0);
    bytes.writeUInt32BE(declared, 4);
    bytes.writeUInt32BE(digits, 12);
    bytes.writeBigUInt64BE(lowest, 16);
    bytes.writeBigUInt64BE(highest, 24);
    return bytes;
  }

  it('an empty string, and one too short to hold a header', () => {
    expect(problemOf('')).toBe('is empty, not an HDR histogram');
    expect(problemOf('HIST')).toBe('is too short to be an HDR histogram');
    expect(problemOf(Buffer.alloc(8).toString('base64'))).toBe('is not an HDR histogram (its base64 does not start with an HDR V2 cookie)');
  });

  it('a frame whose header declares more compressed bytes than follow', () => {
    const bytes = Buffer.from(encoded([1, 2, 3]), 'base64');
    const declared = bytes.readUInt32BE(4);
    const cut = bytes.subarray(0, bytes.length - 1);
    const text = cut.toString('base64');
    // Padding kept valid: the cut is seen in the header, not in the base64.
    expect(problemOf(text)).toBe(`is truncated (its header declares ${declared} compressed bytes, ${declared - 1} are there)`);
  });

  it('inflated data without the V2 cookie, or shorter than a header, or than it declares', () => {
    expect(problemOf(frame(header({ cookie: 0x1c849312 })))).toBe('is corrupted: the inflated data has no HDR V2 header');
    expect(problemOf(frame(header().subarray(0, 39)))).toBe('is corrupted: the inflated data has no HDR V2 header');
    expect(problemOf(frame(header({ declared: 9, counts: 8 })))).toBe('is truncated: the inflated data is shorter than its header declares');
    expect(problemOf(frame(header({ declared: 8, counts: 8 })))).not.toMatch(/truncated|no HDR V2 header/);
  });

  it('an impossible range: no lowest value, a highest below twice the lowest, or beyond exact integers', () => {
    const range = (lowest: bigint, highest: bigint) => problemOf(frame(header({ lowest, highest })));
    expect(range(0n, 1000n)).toBe('declares an impossible range (3 significant digits, 0 … 1000)');
    expect(range(10n, 19n)).toBe('declares an impossible range (3 significant digits, 10 … 19)');
    expect(range(10n, 20n)).not.toMatch(/impossible range/);
    expect(range(1n, 2n ** 53n)).toBe(`declares an impossible range (3 significant digits, 1 … ${2 ** 53})`);
    expect(problemOf(frame(header({ digits: 5 })))).not.toMatch(/impossible range/);
    expect(problemOf(frame(header({ digits: 6 })))).toBe('declares an impossible range (6 significant digits, 1 … 3600000000)');
  });
});
