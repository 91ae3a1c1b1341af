/** What one timeline window holds of the load: requests in flight, and arrivals offered, late and dropped. */
export interface LoadWindow {
  /** Request-milliseconds in flight inside the window: its mean concurrency times its length. */
  inFlightMs: number;
  offered: number;
  late: number;
  dropped: number;
}

/**
 * The load per timeline window, O(1) per exchange and per event: no allocation but the arrays'
 * growth by one slot per window. In-flight time is the sum of each request's overlap with the
 * window, so it adds up exactly across workers and shards. A request spanning many windows
 * (a timeout) writes its two end pieces directly and its whole windows through a difference
 * array, summed once when the windows are read.
 */
export class LoadWindows {
  private readonly partMs: number[] = [];
  /** +1 at a request's first whole window, −1 after its last: the running sum counts requests spanning a window whole. */
  private readonly spanning: number[] = [];
  private readonly offeredCounts: number[] = [];
  private readonly lateCounts: number[] = [];
  private readonly droppedCounts: number[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly windowMs: number,
  ) {}

  /** Windows reached by any figure: the timeline must have at least this many. */
  get length(): number {
    return Math.max(this.partMs.length, this.offeredCounts.length, this.lateCounts.length, this.droppedCounts.length);
  }

  private indexAt(time: number): number {
    return Math.max(0, Math.floor((time - this.startedAt) / this.windowMs));
  }

  /** A request in flight from `sentAt` to `endAt` (monotonic ms). */
  exchange(sentAt: number, endAt: number): void {
    const start = Math.max(0, sentAt - this.startedAt);
    const end = Math.max(start, endAt - this.startedAt);
    const first = Math.floor(start / this.windowMs);
    const last = Math.floor(end / this.windowMs);
    add(this.partMs, last, 0);
    if (first === last) {
      this.partMs[first]! += end - start;
      return;
    }
    this.partMs[first]! += (first + 1) * this.windowMs - start;
    this.partMs[last]! += end - last * this.windowMs;
    if (last > first + 1) {
      add(this.spanning, last, 0);
      this.spanning[first + 1]! += 1;
      this.spanning[last]! -= 1;
    }
  }

  offered(at: number, count = 1): void {
    add(this.offeredCounts, this.indexAt(at), count);
  }

  late(at: number, count = 1): void {
    add(this.lateCounts, this.indexAt(at), count);
  }

  dropped(at: number, count = 1): void {
    add(this.droppedCounts, this.indexAt(at), count);
  }

  /** The figures of windows 0 … count − 1 (zeros where nothing happened). */
  windows(count: number): LoadWindow[] {
    const out: LoadWindow[] = [];
    let whole = 0;
    for (let i = 0; i < count; i++) {
      whole += this.spanning[i] ?? 0;
      out.push({ inFlightMs: (this.partMs[i] ?? 0) + whole * this.windowMs, offered: this.offeredCounts[i] ?? 0, late: this.lateCounts[i] ?? 0, dropped: this.droppedCounts[i] ?? 0 });
    }
    return out;
  }
}

/** Adds `count` at `index`, growing the array with zeros (never holes) up to it. */
function add(counts: number[], index: number, count: number): void {
  while (counts.length <= index) counts.push(0);
  counts[index]! += count;
}
