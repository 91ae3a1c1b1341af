import type { CheckerStats } from '../../contract/checker.js';
import type { ViolationSample } from '../../record/state.js';
import type { RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';

const int = (n: number) => n.toLocaleString('en-US');

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function pre(label: string, text: string): string {
  return `<div class="pre-label">${escapeHtml(label)}</div><pre>${escapeHtml(text)}</pre>`;
}

function sampleHtml(sample: ViolationSample, index: number): string {
  const where = [
    sample.schemaPath ? `schema <code>${escapeHtml(sample.schemaPath)}</code>` : '',
    sample.instancePath ? `body <code>${escapeHtml(sample.instancePath)}</code>` : '',
  ].filter(Boolean);
  const response = sample.response;
  const heading = [
    `sample ${index + 1}`,
    `request #${sample.request?.seq ?? '?'}`,
    `at ${sample.at}s`,
    response?.status !== undefined ? `status ${response.status}` : 'no HTTP answer',
  ].join(' · ');
  const size = response?.bodyBytes !== undefined ? `${int(response.bodyBytes)} bytes${response.truncated ? ', truncated' : ''}` : '';
  const parts = [
    `<p class="sample-message">${escapeHtml(sample.message ?? '')}</p>`,
    where.length ? `<p>${where.join(' · ')}</p>` : '',
    pre('request body', JSON.stringify(sample.request?.body, null, 2) ?? ''),
    response?.headers ? pre('response headers', Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`).join('\n')) : '',
    response?.bodyExcerpt !== undefined ? pre(`response body${size ? ` (${size})` : ''}`, response.bodyExcerpt || '(empty)') : '',
  ];
  return `<details class="sample"><summary>${escapeHtml(heading)}</summary>${parts.join('')}</details>`;
}

/** How the checks were tuned, and what remembering every chatId cost. */
function checksHtml(checks: CheckerStats | undefined): string {
  if (!checks?.chatIds) return '';
  const { tracked, bytes, falseDuplicateProbability } = checks.chatIds;
  return `<p class="muted checks">Clock skew allowed for createdAt: ${int(checks.skewMs)} ms · chatId uniqueness tracked ${int(tracked)} ids in ${(bytes / 1024 / 1024).toFixed(1)} MiB (chance of a false duplicate ${falseDuplicateProbability.toPrecision(2)}).</p>`;
}

/** Violations by rule, most frequent first; each rule opens onto its samples. Pure. */
export function violationsHtml(report: RunReport): string {
  const c = report.conformance;
  if (!c) return '<p class="muted">This report has no contract section.</p>';
  const rules = Object.entries(c.byRule ?? {})
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .sort(([, a], [, b]) => b - a);
  if (!rules.length) {
    return (c.checked
      ? `<p class="ok-text">All ${int(c.checked)} exchanges met the contract (${escapeHtml(c.profile)} profile).</p>`
      : '<p class="muted">No exchange was checked.</p>') + checksHtml(c.checks);
  }
  const largest = rules[0]![1];
  const hits = rules.reduce((n, [, count]) => n + count, 0);
  const intro = `<p>${int(c.violating)} violating exchange${c.violating === 1 ? '' : 's'}: ${int(c.violating)} of ${int(c.checked)} (${c.checked ? ((c.violating / c.checked) * 100).toFixed(2) : '0'}%) broke the contract (${escapeHtml(c.profile)} profile), with ${int(hits)} rule violation${hits === 1 ? '' : 's'} in all (an exchange can break several rules; one fault counts under one rule). Open a rule to see its samples.</p>`;
  const items = rules.map(([rule, count]) => {
    const samples = (c.samples ?? []).filter((s) => s.rule === rule);
    const body = samples.length ? samples.map(sampleHtml).join('') : '<p class="muted">No sample was kept for this rule.</p>';
    return `<details class="rule" data-rule="${escapeHtml(rule)}"><summary><span class="rule-name">${escapeHtml(rule)}</span>`
      + `<span class="rule-bar"><span class="hbar c-red" style="width:${((count / largest) * 100).toFixed(2)}%"></span></span>`
      + `<span class="count">${int(count)}</span><span class="muted">${samples.length} sample${samples.length === 1 ? '' : 's'}</span>`
      + `${samples[0] ? `<span class="rule-example muted">e.g. ${escapeHtml(truncate(samples[0].message ?? '', 160))}</span>` : ''}</summary>${body}</details>`;
  });
  return intro + items.join('\n') + checksHtml(c.checks);
}
