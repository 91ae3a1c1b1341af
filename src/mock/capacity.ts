/**
 * The mock's capacity model: at most `slots` requests are served at once, the rest wait in a
 * FIFO queue, and each is served in its drawn latency. Kept on a virtual clock (when each slot
 * is next free), not on timers: a timer that fires late under CPU load delays that one answer
 * but never the slot, so the capacity is exactly slots / latency whatever the machine does.
 * Pure but for the times it is given.
 */
export interface CapacityQueue {
  /** A request arriving at `now` (ms), served for `serviceMs`: how long after `now` its answer is due (wait + service). */
  admit(now: number, serviceMs: number): number;
}

export function capacityQueue(slots: number): CapacityQueue {
  // A binary min-heap of the instants the slots are next free: each arrival, in order, takes the earliest.
  const heap = new Float64Array(slots);
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < slots && heap[left]! < heap[least]!) least = left;
      if (right < slots && heap[right]! < heap[least]!) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  };
  return {
    admit(now, serviceMs) {
      const start = Math.max(now, heap[0]!);
      const end = start + Math.max(0, serviceMs);
      heap[0] = end;
      siftDown();
      return end - now;
    },
  };
}
