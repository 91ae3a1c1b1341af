import { formatMs } from '../units.js';
import type { JunitCase } from './junit.js';
import type { BaselineMetric, BaselineReport } from '../run-report.js';

function shown(m: BaselineMetric, value: number | null): string {
  if (value === null) return '-';
  return m.unit === 'ms' ? formatMs(value) : m.unit === 'ratio' ? `${+(value * 100).toFixed(3)}%` : `${value}/s`;
}

/** One testcase per baseline metric; `info` metrics pass. */
export function baselineJunitCases(baseline: BaselineReport | null, classname = 'chatload.baseline'): JunitCase[] {
  return (baseline?.metrics ?? []).map((m) => ({
    name: m.metric,
    classname,
    ...(m.verdict === 'fail' ? { failure: { message: `${m.metric} regressed: ${shown(m, m.old)} → ${shown(m, m.new)}`, body: `${m.note ?? ''}\nbaseline: ${baseline!.file}` } } : {}),
    // A group too small to judge was not compared: skipped, so a CI shows it was not passed.
    ...(m.tooSmall ? { skipped: m.note ?? 'too small to judge' } : {}),
  }));
}
