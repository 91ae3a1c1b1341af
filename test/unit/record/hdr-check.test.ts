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
