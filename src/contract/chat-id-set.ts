/**
 * The set of chatIds seen in a run, kept as 64-bit hashes in one typed array (open addressing,
 * linear probing): 16–32 bytes per id (the table doubles at half full) against ~100 for a
 * Set<string> of fresh strings (bench/chat-id-set.bench.ts; docs/notes.md).
 * Two different ids can share a hash, so "seen before" is wrong with the probability that
 * `falseDuplicateProbability()` states: about n²/2⁶⁵, under 3·10⁻⁶ for ten million ids.
 */
export class ChatIdSet {
  /** Pairs of 32-bit words (hi, lo); (0, 0) marks an empty slot. */
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /** Adds the id; returns false when it (or an id with the same 64-bit hash) was already there. */
  add(id: string): boolean {
    const [hi, lo] = hash64(id);
    const inserted = this.insert(hi, lo);
    if (inserted && ++this.count * 2 > this.mask + 1) this.grow();
    return inserted;
  }

  get size(): number {
    return this.count;
  }

  /** Memory held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Probability that at least one reported duplicate so far was two distinct ids sharing a hash. */
  falseDuplicateProbability(): number {
    const n = this.count;
    return -Math.expm1(-(n * (n - 1)) / 2 ** 65);
  }

  private insert(hi: number, lo: number): boolean {
    const slots = this.slots;
    let i = (lo ^ hi) & this.mask;
    for (;;) {
      const h = slots[i * 2]!;
      const l = slots[i * 2 + 1]!;
      if (h === 0 && l === 0) {
        slots[i * 2] = hi;
        slots[i * 2 + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
    }
  }
}

function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes of the UTF-16 code units, never both zero (that pair marks an empty slot). */
export function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hi = fmix32(a);
  const lo = fmix32(b);
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}
