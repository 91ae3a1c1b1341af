import Queue from 'yocto-queue';

/** What the queue times out: an exchange with its deadline, ended by `expire` unless already settled. */
export interface Deadlined {
  readonly deadline: number;
  readonly settled: boolean;
  expire(): void;
}

/**
 * Every request of a client shares one timeout, so deadlines come in send order: one FIFO
 * queue and a single timer replace a timer per request. Settled entries leave from the head.
 */
export class DeadlineQueue<T extends Deadlined> {
  private readonly queue = new Queue<T>();
  private timer: NodeJS.Timeout | undefined;

  add(entry: T): void {
    this.queue.enqueue(entry);
    this.trim();
    if (this.timer === undefined) this.arm(entry.deadline);
  }

  /**
   * An entry settled: settled entries at the head leave, so the queue holds about what is in
   * flight. The timer stays as it is: at a low rate nearly every exchange would otherwise clear
   * it and the next arm it again. It is unref'd (a connection in use holds the process, not the
   * timer), and when it fires with nothing in flight it is not armed again.
   */
  settled(): void {
    this.trim();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private trim(): void {
    while (this.queue.peek()?.settled) this.queue.dequeue();
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(this.fire, Math.max(0, deadline - performance.now()));
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (let entry = this.queue.peek(); entry !== undefined; entry = this.queue.peek()) {
      // A timer can fire up to ~1 ms early (docs/notes.md, "Timers fire early"): wait again rather than time out early.
      if (!entry.settled && entry.deadline > now) break;
      // Out of the queue before it expires: expiring settles it, and settling trims the head.
      this.queue.dequeue();
      if (!entry.settled) entry.expire();
    }
    const next = this.queue.peek();
    if (next !== undefined && this.timer === undefined) this.arm(next.deadline);
  };
}
