import { RULES, SPEC_RULES } from '../contract/types.js';
import { formatMs } from '../units.js';
import { renderJunit, type JunitCase } from './junit.js';
import type { BaselineMetric, BaselineReport, RunReport } from './types.js';

/** One testcase per threshold; the name is the expression, so CI history lines up run after run. */
export function thresholdJunitCases(report: RunReport): JunitCase[] {
  return report.thresholds.map((t) => ({
    name: t.expression,
    classname: 'chatload.thresholds',
    ...(t.ok ? {} : { failure: { message: `${t.expression} failed: ${t.message ?? `actual ${t.actual}`}` } }),
  }));
}

/** One testcase per contract rule of the run's profile, every rule listed whether it fired or not. */
export function contractJunitCases(report: RunReport): JunitCase[] {
  const c = report.conformance;
  const rules = [...new Set<string>([...(c.profile === 'spec' ? SPEC_RULES : RULES), ...Object.keys(c.byRule)])];
  return rules.map((rule) => {
    const n = c.byRule[rule as keyof typeof c.byRule] ?? 0;
    if (!n) return { name: rule, classname: `chatload.contract.${c.profile}` };
    const samples = c.samples.filter((s) => s.rule === rule).map((s) => `request #${s.request.seq}${s.response?.status !== undefined ? ` (status ${s.response.status})` : ''}: ${s.message}`);
    return { name: rule, classname: `chatload.contract.${c.profile}`, failure: { message: `${n} of ${c.checked} exchanges broke ${rule}`, body: samples.join('\n') || `${n} violations` } };
  });
}

function shown(m: BaselineMetric, value: number | null): string {
  if (value === null) return '-';
  return m.unit === 'ms' ? formatMs(value) : m.unit === 'ratio' ? `${+(value * 100).toFixed(3)}%` : `${value}/s`;
}

/** One testcase per baseline metric; `info` metrics pass. */
export function baselineJunitCases(baseline: BaselineReport | null): JunitCase[] {
  return (baseline?.metrics ?? []).map((m) => ({
    name: m.metric,
    classname: 'chatload.baseline',
    ...(m.verdict === 'fail' ? { failure: { message: `${m.metric} regressed: ${shown(m, m.old)} → ${shown(m, m.new)}`, body: `${m.note ?? ''}\nbaseline: ${baseline!.file}` } } : {}),
  }));
}

/** junit.xml for a gated report: thresholds, contract rules and baseline metrics as three suites. Pure. */
export function renderGateJunit(report: RunReport): string {
  const timestamp = report.startedAt;
  const suites = [
    { name: `${report.scenario.name} thresholds`, cases: thresholdJunitCases(report), timestamp },
    { name: `${report.scenario.name} contract`, cases: contractJunitCases(report), timestamp },
    { name: `${report.scenario.name} baseline`, cases: baselineJunitCases(report.baseline), timestamp },
  ];
  return renderJunit(suites.filter((s) => s.cases.length > 0));
}
