import { conformJunitSuites } from '../conform/render.js';
import { RULES, STRICT_RULES } from '../contract/types.js';
import type { JunitCase, JunitSuite } from './junit.js';
import { renderJunit } from './junit.js';
import { baselineJunitCases } from './junit-baseline.js';
import { sweepJunitSuites } from './junit-sweep.js';
import type { RunReport } from '../run-report.js';

/**
 * junit.xml for a run: the verdict, one testcase per threshold, one per contract rule (a rule
 * nobody broke passes; a strict rule in the spec profile is skipped), one per baseline metric, and the conformance cases
 * when the report has them, so CI test reporters show what failed by name. Pure.
 */
export function reportToJunitSuites(report: RunReport): JunitSuite[] {
  const classname = `chatload.${report.scenario.name}`;
  const seconds = report.durationMs / 1000;
  const timestamp = report.startedAt;

  const verdict: JunitCase = {
    name: 'verdict',
    classname,
    timeSeconds: seconds,
    ...(report.verdict === 'pass' ? {} : { failure: { message: report.verdictReasons[0] ?? 'the run failed', body: report.verdictReasons.join('\n') } }),
  };

  const thresholds: JunitCase[] = (report.thresholds ?? []).map((t) => ({
    name: t.expression,
    classname: `${classname}.thresholds`,
    ...(t.ok ? {} : { failure: { message: `${t.expression} failed: ${t.message ?? (t.actual === null ? 'no value' : `actual ${t.actual}`)}` } }),
  }));

  const c = report.conformance;
  const byRule = (c?.byRule ?? {}) as Record<string, number | undefined>;
  const rules = [...new Set<string>([...RULES, ...Object.keys(byRule)])];
  const unchecked = new Set<string>(c?.profile === 'spec' ? STRICT_RULES : []);
  const contract: JunitCase[] = rules.map((rule) => {
    const count = byRule[rule] ?? 0;
    if (!count && unchecked.has(rule)) return { name: rule, classname: `${classname}.contract`, skipped: `not checked in the ${c?.profile} profile` };
    if (!count) return { name: rule, classname: `${classname}.contract` };
    const samples = (c?.samples ?? []).filter((s) => s.rule === rule).map((s) => `request #${s.request?.seq} at ${s.at}s${s.response?.status !== undefined ? ` (status ${s.response.status})` : ''}: ${s.message}`);
    return {
      name: rule,
      classname: `${classname}.contract`,
      failure: { message: `${count} of ${c?.checked ?? 0} exchanges broke ${rule}`, body: [`${count} violations of ${rule} (${c?.profile} profile)`, ...samples].join('\n') },
    };
  });

  return [
    { name: 'chatload run', cases: [verdict], timestamp },
    { name: 'thresholds', cases: thresholds, timestamp },
    { name: 'contract', cases: contract, timestamp },
    ...(report.baseline ? [{ name: 'baseline', cases: baselineJunitCases(report.baseline, `${classname}.baseline`), timestamp }] : []),
    // A report from `chatload conform` keeps its cases.
    ...(report.conform ? conformJunitSuites(report.conform, timestamp) : []),
    // A report from `chatload sweep`: one testcase per level and one for the capacity.
    ...(report.sweep ? sweepJunitSuites(report.sweep, classname, timestamp) : []),
  ];
}

export function reportToJunit(report: RunReport): string {
  return renderJunit(reportToJunitSuites(report));
}
