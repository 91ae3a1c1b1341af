import { describe, expect, it } from 'vitest';
import { capacityQueue } from '../../../src/mock/capacity.js';

/** Arrivals at `rate`/s for `seconds`, each served in `serviceMs`: the instants their answers are due. */
function serve(slots: number, serviceMs: number, rate: number, seconds: number): number[] {
  const queue = capacityQueue(slots);
  const ends: number[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const at = (i * 1000) / rate;
    ends.push(at + queue.admit(at, serviceMs));
  }
  return ends;
}

const perSecond = (ends: number[], from: number, to: number) => ends.filter((t) => t >= from * 1000 && t < to * 1000).length / (to - from);

describe('the mock capacity model', () => {
  it('serves 32 slots at a fixed 100 ms at 320/s, however fast requests arrive', () => {
    // Offered 400/s for 10 s: answers leave at 320/s, the rest queue.
    const ends = serve(32, 100, 400, 10);
    expect(perSecond(ends, 2, 10)).toBe(320);
  });

  it('adds no wait below the capacity: each answer takes the latency', () => {
    const queue = capacityQueue(32);
    for (let i = 0; i < 3000; i++) expect(queue.admit(i * (1000 / 300), 100)).toBeCloseTo(100, 9);
  });

  it('queues first in, first out: the 33rd of 33 simultaneous arrivals waits one service time', () => {
    const queue = capacityQueue(32);
    const delays = Array.from({ length: 65 }, () => queue.admit(0, 100));
    expect(delays.slice(0, 32).every((d) => d === 100)).toBe(true);
    expect(delays.slice(32, 64).every((d) => d === 200)).toBe(true);
    expect(delays[64]).toBe(300);
  });

  it('makes the wait grow without bound past the capacity (p99 climbs)', () => {
    const queue = capacityQueue(8);
    const delays = Array.from({ length: 1600 }, (_, i) => queue.admit(i * 5, 50)); // 200/s against 160/s
    expect(delays[99]!).toBeLessThan(delays[799]!);
    expect(delays[799]!).toBeLessThan(delays[1599]!);
    // After 8 s the backlog is 40/s × 8 s = 320 requests: 2 s of waiting at 160/s.
    expect(delays[1599]!).toBeGreaterThan(1900);
  });
});
