import { describe, expect, it } from 'vitest';
import { ChatIdSet, hash64 } from '../../../src/contract/chat-id-set.js';

describe('ChatIdSet', () => {
  it('adds new ids and recognises repeats', () => {
    const set = new ChatIdSet(4);
    expect(set.add('chat_a')).toBe(true);
    expect(set.add('chat_b')).toBe(true);
    expect(set.add('chat_a')).toBe(false);
    expect(set.size).toBe(2);
  });

  it('grows, keeps every id, and reports no false duplicate in 200 000 distinct ids', () => {
    const set = new ChatIdSet(16);
    let falseDuplicates = 0;
    for (let i = 0; i < 200_000; i++) if (!set.add(`chat_${i.toString(36)}x`)) falseDuplicates++;
    expect(falseDuplicates).toBe(0);
    expect(set.size).toBe(200_000);
    for (let i = 0; i < 200_000; i += 997) expect(set.add(`chat_${i.toString(36)}x`)).toBe(false);
    // 16 bytes per id at most (8-byte hash at ≤ 50 % load before doubling): ~4 MB, not the ~10 MB of a Set<string>.
    expect(set.bytes).toBeLessThanOrEqual(200_000 * 32);
    expect(set.falseDuplicateProbability()).toBeGreaterThan(0);
    expect(set.falseDuplicateProbability()).toBeLessThan(1e-8);
  });

  it('hashes to two words that differ for near-identical ids and are never both zero', () => {
    expect(hash64('chat_a')).not.toEqual(hash64('chat_b'));
    expect(hash64('ab')).not.toEqual(hash64('ba'));
    expect(hash64('')).not.toEqual([0, 0]);
  });
});
