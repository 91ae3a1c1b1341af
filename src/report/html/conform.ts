import type { ConformReport } from '../../conform/types.js';
import { escapeHtml } from './escape.js';
import { isPlainObject, renderTable, renderValue } from './generic.js';

const COLUMNS = ['ok', 'id', 'group', 'title', 'expected', 'actual', 'failures', 'source', 'ms'];

/** The `conform` section (spec-derived cases): failed cases first, each with what was expected and what came back. Pure. */
export function conformHtml(conform: unknown): string {
  if (!isPlainObject(conform) || !Array.isArray(conform.results) || !conform.results.every(isPlainObject)) return renderValue(conform);
  const report = conform as unknown as ConformReport;
  const failedFirst = [...report.results].sort((a, b) => Number(a.ok) - Number(b.ok));
  const summary = report.failed
    ? `<p><b class="bad-text">${report.failed} of ${report.cases} cases failed</b> (${escapeHtml(String(report.profile))} profile); ${report.passed} passed.</p>`
    : `<p class="ok-text">All ${report.cases} cases derived from the spec behaved as it says (${escapeHtml(String(report.profile))} profile).</p>`;
  // All passed: the list is there for whoever wants it, folded away.
  return `${summary}<details class="cases"${report.failed ? ' open' : ''}><summary>all ${report.cases} cases</summary>${renderTable(failedFirst as unknown as Record<string, unknown>[], 0, COLUMNS)}</details>`;
}
