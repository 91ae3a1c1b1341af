import { formatAxisCount, formatAxisMs, linearTicks, niceMax, type Tick } from '../report/charts/scale.js';
import { renderChart, type ChartMarker, type ChartSpec } from '../report/charts/svg-chart.js';
import { escapeHtml } from '../report/html/escape.js';
import { STYLE } from '../report/html/style.js';
import { formatMs } from '../units.js';
import type { TrendPoint, TrendReport, TrendSeries } from './trend.js';

const TREND_STYLE = `
header.top.trend{border-top-color:var(--blue);display:block}
section.series>h2 code{font-size:14px}
.series .charts{display:grid;gap:12px}
.series h3{font-size:14px;margin:8px 0 0}
.runs td,.runs th{white-space:nowrap;text-align:left}.runs td.wrap{white-space:normal}
.runs tr.regressed td{background:var(--bad-bg)}
`;

const percent = (ratio: number) => `${+(ratio * 100).toFixed(3)}%`;
const shortDate = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function runLine(p: TrendPoint): string {
  return [
    `run ${p.run} · ${shortDate(p.startedAt)} · ${p.command} · ${p.verdict.toUpperCase()}${p.partial ? ' (partial)' : ''}`,
    [p.commit ? `commit ${p.commit.slice(0, 10)}` : '', p.branch ? `branch ${p.branch}` : '', ...Object.entries(p.tags).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(' · '),
  ]
    .filter(Boolean)
    .join('\n');
}

function tooltip(p: TrendPoint, metric: string): string {
  const interval = (e: TrendPoint['p50']) => (e.low === null ? '' : ` (${formatMs(e.low)} … ${formatMs(e.high)})`);
  return [
    runLine(p),
    `p50 ${formatMs(p.p50.ms)}${interval(p.p50)}`,
    ...(metric === 'p50' ? [] : [`${metric} ${formatMs(p.metric.ms)}${interval(p.metric)}`]),
    `error rate ${percent(p.errorRate.value)} · ${p.rps.toFixed(1)} req/s · ${p.requests.toLocaleString('en-US')} requests${p.capacity !== null ? ` · capacity ${p.capacity}/s` : ''}`,
    ...(p.regressions.length ? [`regressed against run ${p.comparedWith}: ${p.regressions.map((r) => r.metric).join(', ')}`] : []),
  ].join('\n');
}

function xAxis(points: readonly TrendPoint[]): ChartSpec['x'] {
  const step = Math.max(1, Math.ceil(points.length / 8));
  const ticks: Tick[] = points.flatMap((p, i) => (i % step === 0 || i === points.length - 1 ? [{ value: i, label: `#${p.run}` }] : []));
  return { label: 'run (oldest → newest)', min: -0.5, max: Math.max(0.5, points.length - 0.5), ticks };
}

function regressionMarkers(points: readonly TrendPoint[], which: (metric: string) => boolean): ChartMarker[] {
  return points.flatMap((p, i) => {
    const hits = p.regressions.filter((r) => which(r.metric));
    return hits.length ? [{ x: i, row: 0 as const, colour: 'red' as const, title: `run ${p.run} regressed against run ${p.comparedWith}: ${hits.map((r) => `${r.metric} ${r.note}`).join('; ')}` }] : [];
  });
}

const MARKER_LEGEND: ChartSpec['markerLegend'] = [{ name: 'regression against the previous passing run', colour: 'red' }];

function charts(series: TrendSeries, trend: TrendReport, id: string): ChartSpec[] {
  const points = series.points;
  const x = xAxis(points);
  const dots = points.map((p) => ({ title: tooltip(p, trend.metric), href: p.report }));
  const hover = points.map((p, i) => ({ x: i, text: tooltip(p, trend.metric) }));
  const level = `${Math.round(trend.confidence * 100)}%`;

  const latencies = trend.metric === 'p50' ? (['p50'] as const) : (['p50', 'metric'] as const);
  const name = (key: 'p50' | 'metric') => (key === 'p50' ? 'p50' : trend.metric);
  const colour = (key: 'p50' | 'metric') => (key === 'p50' ? ('teal' as const) : ('purple' as const));
  const latencyTop = niceMax(Math.max(0, ...points.flatMap((p) => latencies.flatMap((k) => [p[k].ms ?? 0, p[k].high ?? 0]))), 5, 1);
  const latency: ChartSpec = {
    id: `${id}-latency`,
    title: 'Latency across runs',
    x,
    y: { label: 'latency (ms)', min: 0, max: latencyTop, ticks: linearTicks(0, latencyTop, 5, formatAxisMs) },
    bands: latencies.map((k) => ({ name: `${name(k)} ${level} bootstrap interval`, colour: colour(k), points: points.map((p, i) => [i, p[k].low, p[k].high] as const) })),
    series: latencies.map((k) => ({ name: name(k), colour: colour(k), points: points.map((p, i) => [i, p[k].ms] as const), dots })),
    markers: regressionMarkers(points, (m) => /^p\d/.test(m)),
    markerLegend: MARKER_LEGEND,
    hover,
    emptyText: 'no response was timed in these runs',
    caption: 'One point per run; click a point to open its report. The band is the percentile’s bootstrap interval: how far it could move by chance alone.',
  };

  const errorTop = niceMax(Math.max(0, ...points.map((p) => p.errorRate.high * 100)), 5, 1);
  const errors: ChartSpec = {
    id: `${id}-errors`,
    title: 'Error rate across runs',
    x,
    y: { label: 'error rate (%)', min: 0, max: errorTop, ticks: linearTicks(0, errorTop, 5, (v) => `${+v.toFixed(2)}%`) },
    bands: [{ name: `${level} interval`, colour: 'red', points: points.map((p, i) => [i, p.errorRate.low * 100, p.errorRate.high * 100] as const) }],
    series: [{ name: 'error rate', colour: 'red', points: points.map((p, i) => [i, p.errorRate.value * 100] as const), dots }],
    markers: regressionMarkers(points, (m) => m === 'errorRate' || m === 'violationRate'),
    markerLegend: MARKER_LEGEND,
    hover,
  };

  const capacities = points.some((p) => p.capacity !== null);
  const throughputTop = niceMax(Math.max(0, ...points.map((p) => Math.max(p.rps, p.capacity ?? 0))), 5, 1);
  const throughput: ChartSpec = {
    id: `${id}-throughput`,
    title: 'Throughput and capacity across runs',
    x,
    y: { label: 'per second', min: 0, max: throughputTop, ticks: linearTicks(0, throughputTop, 5, formatAxisCount) },
    series: [
      { name: 'requests/s', colour: 'blue', points: points.map((p, i) => [i, p.rps] as const), dots },
      ...(capacities ? [{ name: 'capacity (sweep)', colour: 'green' as const, points: points.map((p, i) => [i, p.capacity] as const) }] : []),
    ],
    hover,
  };
  return [latency, errors, throughput];
}

function runsTable(series: TrendSeries, metric: string): string {
  const rows = [...series.points].reverse().map((p) => {
    const cells = [
      `<td>${p.report ? `<a href="${escapeHtml(p.report)}">#${p.run}</a>` : `#${p.run}`}</td>`,
      `<td>${escapeHtml(shortDate(p.startedAt))}</td>`,
      `<td>${escapeHtml(p.commit ? p.commit.slice(0, 10) : '-')}</td>`,
      `<td>${escapeHtml(p.branch ?? '-')}</td>`,
      `<td class="wrap">${escapeHtml(Object.entries(p.tags).map(([k, v]) => `${k}=${v}`).join(' ') || '-')}</td>`,
      `<td><span class="badge ${p.verdict === 'pass' ? 'ok' : 'bad'}">${p.verdict.toUpperCase()}</span>${p.partial ? ' <span class="badge warn">partial</span>' : ''}</td>`,
      `<td>${escapeHtml(formatMs(p.p50.ms))}</td>`,
      ...(metric === 'p50' ? [] : [`<td>${escapeHtml(formatMs(p.metric.ms))}</td>`]),
      `<td>${escapeHtml(percent(p.errorRate.value))}</td>`,
      `<td>${p.rps.toFixed(1)}</td>`,
      `<td class="wrap">${p.regressions.length ? escapeHtml(`${p.regressions.map((r) => r.metric).join(', ')} (against #${p.comparedWith})`) : '-'}</td>`,
    ];
    return `<tr data-run="${p.run}"${p.regressions.length ? ' class="regressed"' : ''}>${cells.join('')}</tr>`;
  });
  const head = ['run', 'started (UTC)', 'commit', 'branch', 'tags', 'verdict', 'p50', ...(metric === 'p50' ? [] : [metric]), 'error rate', 'req/s', 'regressed'];
  return `<div class="table-wrap"><table class="runs"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function seriesHtml(series: TrendSeries, trend: TrendReport, index: number): string {
  const id = `series-${index + 1}`;
  const points = series.points;
  const regressed = points.filter((p) => p.regressions.length).length;
  const what = [series.kind !== 'load' ? series.kind : '', series.shard ? `shard ${series.shard}` : ''].filter(Boolean).join(', ');
  const summary = `${points.length} run${points.length === 1 ? '' : 's'} from ${shortDate(points[0]!.startedAt)} to ${shortDate(points.at(-1)!.startedAt)} · ${regressed} regressed against the run before`;
  return `<section class="card series" id="${id}" data-scenario="${escapeHtml(series.scenario)}" data-runs="${points.length}">
<h2>${escapeHtml(series.scenario)} <span class="muted">against</span> <code>${escapeHtml(series.target)}</code>${what ? ` <span class="muted">(${escapeHtml(what)})</span>` : ''}</h2>
<p class="muted">${escapeHtml(summary)}</p>
<div class="charts">${charts(series, trend, id).map((c) => `<h3>${escapeHtml(c.title)}</h3>${renderChart(c)}`).join('\n')}</div>
${runsTable(series, trend.metric)}
</section>`;
}

/** The trend page: self-contained (inline style and SVG, no script, nothing fetched), so it opens from file:// and from a CI artifact. Pure. */
export function renderTrendHtml(trend: TrendReport, source: string): string {
  const body = trend.series.length ? trend.series.map((s, i) => seriesHtml(s, trend, i)).join('\n') : '<section class="card"><p class="muted">No runs recorded yet.</p></section>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>chatload · run history · ${trend.runs} runs</title>
<style>${STYLE}${TREND_STYLE}</style></head>
<body>
<header class="top trend"><h1>Run history</h1>
<p class="muted">${escapeHtml(`${trend.runs} run${trend.runs === 1 ? '' : 's'} from ${source} · p50 and ${trend.metric} with ${Math.round(trend.confidence * 100)}% intervals · a regression is a failed baseline comparison with the previous passing run of the same scenario and target`)}</p></header>
<main>
${body}
</main>
<footer>chatload run history · docs/history.md</footer>
</body></html>
`;
}
