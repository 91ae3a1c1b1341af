/** Seeded, dependency-free randomness: the same seed gives the same run. */

/** mulberry32: a small, fast PRNG with a 32-bit state; good enough for load mixes and fault dice. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stateless hash of (seed, a, b) to [0, 2^32): lets any request be derived from its sequence number alone. */
export function hash32(seed: number, a: number, b = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [a >>> 0, Math.floor(a / 4294967296) >>> 0, b >>> 0]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
