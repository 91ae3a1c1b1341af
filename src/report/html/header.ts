import { formatDuration, formatMs } from '../../units.js';
import { describeLoad } from '../summary.js';
import type { RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';
import { camelWords, formatNumber } from './generic.js';

/** Rule violations as written, or summed from byRule in reports of older versions. */
const ruleViolations = (c: RunReport['conformance'] | undefined) => c?.ruleViolations ?? Object.values(c?.byRule ?? {}).reduce((n: number, v) => n + (typeof v === 'number' ? v : 0), 0);

const int = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en-US') : '-');
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 3 : 2)}%`;

/** A target as shown to people: no user-info and no query string, where a key could hide. */
export function displayTarget(target: RunReport['target']): string {
  if (target.kind === 'mock') return 'embedded mock';
  try {
    const url = new URL(target.url);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return target.url.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}

function why(report: RunReport): string {
  if (report.verdictReasons?.length) return `<ul class="reasons">${report.verdictReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`;
  if (report.verdict !== 'pass') return '<p class="reasons">The run failed (no reason was recorded).</p>';
  const thresholds = report.thresholds?.length ?? 0;
  const held = thresholds ? `all ${thresholds} threshold${thresholds === 1 ? '' : 's'} held` : 'no threshold was set';
  return `<p class="reasons">Every one of ${int(report.conformance?.checked)} exchanges met the contract (${escapeHtml(report.conformance?.profile ?? '?')} profile); ${held}.</p>`;
}

/** 2025-01-02T03:04:05.000Z → 2025-01-02 03:04:05 UTC; anything else as it is. */
function readableTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(String(iso));
  return match ? `${match[1]} ${match[2]} UTC` : String(iso);
}

function facts(report: RunReport): string {
  const rows: [string, string][] = [
    ['target', displayTarget(report.target)],
    ['load', describeLoad(report.load)],
    ['ran', `${formatDuration(report.durationMs)} from ${readableTime(report.startedAt)}`],
    ['scenario file', report.scenario.file || '-'],
    ['profile', report.conformance?.profile ?? '-'],
    ['seed', String(report.seed)],
    ...(report.shard ? ([['shard', `${report.shard.index} of ${report.shard.count}`]] as [string, string][]) : []),
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
}

/** The verdict, why, and what ran: everything a reader needs before the first chart. */
export function headerHtml(report: RunReport): string {
  const verdict = report.verdict === 'pass' ? 'pass' : 'fail';
  return `<header class="top ${verdict}">
<div class="verdict-box"><span class="verdict ${verdict}" id="verdict">${verdict.toUpperCase()}</span>${report.partial ? '<span class="badge warn">partial</span>' : ''}${report.forced?.length ? '<a class="badge warn" href="#extra-forced">forced</a>' : ''}</div>
<div class="what"><h1>${escapeHtml(report.scenario.name)}</h1>${why(report)}${facts(report)}</div>
</header>`;
}

interface Kpi {
  label: string;
  value: string;
  tone?: 'ok' | 'bad';
  hint?: string;
}

const KNOWN_TOTALS = new Set(['requests', 'responses', 'transportErrors', 'timeouts', 'untimed', 'dropped', 'late', 'errors', 'errorRate', 'rps']);

export function totalsHtml(report: RunReport): string {
  const t = report.totals;
  const c = report.conformance;
  const kpis: Kpi[] = [
    { label: 'requests', value: int(t.requests), hint: `${int(t.responses)} answered${report.warmup ? ` · ${int(report.warmup.totals.requests)} warm-up apart` : ''}` },
    { label: 'throughput', value: `${(t.rps ?? 0).toLocaleString('en-US', { maximumFractionDigits: 1 })}/s` },
    { label: 'errors', value: int(t.errors), tone: t.errors ? 'bad' : 'ok', hint: `${percent(t.errorRate ?? 0)} · ${int(t.transportErrors)} without answer` },
    { label: 'p50 latency', value: formatMs(report.latency?.p50) },
    { label: 'p99 latency', value: formatMs(report.latency?.p99), hint: `max ${formatMs(report.latency?.max)}` },
    { label: 'violating exchanges', value: int(c?.violating), tone: c?.violating ? 'bad' : 'ok', hint: `of ${int(c?.checked)} checked · ${int(ruleViolations(c))} rule violations` },
    { label: 'dropped / late', value: `${int(t.dropped)} / ${int(t.late)}`, tone: t.dropped ? 'bad' : undefined, hint: 'not sent on time' },
  ];
  // Totals added by later versions show up as they are.
  for (const [key, value] of Object.entries(t)) {
    if (!KNOWN_TOTALS.has(key) && typeof value === 'number') kpis.push({ label: camelWords(key).toLowerCase(), value: formatNumber(value) });
  }
  const cards = kpis
    .map((k) => `<div class="kpi${k.tone ? ` ${k.tone}` : ''}"><span class="label">${escapeHtml(k.label)}</span><b>${escapeHtml(k.value)}</b>${k.hint ? `<span class="hint">${escapeHtml(k.hint)}</span>` : ''}</div>`)
    .join('\n');
  return `<section class="kpis" id="totals" aria-label="totals">${cards}</section>`;
}
