import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue, type Deadlined } from '../../../src/client/deadline-queue.js';

class Entry implements Deadlined {
  settled = false;
  expiredAt?: number;
  constructor(
    readonly deadline: number,
    private readonly queue: DeadlineQueue<Entry>,
  ) {}
  /** As the client does: expiring settles the entry, and settling tells the queue. */
  expire(): void {
    this.expiredAt = performance.now();
    this.settle();
  }
  settle(): void {
    this.settled = true;
    this.queue.settled();
  }
}

describe('the deadline queue', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('expires every open entry once its deadline has passed, in order, with one timer', () => {
    const queue = new DeadlineQueue<Entry>();
    const now = performance.now();
    const entries = [10, 20, 30].map((ms) => new Entry(now + ms, queue));
    entries.forEach((e) => queue.add(e));
    vi.advanceTimersByTime(25);
    expect(entries.map((e) => e.expiredAt !== undefined)).toEqual([true, true, false]);
    vi.advanceTimersByTime(10);
    expect(entries.every((e) => e.expiredAt !== undefined)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never expires a settled entry, and an expired one does not take the next one out with it', () => {
    const queue = new DeadlineQueue<Entry>();
    const now = performance.now();
    const [a, b, c] = [10, 10, 40].map((ms) => new Entry(now + ms, queue)) as [Entry, Entry, Entry];
    [a, b, c].forEach((e) => queue.add(e));
    b.settle();
    vi.advanceTimersByTime(15);
    expect(a.expiredAt).toBeDefined();
    expect(b.expiredAt).toBeUndefined();
    expect(c.expiredAt).toBeUndefined();
    vi.advanceTimersByTime(30);
    expect(c.expiredAt).toBeDefined();
  });

  it('a timer that fires early waits again instead of timing out early', () => {
    const queue = new DeadlineQueue<Entry>();
    const entry = new Entry(performance.now() + 10, queue);
    queue.add(entry);
    vi.advanceTimersByTime(10);
    expect(entry.expiredAt).toBeGreaterThanOrEqual(entry.deadline);
  });

  it('is not armed again when nothing is left in flight, and clear() stops it', () => {
    const queue = new DeadlineQueue<Entry>();
    const entry = new Entry(performance.now() + 10, queue);
    queue.add(entry);
    entry.settle();
    vi.advanceTimersByTime(20);
    expect(vi.getTimerCount()).toBe(0);
    queue.add(new Entry(performance.now() + 10, queue));
    queue.clear();
    expect(vi.getTimerCount()).toBe(0);
  });
});
