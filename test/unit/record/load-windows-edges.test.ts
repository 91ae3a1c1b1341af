import { describe, expect, it } from 'vitest';
import { LoadWindows } from '../../../src/record/load-windows.js';

const counts = (load: LoadWindows, n: number) => load.windows(n).map(({ offered, late, dropped }) => [offered, late, dropped]);

describe('LoadWindows: edges', () => {
  it('places arrivals by their time since the start, not since zero', () => {
    const load = new LoadWindows(5000, 1000);
    load.offered(5999);
    load.late(6000);
    load.dropped(7500, 2);
    load.offered(4000); // before the start: the first window
    expect(counts(load, 3)).toEqual([[2, 0, 0], [0, 1, 0], [0, 0, 2]]);
    expect(load.length).toBe(3);
  });

  it('reaches as many windows as its furthest figure, whichever it is', () => {
    const reach = (mark: (load: LoadWindows) => void) => {
      const load = new LoadWindows(0, 1000);
      load.exchange(0, 500);
      mark(load);
      return load.length;
    };
    expect(reach(() => {})).toBe(1);
    expect(reach((l) => l.exchange(100, 4200))).toBe(5);
    expect(reach((l) => l.offered(3100))).toBe(4);
    expect(reach((l) => l.late(2100))).toBe(3);
    expect(reach((l) => l.dropped(5100))).toBe(6);
  });

  it('counts a request spanning exactly two windows in both, with no whole window between', () => {
    const load = new LoadWindows(0, 1000);
    load.exchange(600, 1300);
    load.exchange(1000, 3000); // ends on a window edge: all of window 1 and 2, none of 3
    expect(load.windows(4).map((w) => w.inFlightMs)).toEqual([400, 1300, 1000, 0]);
  });

  it('adds overlapping requests that span several windows', () => {
    const load = new LoadWindows(0, 100);
    load.exchange(50, 450);
    load.exchange(150, 350);
    load.exchange(0, 1000);
    expect(load.windows(10).map((w) => w.inFlightMs)).toEqual([150, 250, 300, 250, 150, 100, 100, 100, 100, 100]);
  });
});
