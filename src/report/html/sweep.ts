import { capacityPhrase, levelResult } from '../../sweep/render.js';
import type { SweepLevel, SweepReport } from '../../sweep/types.js';
import { formatMs } from '../../units.js';
import { formatAxisCount, formatAxisMs, linearTicks, niceMax } from '../charts/scale.js';
import { renderChart, type ChartSeries, type ChartSpec } from '../charts/svg-chart.js';
import type { RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';
import { isPlainObject } from './generic.js';
import { headerHtml } from './header.js';
import { STYLE } from './style.js';
import { extraSectionsHtml, thresholdsHtml } from './tables.js';
import { violationsHtml } from './violations.js';

/**
 * The page of a `chatload sweep` report: the capacity first, then latency (p50, p90, p99) against
 * achieved throughput with the SLO lines and the capacity marked, achieved against offered
 * (saturation is the plateau), and the table of levels. Pure.
 */

const SWEEP_STYLE = `
table.levels td,table.levels th{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.levels td:first-child,table.levels th:first-child,table.levels td.result,table.levels th.result{text-align:left}
table.levels tr.capacity td{font-weight:600}
table.levels tr.bad td.result{color:var(--bad)}
p.conclusion{font-size:15px}
`;

export function isSweepReport(value: unknown): value is SweepReport {
  return isPlainObject(value) && Array.isArray(value.levels) && value.levels.every(isPlainObject) && Array.isArray(value.slos);
}

const rate = (r: number | null | undefined) => (typeof r === 'number' ? `${+r.toFixed(2)}/s` : '-');
const int = (n: number | undefined) => (typeof n === 'number' ? n.toLocaleString('en-US') : '-');
const card = (id: string, title: string, body: string) => `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

/** The SLOs that bound an overall latency percentile from above (p99<2s): drawn as lines on the latency chart. */
export function latencySloLines(slos: readonly string[]): { expression: string; ms: number }[] {
  const out: { expression: string; ms: number }[] = [];
  for (const expression of slos) {
    const match = /^\s*(p[\d.]+|max|mean)\s*<=?\s*(\d+(?:\.\d+)?)(ms|s|m)\s*$/.exec(expression);
    if (!match) continue;
    const ms = Number(match[2]) * (match[3] === 's' ? 1000 : match[3] === 'm' ? 60_000 : 1);
    out.push({ expression: expression.trim(), ms });
  }
  return out;
}

const done = (sweep: SweepReport) => sweep.levels.filter((l) => l.complete);
// In the order of the offered rate: past the capacity the line turns back on itself, the classic hook.
const byOffered = (levels: SweepLevel[]) => [...levels].sort((a, b) => a.offered - b.offered || a.index - b.index);
const capacityLevel = (sweep: SweepReport) => (sweep.capacity === null ? undefined : done(sweep).find((l) => l.offered === sweep.capacity && l.pass));

function dotTitle(l: SweepLevel): string {
  return `level ${l.index + 1}: offered ${rate(l.offered)}, achieved ${rate(l.achieved)}; p50 ${formatMs(l.latency.p50)}, p90 ${formatMs(l.latency.p90)}, p99 ${formatMs(l.latency.p99)}; ${levelResult(l)}`;
}

/** Latency percentiles against achieved throughput: the curve a capacity question is read from. */
export function latencyCurveChart(sweep: SweepReport): ChartSpec {
  const levels = byOffered(done(sweep));
  const slos = latencySloLines(sweep.slos);
  const xMax = niceMax(Math.max(1, ...levels.map((l) => l.achieved)) * 1.05);
  const yTop = Math.max(1, ...levels.map((l) => l.latency.p99 ?? 0), ...slos.map((s) => s.ms * 1.1));
  const yMax = niceMax(yTop);
  const percentile = (key: 'p50' | 'p90' | 'p99', colour: ChartSeries['colour']): ChartSeries => ({
    name: key,
    colour,
    points: levels.map((l) => [l.achieved, l.latency[key]] as const),
    dots: levels.map((l) => ({ title: dotTitle(l) })),
  });
  const series: ChartSeries[] = [percentile('p50', 'sky'), percentile('p90', 'amber'), percentile('p99', 'red')];
  for (const slo of slos) series.push({ name: `SLO ${slo.expression}`, colour: 'grey', dashed: true, thin: true, points: [[0, slo.ms], [xMax, slo.ms]] });
  const capacity = capacityLevel(sweep);
  if (capacity) series.push({ name: `capacity ${rate(capacity.offered)} offered (${rate(capacity.achieved)} achieved)`, colour: 'green', dashed: true, points: [[capacity.achieved, 0], [capacity.achieved, yMax]] });
  return {
    id: 'chart-latency-throughput',
    title: 'Latency against achieved throughput',
    x: { label: 'achieved throughput (requests/s)', min: 0, max: xMax, ticks: linearTicks(0, xMax, 8, formatAxisCount) },
    y: { label: 'latency (from intended start)', min: 0, max: yMax, ticks: linearTicks(0, yMax, 5, formatAxisMs) },
    series,
    emptyText: 'no level finished',
    caption: 'One point per level, joined in the order of the offered rate. Where p99 turns up steeply the target stops keeping up; past the capacity the points bunch at one throughput (or fall back) while latency climbs.',
  };
}

/** Achieved against offered: a line along the diagonal while the target keeps up, flat once it saturates. */
export function saturationChart(sweep: SweepReport): ChartSpec {
  const levels = [...done(sweep)].sort((a, b) => a.offered - b.offered);
  const top = niceMax(Math.max(1, ...levels.map((l) => Math.max(l.offered, l.achieved))) * 1.05);
  const series: ChartSeries[] = [
    { name: 'offered = achieved', colour: 'grey', dashed: true, thin: true, points: [[0, 0], [top, top]] },
    { name: 'achieved', colour: 'blue', points: levels.map((l) => [l.offered, l.achieved] as const), dots: levels.map((l) => ({ title: dotTitle(l) })) },
  ];
  const capacity = capacityLevel(sweep);
  if (capacity) series.push({ name: `capacity ${rate(capacity.offered)}`, colour: 'green', dashed: true, points: [[capacity.offered, 0], [capacity.offered, top]] });
  return {
    id: 'chart-achieved-offered',
    title: 'Achieved against offered throughput',
    x: { label: 'offered (requests/s)', min: 0, max: top, ticks: linearTicks(0, top, 8, formatAxisCount) },
    y: { label: 'achieved (requests/s)', min: 0, max: top, ticks: linearTicks(0, top, 5, formatAxisCount) },
    series,
    emptyText: 'no level finished',
    caption: 'Saturation shows as a plateau: more offered, no more achieved. A level achieving under 90 % of its offered rate counts as saturated.',
  };
}

/** Every level, by offered rate; the capacity's row in bold. */
export function levelsTableHtml(sweep: SweepReport): string {
  const rows = [...sweep.levels].sort((a, b) => a.offered - b.offered || a.index - b.index).map((l) => {
    const cls = [l.pass ? 'ok' : 'bad', sweep.capacity !== null && l.offered === sweep.capacity && l.pass ? 'capacity' : ''].filter(Boolean).join(' ');
    const cells = [`${l.index + 1} <span class="muted">${escapeHtml(l.phase)}</span>`, rate(l.offered), rate(l.achieved), formatMs(l.latency.p50), formatMs(l.latency.p90), formatMs(l.latency.p99), formatMs(l.serviceTime.p99), int(l.totals.requests), int(l.totals.errors), int(l.totals.late), int(l.totals.dropped), int(l.violating)];
    return `<tr class="${cls}" data-offered="${l.offered}">${cells.map((c) => `<td>${c.startsWith('<') || c.includes('<span') ? c : escapeHtml(c)}</td>`).join('')}<td class="result">${escapeHtml(levelResult(l))}</td></tr>`;
  });
  const head = ['level', 'offered', 'achieved', 'p50', 'p90', 'p99', 'service p99', 'requests', 'errors', 'late', 'dropped', 'violating'].map((h) => `<th>${h}</th>`).join('');
  return `<div class="table-wrap"><table class="data levels" id="levels-table"><thead><tr>${head}<th class="result">result</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function kpisHtml(report: RunReport, sweep: SweepReport): string {
  const found = sweep.capacity !== null;
  const kpis = [
    `<div class="kpi ${found ? 'ok' : 'bad'}" id="capacity"><span class="label">capacity</span><b>${found ? rate(sweep.capacity) : 'none'}</b><span class="hint">${escapeHtml(sweep.bracket.high !== null ? `bracket ${rate(sweep.bracket.low)} … ${rate(sweep.bracket.high)}` : found ? 'every level met the SLOs' : 'no level met every SLO')}</span></div>`,
    `<div class="kpi"><span class="label">knee</span><b>${sweep.knee ? rate(sweep.knee.offered) : 'none'}</b><span class="hint">${escapeHtml(sweep.knee ? `p99 ${formatMs(sweep.knee.p99)}, then it climbs faster than the rate` : 'p99 never climbed faster than the rate')}</span></div>`,
    `<div class="kpi"><span class="label">ceiling</span><b>${rate(sweep.ceiling.rate)}</b><span class="hint">${sweep.ceiling.source === 'given' ? 'given (--ceiling)' : `measured: ${int(sweep.ceiling.run?.concurrency)} virtual users`}</span></div>`,
    `<div class="kpi"><span class="label">levels</span><b>${int(sweep.levels.length)}</b><span class="hint">${int(sweep.levels.filter((l) => l.phase === 'refine').length)} of them bisection</span></div>`,
    `<div class="kpi ${report.conformance.violating ? 'bad' : ''}"><span class="label">requests</span><b>${int(report.totals.requests + (report.warmup?.totals.requests ?? 0))}</b><span class="hint">${int(report.conformance.violating + (report.warmup?.conformance.violating ?? 0))} broke the contract</span></div>`,
  ];
  return `<section class="kpis" id="totals" aria-label="totals">${kpis.join('\n')}</section>`;
}

/** The whole page of a sweep report. */
export function sweepPageHtml(report: RunReport & { sweep: SweepReport }): string {
  const { sweep } = report;
  const conclusion = `<p class="conclusion" id="conclusion">${escapeHtml(sweep.conclusion)}</p><p class="muted">SLOs: ${escapeHtml(sweep.slos.join(', '))}. Capacity: ${escapeHtml(capacityPhrase(sweep))}. Each level is an open-model run at one offered rate, ${escapeHtml(`${sweep.settings.warmupMs / 1000}s warm-up (checked, kept out of its figures) + ${sweep.settings.levelDurationMs / 1000}s`)}; latency counts from each request's intended start.</p>`;
  const rest: RunReport = { ...report, sweep: undefined };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>chatload sweep · ${escapeHtml(report.scenario.name)} · capacity ${escapeHtml(sweep.capacity === null ? 'none' : rate(sweep.capacity))} · ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</title>
<style>${STYLE}${SWEEP_STYLE}</style></head>
<body>
${headerHtml(report)}
<main>
${kpisHtml(report, sweep)}
${card('sweep-conclusion', 'What the sweep found', conclusion)}
${card('latency-throughput', 'Latency against throughput', renderChart(latencyCurveChart(sweep)))}
${card('achieved-offered', 'Achieved against offered', renderChart(saturationChart(sweep)))}
${card('levels', 'Levels', levelsTableHtml(sweep))}
${card('thresholds', 'Thresholds', thresholdsHtml(report))}
${report.conformance.violating ? card('violations', 'Contract violations by rule', violationsHtml(report)) : ''}
${extraSectionsHtml(rest)}
</main>
<footer>${escapeHtml(`${report.tool?.name ?? 'chatload'} ${report.tool?.version ?? ''}`)} · sweep · report schema v${escapeHtml(String(report.schemaVersion))} · ended ${escapeHtml(String(report.endedAt))}</footer>
</body></html>
`;
}
