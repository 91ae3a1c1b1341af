import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { LoadWindows } from '../../../src/record/load-windows.js';
import { mergeStates } from '../../../src/record/merge.js';
import { Recorder } from '../../../src/record/recorder.js';

describe('LoadWindows', () => {
  it('splits each request\'s time in flight over the windows it spans, the whole ones included', () => {
    const load = new LoadWindows(100, 1000);
    load.exchange(100, 400); // 300 ms in window 0
    load.exchange(900, 1200); // 200 ms in window 0, 100 ms in window 1
    load.exchange(1500, 4250); // 600 ms in window 1, all of 2 and 3, 150 in window 4
    const windows = load.windows(6);
    expect(windows.map((w) => w.inFlightMs)).toEqual([500, 700, 1000, 1000, 150, 0]);
    expect(load.length).toBe(5);
  });

  it('counts no time in flight before the start, nor for a request that ends before it was sent', () => {
    const load = new LoadWindows(1000, 1000);
    load.exchange(500, 1500); // sent before the start (a warm-up straggler): 500 ms inside window 0
    load.exchange(2500, 2400); // a clock step backwards: no time in flight
    load.exchange(2000, 3000); // exactly window 1
    expect(load.windows(3).map((w) => w.inFlightMs)).toEqual([500, 1000, 0]);
  });

  it('counts arrivals offered, late and dropped in the window of their time, before the start in the first', () => {
    const load = new LoadWindows(0, 1000);
    load.offered(-3);
    load.offered(10);
    load.offered(2999);
    load.late(1500);
    load.dropped(2500, 4);
    expect(load.windows(3).map(({ offered, late, dropped }) => [offered, late, dropped])).toEqual([[2, 0, 0], [0, 1, 0], [1, 0, 4]]);
  });
});

const ok = (seq: number, sentAt: number, endAt: number, status = 201): Exchange => ({ request: { seq, intendedAt: sentAt, body: { agentId: 'a', input: 'i' } }, sentAt, endAt, status, headers: {}, body: Buffer.alloc(0) });

describe('recorder: the load per window', () => {
  it('keeps status classes, in-flight time, offered, late and dropped per window, and windows the load reached past the last answer', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(ok(0, 0, 1500), []);
    r.record(ok(1, 1200, 1300, 429), []);
    r.record({ request: { seq: 2, body: { agentId: 'a', input: 'i' } }, sentAt: 1400, endAt: 1600, error: { kind: 'timeout', message: 't' } }, []);
    r.record({ request: { seq: 3, body: { agentId: 'a', input: 'i' } }, sentAt: 1700, endAt: 1700, error: { kind: 'generator', message: 'EMFILE' } }, []);
    r.offered(0);
    r.late(1200);
    r.dropped(2400, 2);
    const { timeline } = r.state();
    expect(timeline.map((w) => w.index)).toEqual([0, 1, 2]);
    expect(timeline[0]).toMatchObject({ requests: 0, inFlightMs: 1000, offered: 1 });
    expect(timeline[0]).not.toHaveProperty('classes');
    expect(timeline[1]).toMatchObject({ requests: 4, classes: { '2xx': 1, '4xx': 1, transport: 1, generator: 1 }, inFlightMs: 500 + 100 + 200, late: 1 });
    expect(timeline[2]).toMatchObject({ requests: 0, dropped: 2 });
  });

  it('merges worker states exactly: the same figures as one recorder that saw everything', () => {
    const parts = [new Recorder({ startedAt: 0 }), new Recorder({ startedAt: 0 })];
    const whole = new Recorder({ startedAt: 0 });
    const exchanges = Array.from({ length: 400 }, (_, i) => ok(i, i * 10, i * 10 + 30 + (i % 7) * 200, i % 13 === 0 ? 503 : 201));
    // Each recorder sees its exchanges end in time order, as they do in a run.
    for (const e of [...exchanges].sort((a, b) => a.endAt - b.endAt)) {
      const i = e.request.seq;
      for (const r of [parts[i % 2]!, whole]) {
        r.record(e, []);
        r.offered(e.sentAt);
        if (i % 9 === 0) r.late(e.sentAt);
        if (i % 50 === 0) r.dropped(e.sentAt + 5);
      }
    }
    const merged = mergeStates(parts.map((p) => p.state()));
    const expected = whole.state();
    const figures = (w: (typeof expected.timeline)[number]) => ({ index: w.index, requests: w.requests, classes: w.classes, offered: w.offered, late: w.late, dropped: w.dropped, inFlightMs: Math.round((w.inFlightMs ?? 0) * 1e6) / 1e6 });
    expect(merged.timeline.map(figures)).toEqual(expected.timeline.map(figures));
  });
});
