import { describe, expect, it } from 'vitest';
import { bytesAsText, EXCERPT_CHARS, excerptRaw, excerptResponse, excerptValue } from '../../../src/conform/excerpt.js';

describe('excerpts of what a case sent and got', () => {
  it('cuts long strings, naming their length in characters', () => {
    const text = excerptValue({ input: '😀'.repeat(20480) });
    expect(text).toContain('… (20,480 characters)');
    expect(text.length).toBeLessThan(200);
  });

  it('cuts wide objects and deep nesting with a count', () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(excerptValue(wide)).toContain('… 995 more keys');
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { level: deep };
    expect(excerptValue(deep)).toContain('(96 more levels)');
  });

  it('shows control characters escaped, as JSON does', () => {
    expect(excerptValue({ input: 'a\u0000b\tc' })).toBe('{"input": "a\\u0000b\\tc"}');
  });

  it('shows bytes that are not UTF-8 as \\xNN and keeps the valid ones', () => {
    expect(bytesAsText(Uint8Array.from([0x61, 0xc3, 0x28, 0xff, 0xc3, 0xa9]))).toBe('a\\xC3(\\xFFé');
    expect(excerptRaw(Uint8Array.from([0x7b, 0xff, 0x7d]))).toBe('{\\xFF}');
  });

  it('squeezes long runs in raw bodies and caps every excerpt', () => {
    const raw = `{"input":"${'x'.repeat(1_000_000)}"}`;
    expect(excerptRaw(raw)).toBe('{"input":"xxxxxxxx…(x ×1,000,000)"}');
    expect(excerptResponse(Buffer.from('y z'.repeat(1000)))!.length).toBeLessThanOrEqual(EXCERPT_CHARS + 1);
    expect(excerptResponse(Buffer.alloc(0))).toBeUndefined();
  });
});
