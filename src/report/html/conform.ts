import { conformHeadline, describeFuzz } from '../../conform/render.js';
import type { CaseResult, CaseStepResult, ConformReport } from '../../conform/types.js';
import { formatDuration } from '../../units.js';
import type { RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';
import { isPlainObject, renderValue } from './generic.js';
import { displayTarget } from './header.js';
import { STYLE } from './style.js';
import { extraSectionsHtml } from './tables.js';
import { violationsHtml } from './violations.js';

/**
 * The page of a `chatload conform` report: a conformance check, not a load test. It leads with
 * "48 / 50 cases passed" and a table of cases — what was sent, the status expected and why, what
 * came back — failures first. No load charts and no error totals: the 4xx answers are what most
 * cases expect. Pure.
 */

/** Only for the conform page: left-aligned text cells, a case table that scrolls inside its card, a header that stacks on phones. */
const CONFORM_STYLE = `
table.cases{min-width:900px;table-layout:fixed}
table.cases th,table.cases td{text-align:left;overflow-wrap:anywhere}
table.cases col.result{width:76px}table.cases .badge{white-space:nowrap}table.cases col.case{width:19%}table.cases col.sent{width:29%}table.cases col.expected{width:27%}
table.cases tr.bad>td:first-child{box-shadow:inset 3px 0 var(--bad)}
table.cases .req{display:block;color:var(--muted);font-size:12px}
table.cases pre{max-height:140px;margin:2px 0 6px;font-size:11px}
table.cases .why{margin:2px 0}table.cases .assumed{color:var(--warn);font-size:12px;margin:2px 0}
table.cases ul.failures{margin:4px 0;padding-left:16px;color:var(--bad)}
table.cases details>summary{cursor:pointer;color:var(--muted);font-size:12px}
.case-id{font-weight:600}.status{font-size:16px;font-variant-numeric:tabular-nums}
header.top .what{min-width:0;overflow-wrap:anywhere}
@media (max-width:640px){header.top{flex-direction:column;gap:12px;padding:16px}main{padding:12px}.card{padding:14px}}
`;

export function isConformReport(value: unknown): value is ConformReport {
  return isPlainObject(value) && Array.isArray(value.results) && value.results.every(isPlainObject) && typeof value.cases === 'number' && typeof value.passed === 'number';
}

const int = (n: number | undefined) => (typeof n === 'number' ? n.toLocaleString('en-US') : '-');

function keyShown(key: CaseStepResult['sent']['key']): string {
  return key === 'missing' ? 'no X-API-Key' : key === 'invalid' ? 'an invalid X-API-Key' : 'X-API-Key [REDACTED]';
}

function sentHtml(steps: CaseStepResult[]): string {
  return steps
    .map((step, i) => {
      const { sent } = step;
      const label = `${steps.length > 1 ? `${i + 1}. ` : ''}${sent.method} /v1/chats · ${sent.contentType ?? 'no Content-Type'} · ${keyShown(sent.key)} · ${int(sent.bytes)} B`;
      return `<span class="req">${escapeHtml(label)}</span><pre>${escapeHtml(sent.body)}</pre>`;
    })
    .join('');
}

function gotHtml(r: CaseResult): string {
  const steps = r.steps ?? [];
  const failures = r.failures.length ? `<ul class="failures">${r.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '';
  const bodies = steps
    .map((s, i) => (s.got.body ? `<details><summary>${steps.length > 1 ? `step ${i + 1} ` : ''}response${s.got.contentType ? ` (${escapeHtml(s.got.contentType)})` : ''}</summary><pre>${escapeHtml(s.got.body)}</pre></details>` : ''))
    .join('');
  return `<b class="status">${escapeHtml(r.actual)}</b>${failures}${bodies}`;
}

function expectedHtml(r: CaseResult): string {
  return [
    `<b class="status">${escapeHtml(r.expected)}</b>`,
    r.why ? `<p class="why">${escapeHtml(r.why)}</p>` : '',
    r.source ? `<code>${escapeHtml(r.source)}</code>` : '',
    r.assumption ? `<p class="assumed">assumed: ${escapeHtml(r.assumption)}</p>` : '',
  ].join('');
}

function caseRow(r: CaseResult): string {
  const steps = r.steps ?? [];
  return `<tr class="${r.ok ? 'ok' : 'bad'}" id="case-${escapeHtml(r.id)}" data-case="${escapeHtml(r.id)}">`
    + `<td><span class="badge ${r.ok ? 'ok' : 'bad'}">${r.ok ? 'pass' : 'FAIL'}</span></td>`
    + `<td><code class="case-id">${escapeHtml(r.id)}</code><p class="why">${escapeHtml(r.title)}</p></td>`
    + `<td>${steps.length ? sentHtml(steps) : '<span class="muted">—</span>'}</td>`
    + `<td>${expectedHtml(r)}</td>`
    + `<td>${gotHtml(r)}</td></tr>`;
}

/** The case table, failures first, then in the order the cases were derived. */
export function casesTableHtml(conform: ConformReport): string {
  const ordered = [...conform.results].sort((a, b) => Number(a.ok) - Number(b.ok));
  return `<div class="table-wrap"><table class="cases" id="cases-table"><colgroup><col class="result"><col class="case"><col class="sent"><col class="expected"><col class="got"></colgroup>`
    + '<thead><tr><th></th><th>case</th><th>sent</th><th>expected, and why</th><th>got</th></tr></thead><tbody>\n'
    + `${ordered.map(caseRow).join('\n')}\n</tbody></table></div>`;
}

/** The `conform` section of a report whose shape this renderer does not know: shown as it is. */
export function conformHtml(conform: unknown): string {
  return isConformReport(conform) ? casesTableHtml(conform) : renderValue(conform);
}

function headerHtml(report: RunReport, conform: ConformReport): string {
  const verdict = report.verdict === 'pass' ? 'pass' : 'fail';
  const reasons = report.verdictReasons?.length
    ? `<ul class="reasons">${report.verdictReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
    : `<p class="reasons">Every case got the answer the document gives it, and every response met the contract (${escapeHtml(conform.profile)} profile).</p>`;
  const facts: [string, string][] = [
    ['target', displayTarget(report.target)],
    ['profile', conform.profile],
    ['scenario file', report.scenario.file || '-'],
    ['requests', int(report.totals?.requests)],
    ['ran', formatDuration(report.durationMs)],
    ...(conform.fuzz ? ([['fuzz seed', String(conform.fuzz.seed)]] as [string, string][]) : []),
  ];
  return `<header class="top ${verdict}">
<div class="verdict-box"><span class="verdict ${verdict}" id="verdict">${verdict.toUpperCase()}</span>${report.partial ? '<span class="badge warn">partial</span>' : ''}</div>
<div class="what"><h1 id="conform-headline">${escapeHtml(conformHeadline(conform))}</h1>${reasons}<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl></div>
</header>`;
}

function kpisHtml(report: RunReport, conform: ConformReport): string {
  const kpis = [
    `<div class="kpi ${conform.failed ? 'bad' : 'ok'}"><span class="label">cases passed</span><b>${int(conform.passed)} / ${int(conform.cases)}</b><span class="hint">derived from the request schema</span></div>`,
    `<div class="kpi ${conform.failed ? 'bad' : 'ok'}"><span class="label">failed</span><b>${int(conform.failed)}</b><span class="hint">${conform.failed ? 'listed first below' : 'none'}</span></div>`,
    `<div class="kpi"><span class="label">requests</span><b>${int(report.totals?.requests)}</b><span class="hint">${int(report.conformance?.violating)} broke a contract rule</span></div>`,
    ...(conform.fuzz
      ? [`<div class="kpi ${conform.fuzz.failure ? 'bad' : 'ok'}"><span class="label">fuzzed bodies</span><b>${int(conform.fuzz.generated)}</b><span class="hint">${int(conform.fuzz.invalid)} invalid · seed ${conform.fuzz.seed}</span></div>`]
      : []),
  ];
  return `<section class="kpis" id="totals" aria-label="totals">${kpis.join('\n')}</section>`;
}

const card = (id: string, title: string, body: string) => `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

/** The whole page of a conform report. */
export function conformPageHtml(report: RunReport & { conform: ConformReport }): string {
  const { conform } = report;
  const intro = '<p class="muted">Each case: what was sent (the key never shown, long values cut), the status the document expects and why — with the schema path, and the rule assumed where the document is silent — and what came back.</p>';
  const fuzz = conform.fuzz ? card('fuzz', 'Property-based fuzzing', `<p>${escapeHtml(describeFuzz(conform.fuzz))}</p>`) : '';
  const violations = report.conformance?.violating ? card('violations', 'Contract violations by rule', violationsHtml(report)) : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>chatload conform · ${escapeHtml(conformHeadline(conform))} · ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</title>
<style>${STYLE}${CONFORM_STYLE}</style></head>
<body>
${headerHtml(report, conform)}
<main>
${kpisHtml(report, conform)}
${card('conform', 'Cases', intro + casesTableHtml(conform))}
${fuzz}
${violations}
${extraSectionsHtml(report)}
</main>
<footer>${escapeHtml(`${report.tool?.name ?? 'chatload'} ${report.tool?.version ?? ''}`)} · conform · report schema v${escapeHtml(String(report.schemaVersion))} · ended ${escapeHtml(String(report.endedAt))}</footer>
</body></html>
`;
}
