import { describe, expect, it } from 'vitest';
import { ChatIdSet, hash64 } from '../../../src/contract/chat-id-set.js';

// Ids found by search (hash64 is deterministic): their first hash word is 0, which the table must
// not take for an empty slot (only the pair (0, 0) marks one).
const HI_ZERO = ['chat_257v\u2da8', 'chat_4vp0\ua21a'];
// The same for the second word.
const LO_ZERO = ['chat_y04\u8128', 'chat_2mij\ucc35'];
// Two ids sharing the first word, and two sharing the second, that start at the same slot of a 16-slot table.
const SAME_HI = ['chat_98j4', 'chat_1hx7a'];
const SAME_LO = ['chat_92vt', 'chat_dr0j'];

describe('ChatIdSet: sizing', () => {
  it('starts with the smallest power of two ≥ twice the asked capacity, at least 16 slots of 8 bytes', () => {
    expect(new ChatIdSet(1).bytes).toBe(16 * 8);
    expect(new ChatIdSet(8).bytes).toBe(16 * 8);
    expect(new ChatIdSet(9).bytes).toBe(32 * 8);
    expect(new ChatIdSet().bytes).toBe(2048 * 8);
  });

  it('doubles when more than half full, not before', () => {
    const set = new ChatIdSet(8);
    for (let i = 0; i < 8; i++) set.add(`chat_${i}`);
    expect(set.bytes).toBe(16 * 8);
    set.add('chat_8');
    expect(set.bytes).toBe(32 * 8);
    expect(set.size).toBe(9);
    for (let i = 0; i <= 8; i++) expect(set.add(`chat_${i}`)).toBe(false);
    expect(set.size).toBe(9);
  });

  it('counts an id once however often it comes back', () => {
    const set = new ChatIdSet(4);
    for (let i = 0; i < 5; i++) set.add('chat_same');
    expect(set.size).toBe(1);
  });
});

describe('ChatIdSet: hashes that share a word are different ids', () => {
  it('the search found what it claims', () => {
    for (const id of HI_ZERO) expect(hash64(id)[0]).toBe(0);
    expect(hash64(SAME_HI[0]!)[0]).toBe(hash64(SAME_HI[1]!)[0]);
    expect(hash64(SAME_HI[0]!)[1]).not.toBe(hash64(SAME_HI[1]!)[1]);
    expect(hash64(SAME_LO[0]!)[1]).toBe(hash64(SAME_LO[1]!)[1]);
    expect(hash64(SAME_LO[0]!)[0]).not.toBe(hash64(SAME_LO[1]!)[0]);
  });

  it('an id whose first word is 0 is remembered, before and after the table grows', () => {
    const set = new ChatIdSet(8);
    expect(set.add(HI_ZERO[0]!)).toBe(true);
    expect(set.add(HI_ZERO[0]!)).toBe(false);
    expect(set.add(HI_ZERO[1]!)).toBe(true);
    for (let i = 0; i < 40; i++) set.add(`chat_${i}`);
    expect(set.bytes).toBeGreaterThan(16 * 8);
    expect(set.add(HI_ZERO[0]!)).toBe(false);
    expect(set.add(HI_ZERO[1]!)).toBe(false);
    expect(set.size).toBe(42);
  });

  it('an id whose second word is 0 is remembered, before and after the table grows, and keeps its hash', () => {
    for (const id of LO_ZERO) expect(hash64(id)[1]).toBe(0);
    expect(hash64(LO_ZERO[0]!)[0]).not.toBe(0);
    const set = new ChatIdSet(8);
    expect(set.add(LO_ZERO[0]!)).toBe(true);
    expect(set.add(LO_ZERO[0]!)).toBe(false);
    expect(set.add(LO_ZERO[1]!)).toBe(true);
    for (let i = 0; i < 40; i++) set.add(`chat_${i}`);
    expect(set.add(LO_ZERO[0]!)).toBe(false);
    expect(set.add(LO_ZERO[1]!)).toBe(false);
    expect(set.size).toBe(42);
  });

  it('two ids with the same first word, or the same second word, in one probe chain are both new', () => {
    for (const [a, b] of [SAME_HI, SAME_LO]) {
      const set = new ChatIdSet(8);
      expect(set.add(a!)).toBe(true);
      expect(set.add(b!)).toBe(true);
      expect(set.add(a!)).toBe(false);
      expect(set.add(b!)).toBe(false);
    }
  });
});

describe('ChatIdSet: false duplicate probability', () => {
  it('is 1 − e^(−n(n−1)/2⁶⁵): zero for none or one id, n(n−1)/2⁶⁵ for a few', () => {
    const set = new ChatIdSet();
    expect(set.falseDuplicateProbability() === 0).toBe(true);
    set.add('chat_1');
    expect(set.falseDuplicateProbability() === 0).toBe(true);
    set.add('chat_2');
    set.add('chat_3');
    expect(set.falseDuplicateProbability() / (6 / 2 ** 65)).toBeCloseTo(1, 12);
  });
});

describe('hash64', () => {
  it('gives the same two words on every platform and version (the set is rebuilt by every worker alike)', () => {
    expect(hash64('')).toEqual([2872998923, 3954623016]);
    expect(hash64('a')).toEqual([444641715, 686019571]);
    expect(hash64('chat_abc123')).toEqual([554876279, 1476519317]);
  });

  it('keeps distinct ids whose first word is 0 apart (only the pair (0, 0) is remapped)', () => {
    expect(hash64(HI_ZERO[0]!)).not.toEqual(hash64(HI_ZERO[1]!));
    expect(hash64(HI_ZERO[0]!)[1]).not.toBe(1);
  });
});
