import { formatDuration, formatMs } from '../units.js';
import { describeLoad } from './summary.js';
import type { LatencyReport, RunReport } from './types.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const int = (n: number) => n.toLocaleString('en-US');

function latencyRows(report: RunReport): string {
  const rows: [string, LatencyReport][] = [['all responses', report.latency]];
  if (report.load.model === 'open') rows.push(['service time (uncorrected)', report.serviceTime]);
  for (const [cls, l] of Object.entries(report.latencyByStatusClass).sort()) rows.push([cls, l]);
  return rows
    .map(([label, l]) => `<tr><th>${escapeHtml(label)}</th><td>${int(l.count)}</td>${[l.min, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map((v) => `<td>${formatMs(v)}</td>`).join('')}</tr>`)
    .join('\n');
}

function statusSection(report: RunReport): string {
  const total = report.totals.requests || 1;
  const entries: [string, number, string][] = [
    ...Object.entries(report.status).map(([code, n]): [string, number, string] => [code, n, `s${code[0]}xx`]),
    ...Object.entries(report.transportErrors).map(([kind, n]): [string, number, string] => [kind, n, 'transport']),
  ];
  if (!entries.length) return '<p class="muted">No request completed.</p>';
  const bar = entries.map(([label, n, cls]) => `<span class="seg ${cls}" style="width:${((n / total) * 100).toFixed(3)}%" title="${escapeHtml(label)}: ${int(n)}"></span>`).join('');
  const legend = entries.map(([label, n, cls]) => `<li><span class="dot ${cls}"></span>${escapeHtml(label)} <b>${int(n)}</b> <span class="muted">${((n / total) * 100).toFixed(2)}%</span></li>`).join('');
  return `<div class="bar" role="img" aria-label="status distribution">${bar}</div><ul class="legend">${legend}</ul>`;
}

function violationsSection(report: RunReport): string {
  const c = report.conformance;
  const rules = Object.entries(c.byRule);
  if (!rules.length) return `<p class="ok-text">All ${int(c.checked)} exchanges met the contract (${escapeHtml(c.profile)} profile).</p>`;
  return rules
    .map(([rule, n]) => {
      const samples = c.samples.filter((s) => s.rule === rule);
      const sampleHtml = samples
        .map(
          (s) => `<div class="sample"><p>${escapeHtml(s.message)}${s.schemaPath ? ` <code>${escapeHtml(s.schemaPath)}</code>` : ''}</p>
<p class="muted">request #${s.request.seq} at ${s.at}s${s.response?.status !== undefined ? ` · status ${s.response.status}` : ''}</p>
<pre>${escapeHtml(JSON.stringify(s.request.body, null, 2))}</pre>${s.response?.bodyExcerpt !== undefined ? `<pre>${escapeHtml(s.response.bodyExcerpt)}</pre>` : ''}</div>`,
        )
        .join('\n');
      return `<details class="rule"><summary><b>${escapeHtml(rule)}</b> <span class="count">${int(n ?? 0)}</span></summary>${sampleHtml}</details>`;
    })
    .join('\n');
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#6b7280;--bg:#f7f7f8;--card:#fff;--ok:#15803d;--fail:#b91c1c;--line:#e5e7eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:20px 28px;background:var(--card);border-bottom:1px solid var(--line);display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.verdict{font-weight:700;font-size:20px;padding:6px 14px;border-radius:6px;color:#fff}.verdict.pass{background:var(--ok)}.verdict.fail{background:var(--fail)}
h1{font-size:18px;margin:0}h2{font-size:15px;margin:0 0 12px}main{padding:20px 28px;display:grid;gap:16px;max-width:1200px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px}
table{border-collapse:collapse;width:100%}th,td{padding:5px 10px;text-align:right;border-bottom:1px solid var(--line);font-variant-numeric:tabular-nums}th:first-child{text-align:left}
.muted{color:var(--muted)}.ok-text{color:var(--ok)}.kpis{display:flex;gap:28px;flex-wrap:wrap}.kpi b{display:block;font-size:20px}
.bar{display:flex;height:18px;border-radius:4px;overflow:hidden;background:var(--line)}.seg{display:block;height:100%}
.s2xx{background:#16a34a}.s3xx{background:#0ea5e9}.s4xx{background:#f59e0b}.s5xx{background:#dc2626}.transport{background:#7c3aed}
.legend{list-style:none;padding:0;margin:10px 0 0;display:flex;gap:18px;flex-wrap:wrap}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
details.rule{border-top:1px solid var(--line);padding:8px 0}details.rule summary{cursor:pointer}.count{background:#fee2e2;color:var(--fail);border-radius:10px;padding:0 8px;margin-left:6px}
.sample{margin:8px 0 8px 16px;border-left:3px solid var(--line);padding-left:12px}pre{background:#f3f4f6;padding:8px;border-radius:4px;overflow:auto;max-height:240px;font-size:12px}
`;

/** One self-contained HTML file: no script or style is loaded from anywhere. Pure. */
export function renderHtml(report: RunReport): string {
  const t = report.totals;
  const reasons = report.verdictReasons.length ? `<p>${report.verdictReasons.map(escapeHtml).join('<br>')}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>chatload · ${escapeHtml(report.scenario.name)} · ${report.verdict}</title><style>${STYLE}</style></head>
<body>
<header>
<span class="verdict ${report.verdict}" id="verdict">${report.verdict.toUpperCase()}</span>
<div><h1>${escapeHtml(report.scenario.name)}${report.partial ? ' (partial)' : ''}</h1>
<div class="muted">${escapeHtml(report.target.kind === 'mock' ? 'embedded mock' : report.target.url)} · ${escapeHtml(describeLoad(report.load))} · ran ${formatDuration(report.durationMs)} · ${escapeHtml(report.startedAt)} · seed ${report.seed}</div>${reasons}</div>
</header>
<main>
<section><h2>Totals</h2><div class="kpis">
<div class="kpi"><span class="muted">requests</span><b>${int(t.requests)}</b></div>
<div class="kpi"><span class="muted">throughput</span><b>${t.rps.toFixed(1)}/s</b></div>
<div class="kpi"><span class="muted">errors</span><b>${int(t.errors)} (${(t.errorRate * 100).toFixed(2)}%)</b></div>
<div class="kpi"><span class="muted">p99</span><b>${formatMs(report.latency.p99)}</b></div>
<div class="kpi"><span class="muted">violating</span><b>${int(report.conformance.violating)}</b></div>
<div class="kpi"><span class="muted">dropped / late</span><b>${int(t.dropped)} / ${int(t.late)}</b></div>
</div></section>
<section><h2>Latency percentiles</h2><table id="percentiles"><thead><tr><th></th><th>count</th><th>min</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>
${latencyRows(report)}
</tbody></table></section>
<section><h2>Status distribution</h2>${statusSection(report)}</section>
<section id="violations"><h2>Contract violations</h2>${violationsSection(report)}</section>
</main>
</body></html>
`;
}
