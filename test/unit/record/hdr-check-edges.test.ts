import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkEncodedHistogram } from '../../../src/record/hdr-check.js';
import { createLatencyHistogram, encodeHistogram } from '../../../src/record/histogram.js';

const encoded = (values: number[]) => {
  const h = createLatencyHistogram();
  for (const v of values) h.recordValue(v);
  return encodeHistogram(h);
};
const problemOf = (s: string) => {
  const r = checkEncodedHistogram(s);
  return r.ok ? 'ok' : r.problem;
};

/** A compressed-V2 frame around an inflated V2 header declaring `highest`, then `counts` (encoded). */
function emptyWithHighest(highest: bigint, counts: number[] = []): string {
  const inner = Buffer.alloc(40 + counts.length);
  inner.writeUInt32BE(0x1c849313, 0);
  inner.writeUInt32BE(counts.length, 4);
  inner.writeUInt32BE(3, 12);
  inner.writeBigUInt64BE(1n, 16);
  inner.writeBigUInt64BE(highest, 24);
  inner.writeDoubleBE(1, 32);
  Buffer.from(counts).copy(inner, 40);
  const compressed = deflateSync(inner);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x1c849314, 0);
  head.writeUInt32BE(compressed.length, 4);
  return Buffer.concat([head, compressed]).toString('base64');
}

describe('checkEncodedHistogram: edges', () => {
  it('names the first character that is not base64, at the very start too', () => {
    const good = encoded([1000, 2000, 3000]);
    expect(problemOf(`!!!!${good}`)).toBe('is not base64 ("!" at character 1)');
    expect(problemOf(`${good.slice(0, 8)}\n${good.slice(8)}`)).toBe('is not base64 ("\\n" at character 9)');
  });

  it('reads base64 with no, one or two padding characters, and refuses three', () => {
    const spread = (n: number) => encoded(Array.from({ length: n }, (_, i) => 1000 + i * 37));
    const [none, one, two] = [spread(1), spread(3), spread(4)];
    expect([none.endsWith('='), one.endsWith('=') && !one.endsWith('=='), two.endsWith('==')]).toEqual([false, true, true]);
    for (const s of [none, one, two]) expect(problemOf(s)).toBe('ok');
    expect(problemOf(`${two.slice(0, -3)}===`)).toBe('is not base64 (its length or padding is wrong: the string was cut or joined)');
  });

  it('accepts an empty histogram: a count of zero is possible', () => {
    const r = checkEncodedHistogram(encoded([]));
    expect(r).toMatchObject({ ok: true, lowest: 1, digits: 3 });
    expect(r.ok && r.histogram.totalCount).toBe(0);
  });

  it('accepts the largest exact integer as the highest trackable value, not one more', () => {
    expect(problemOf(emptyWithHighest(2n ** 53n - 1n))).toBe('ok');
    expect(problemOf(emptyWithHighest(2n ** 53n))).toBe(`declares an impossible range (3 significant digits, 1 … ${2 ** 53})`);
  });

  it('names a count the decoder refuses, with the decoder\'s words', () => {
    // One count of 2^56 (zig-zag LEB128, nine bytes): past what a count can hold.
    const huge = [128, 128, 128, 128, 128, 128, 128, 128, 2];
    expect(problemOf(emptyWithHighest(3_600_000_000n, huge))).toMatch(/^is corrupted \(.*would overflow integer count\)$/);
  });

  it('refuses a histogram whose counts add up past the exact integers', () => {
    // 5 significant digits up to 2^53 - 1: about 4.8 million buckets; 2.2 million of them at 2^32 - 1 sum past 2^53.
    const maxCount = [0xfe, 0xff, 0xff, 0xff, 0x1f]; // zig-zag LEB128 of 2^32 - 1
    const counts = Buffer.alloc(2_200_000 * maxCount.length);
    for (let i = 0; i < counts.length; i += maxCount.length) counts.set(maxCount, i);
    const inner = Buffer.alloc(40);
    inner.writeUInt32BE(0x1c849313, 0);
    inner.writeUInt32BE(counts.length, 4);
    inner.writeUInt32BE(5, 12);
    inner.writeBigUInt64BE(1n, 16);
    inner.writeBigUInt64BE(2n ** 53n - 1n, 24);
    inner.writeDoubleBE(1, 32);
    const compressed = deflateSync(Buffer.concat([inner, counts]));
    const head = Buffer.alloc(8);
    head.writeUInt32BE(0x1c849314, 0);
    head.writeUInt32BE(compressed.length, 4);
    const problem = problemOf(Buffer.concat([head, compressed]).toString('base64'));
    expect(problem).toMatch(/^holds an impossible count \(\d+\)$/);
    expect(Number(/\d+/.exec(problem)![0])).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  });
});
