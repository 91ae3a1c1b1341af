import { describe, expect, it } from 'vitest';
import { BLOCK, digitsOf, idOf, randomId } from '../../../src/mock/ids.js';
import { createRng } from '../../../src/random.js';

describe('mock ids', () => {
  it('are the prefix and 16 characters of [A-Za-z0-9], the same for the same seed', () => {
    const ids = (seed: number) => {
      const random = createRng(seed);
      return Array.from({ length: 50 }, () => randomId('item_', random));
    };
    for (const id of ids(1)) expect(id).toMatch(/^item_[A-Za-z0-9]{16}$/);
    expect(ids(1)).toEqual(ids(1));
    expect(new Set([...ids(1), ...ids(2)]).size).toBe(100);
  });

  it('read back to the digits they were made of', () => {
    const random = createRng(5);
    const edges = [
      [0, 0, 0, 0],
      [BLOCK - 1, BLOCK - 1, BLOCK - 1, 61],
      [1, 62, 62 ** 4, 7],
    ];
    const drawn = Array.from({ length: 200 }, () => [0, 0, 0, 0].map((_, i) => Math.floor(random() * (i === 3 ? 62 : BLOCK))));
    for (const [a, b, c, d] of [...edges, ...drawn] as [number, number, number, number][]) {
      expect(digitsOf(idOf('chat_', a, b, c, d), 'chat_')).toEqual({ a, b, c, d });
    }
    expect(idOf('chat_', 0, 0, 0, 0)).toBe('chat_AAAAAAAAAAAAAAAA');
    expect(idOf('chat_', BLOCK - 1, BLOCK - 1, BLOCK - 1, 61)).toBe('chat_9999999999999999');
  });

  it('refuse anything not made by idOf with that prefix', () => {
    const id = idOf('chat_', 12345, 678, 9, 10);
    for (const other of ['', id.slice(0, -1), `${id}A`, id.replace('chat_', 'item_'), `${id.slice(0, -1)}-`, `${id.slice(0, 8)}é${id.slice(9)}`, `${id.slice(0, 8)}😀${id.slice(10)}`]) {
      expect(digitsOf(other, 'chat_'), other).toBeUndefined();
    }
  });
});
