import { describe, expect, it } from 'vitest';
import { ChatStore, INPUT_HEAD_CHARS, slotBlock } from '../../../src/mock/chat-store.js';
import { BLOCK, digitsOf, idOf } from '../../../src/mock/ids.js';
import { createRng } from '../../../src/random.js';

describe('ChatStore', () => {
  it('gives each chat a chat_ id it finds again, with its turns and the head of its input', () => {
    const store = new ChatStore(10, createRng(1));
    const id = store.add('Where is my order?', 1);
    expect(id).toMatch(/^chat_[A-Za-z0-9]{16}$/);
    expect(store.get(id)).toEqual({ inputHead: 'Where is my order?', turns: 1, agent: 0 });
    expect(store.size).toBe(1);
    expect(store.get(store.add('hi', 1, 7))!.agent).toBe(7);
  });

  it('remembers which agent took each chat', () => {
    const store = new ChatStore(10, createRng(1));
    const a = store.add('first', 1, 3);
    const b = store.add('second', 1, 7);
    expect([store.get(a)!.agent, store.get(b)!.agent]).toEqual([3, 7]);
  });

  it(`keeps the first ${INPUT_HEAD_CHARS} UTF-16 units of the input, any characters`, () => {
    const store = new ChatStore(10, createRng(1));
    const long = `Ünïcödé 😀 ${'x'.repeat(100)}`;
    expect(store.get(store.add(long, 2))!.inputHead).toBe(long.slice(0, INPUT_HEAD_CHARS));
    expect(store.get(store.add('😀', 1))!.inputHead).toBe('😀');
  });

  it('forgets the oldest chat past its capacity, and only that one', () => {
    const store = new ChatStore(3, createRng(2));
    const ids = [1, 2, 3, 4, 5].map((n) => store.add(`q${n}`, n));
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(store.get(ids[1]!)).toBeUndefined();
    expect(ids.slice(2).map((id) => store.get(id)?.inputHead)).toEqual(['q3', 'q4', 'q5']);
    expect(store.size).toBe(3);
  });

  it('ids look random: the slot is hidden under a random block', () => {
    const store = new ChatStore(1000, createRng(3));
    const heads = new Set(Array.from({ length: 100 }, (_, n) => store.add(`q${n}`, 1).slice(5, 10)));
    expect(heads.size).toBe(100);
  });

  it('ids show no repeated block: the slot block shares characters with the others no more than chance', () => {
    const store = new ChatStore(100_000, createRng(5));
    const ids = Array.from({ length: 2000 }, (_, n) => store.add(`q${n}`, 1).slice(5));
    // Same character at the same place of blocks 1 and 2 (or 1 and 3): 1 in 62 by chance, ~161 in 2000 × 5.
    let same = 0;
    for (const id of ids) for (let k = 0; k < 5; k++) same += Number(id[k] === id[5 + k]) + Number(id[k] === id[10 + k]);
    expect(same).toBeLessThan(2 * 2 * 161);
    // No 3-character run of one block reappears in another block of the same id.
    const repeats = ids.filter((id) => [0, 1, 2].some((k) => id.slice(5).includes(id.slice(k, k + 3)) || id.slice(10).includes(id.slice(5 + k, 8 + k))));
    expect(repeats.length).toBeLessThan(20);
  });

  it('finds nothing for ids it never gave, even ones naming a used or missing slot', () => {
    const store = new ChatStore(4, createRng(4));
    const id = store.add('hi', 1);
    const { a, b, c, d } = digitsOf(id, 'chat_')!;
    const slot = [0, 1, 2, 3].find((s) => slotBlock(s, b, c) === a)!;
    const forged = [
      idOf('chat_', a, b, c, (d + 1) % 62), // same slot, another random part
      idOf('chat_', a, b, (c + 1) % BLOCK, d),
      idOf('chat_', slotBlock(slot + 1, b, c), b, c, d), // an empty slot
      idOf('chat_', slotBlock(4, b, c), b, c, d), // past the capacity
      idOf('item_', a, b, c, d),
      'chat_doesnotexist0000',
      '',
    ];
    for (const other of forged) expect(store.get(other), other).toBeUndefined();
    expect(store.get(id)).toBeDefined();
  });

  it('the same seed gives the same ids', () => {
    const ids = (seed: number) => {
      const store = new ChatStore(2, createRng(seed));
      return [1, 2, 3].map(() => store.add('hi', 1));
    };
    expect(ids(9)).toEqual(ids(9));
    expect(ids(9)).not.toEqual(ids(10));
  });
});
