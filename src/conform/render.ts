import type { JunitSuite } from '../report/junit.js';
import type { CaseResult, CaseStepResult, ConformReport, FuzzSummary } from './types.js';

const FAILURE_CHARS = 140;

/** "48 / 50 cases passed". */
export function conformHeadline(report: Pick<ConformReport, 'cases' | 'passed'>): string {
  return `${report.passed} / ${report.cases} cases passed`;
}

/** How to run the same fuzzing again. */
export function fuzzReplay(fuzz: Pick<FuzzSummary, 'runs' | 'seed'>): string {
  return `--fuzz ${fuzz.runs} --fuzz-seed ${fuzz.seed}`;
}

export function describeFuzz(fuzz: FuzzSummary): string {
  const found = fuzz.failure ? `failed at body ${fuzz.failure.run} of ${fuzz.runs}, shrunk ${fuzz.failure.shrinks} time${fuzz.failure.shrinks === 1 ? '' : 's'}` : `all ${fuzz.generated} bodies answered as the schema says`;
  return `fuzz: ${fuzz.runs} bodies from the request schema (${fuzz.invalid} invalid), seed ${fuzz.seed}: ${found}; ${fuzz.requests} requests (replay: ${fuzzReplay(fuzz)})`;
}

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
  lines.push('', `  ${conformHeadline(report)}: ${report.passed} passed, ${report.failed} failed`);
  if (report.fuzz) lines.push(`  ${describeFuzz(report.fuzz)}`);
  return `${lines.join('\n')}\n`;
}

const keyShown = (key: CaseStepResult['sent']['key']) => (key === 'missing' ? 'no X-API-Key' : key === 'invalid' ? 'X-API-Key: an invalid key' : 'X-API-Key: [REDACTED]');

/** One step as plain text: what was sent, what was expected, what came back. */
export function describeStep(step: CaseStepResult): string {
  const { sent, got } = step;
  const gotLine = got.transportError ? `no response (${got.transportError})` : got.status === undefined ? 'not sent' : `${got.status}${got.contentType ? ` ${got.contentType}` : ''}`;
  return [
    `sent: ${sent.method} /v1/chats · ${sent.contentType ?? 'no Content-Type'} · ${keyShown(sent.key)} · ${sent.bytes.toLocaleString('en-US')} bytes`,
    `  ${sent.body}`,
    `expected: ${step.expected.join(' or ')}`,
    `got: ${gotLine}`,
    ...(got.body ? [`  ${got.body}`] : []),
    ...got.violations.map((v) => `  ${v}`),
  ].join('\n');
}

/** The whole story of a case, for a JUnit message body. */
export function describeCase(r: CaseResult): string {
  const steps = r.steps ?? [];
  return [
    `${r.id}: ${r.title}`,
    `expected ${r.expected}, got ${r.actual}`,
    ...(r.why ? [`why: ${r.why}${r.source ? ` (${r.source})` : ''}`] : []),
    ...(r.assumption ? [`assumed: ${r.assumption}`] : []),
    ...r.failures.map((f) => `failure: ${f}`),
    ...steps.map((s, i) => (steps.length > 1 ? `-- step ${i + 1}\n` : '') + describeStep(s)),
  ].join('\n');
}

function junitCase(r: CaseResult) {
  return {
    name: `${r.id}: ${r.title}`,
    classname: `chatload.conform.${r.group}`,
    timeSeconds: r.ms / 1000,
    ...(r.ok ? { systemOut: describeCase(r) } : { failure: { message: r.failures[0] ?? 'failed', body: describeCase(r) } }),
  };
}

/** One JUnit testcase per case, one suite per group; each says what was sent, expected (and why) and got. Pure. */
export function conformJunitSuites(report: ConformReport, timestamp?: string): JunitSuite[] {
  const groups = [...new Set(report.results.map((r) => r.group))];
  return groups.map((group) => ({
    name: `conform.${group}`,
    cases: report.results.filter((r) => r.group === group).map(junitCase),
    ...(timestamp ? { timestamp } : {}),
  }));
}

/** Counts for the `conform` section. Pure. */
export function conformReport(profile: string, results: CaseResult[], fuzz?: FuzzSummary): ConformReport {
  const passed = results.filter((r) => r.ok).length;
  return { profile, cases: results.length, passed, failed: results.length - passed, results, ...(fuzz ? { fuzz } : {}) };
}
