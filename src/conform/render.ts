import type { JunitSuite } from '../report/junit.js';
import type { CaseResult, ConformReport } from './types.js';

const FAILURE_CHARS = 140;

/** The terminal table: one line per case, failures spelled out under it. Pure. */
export function renderConformTable(report: ConformReport, target: string): string {
  const rows = report.results.map((r) => [r.ok ? 'pass' : 'FAIL', r.id, r.expected, r.actual, r.title]);
  const header = ['', 'case', 'expected', 'got', 'what'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, col) => (col === cells.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')}`.trimEnd();
  const lines = [`chatload conform → ${target} · ${report.profile} profile · ${report.cases} cases from the spec`, '', line(header)];
  report.results.forEach((r, i) => {
    lines.push(line(rows[i]!));
    for (const failure of r.failures) lines.push(`        ${failure.length > FAILURE_CHARS ? `${failure.slice(0, FAILURE_CHARS)}…` : failure}`);
  });
  lines.push('', `  ${report.passed} passed, ${report.failed} failed`);
  return `${lines.join('\n')}\n`;
}

function junitCase(r: CaseResult) {
  return {
    name: `${r.id}: ${r.title}`,
    classname: `chatload.conform.${r.group}`,
    timeSeconds: r.ms / 1000,
    ...(r.ok ? {} : { failure: { message: r.failures[0] ?? 'failed', body: [`expected ${r.expected}, got ${r.actual}`, ...r.failures].join('\n') } }),
  };
}

/** One JUnit testcase per case, one suite per group. Pure. */
export function conformJunitSuites(report: ConformReport, timestamp?: string): JunitSuite[] {
  const groups = [...new Set(report.results.map((r) => r.group))];
  return groups.map((group) => ({
    name: `conform.${group}`,
    cases: report.results.filter((r) => r.group === group).map(junitCase),
    ...(timestamp ? { timestamp } : {}),
  }));
}

/** Counts for the `conform` section. Pure. */
export function conformReport(profile: string, results: CaseResult[]): ConformReport {
  const passed = results.filter((r) => r.ok).length;
  return { profile, cases: results.length, passed, failed: results.length - passed, results };
}
