import { levelResult } from '../sweep/render.js';
import type { SweepReport } from '../sweep/types.js';
import { formatMs } from '../units.js';
import type { JunitCase, JunitSuite } from './junit.js';

const rate = (r: number | null) => (r === null ? '-' : `${r}/s`);

/**
 * junit.xml of a sweep: one testcase per level (failed when it broke an SLO or saturated; a level
 * cut short is skipped) and one for the capacity (failed when no level met every SLO). Pure.
 */
export function sweepJunitSuites(sweep: SweepReport, classname: string, timestamp: string): JunitSuite[] {
  const levels: JunitCase[] = [...sweep.levels]
    .sort((a, b) => a.offered - b.offered || a.index - b.index)
    .map((l) => {
      const name = `level ${l.index + 1} (${l.phase}): ${rate(l.offered)} offered`;
      const figures = `offered ${rate(l.offered)}, achieved ${rate(l.achieved)}, p50 ${formatMs(l.latency.p50)}, p99 ${formatMs(l.latency.p99)}, errors ${l.totals.errors} of ${l.totals.requests}`;
      const base = { name, classname: `${classname}.sweep`, timeSeconds: l.durationMs / 1000, systemOut: figures };
      if (!l.complete) return { ...base, skipped: 'cut short (interrupted, the request cap, or an error): not counted' };
      if (l.pass) return base;
      const why = [...l.slos.filter((s) => !s.ok).map((s) => `${s.expression} (${s.message ?? s.actual})`), ...(l.saturated ? [`saturated: achieved ${rate(l.achieved)} is below 90 % of the ${rate(l.offered)} offered`] : [])];
      return { ...base, failure: { message: levelResult(l), body: why.join('\n') } };
    });
  const capacity: JunitCase = {
    name: `capacity under ${sweep.slos.join(', ')}`,
    classname: `${classname}.sweep`,
    systemOut: sweep.conclusion,
    ...(sweep.capacity === null ? { failure: { message: 'no level met every SLO', body: sweep.conclusion } } : {}),
  };
  return [{ name: 'sweep', cases: [...levels, capacity], timestamp }];
}
