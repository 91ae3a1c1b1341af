import { percentileChart } from './charts/percentile-chart.js';
import { renderChart } from './charts/svg-chart.js';
import { timelineCharts } from './charts/timeline-chart.js';
import { breakdownHtml } from './html/breakdown.js';
import { conformHtml, conformPageHtml, isConformReport } from './html/conform.js';
import { escapeHtml } from './html/escape.js';
import { headerHtml, totalsHtml } from './html/header.js';
import { statusHtml } from './html/status.js';
import { isSweepReport, sweepPageHtml } from './html/sweep.js';
import { STYLE } from './html/style.js';
import { baselineHtml, extraSectionsHtml, percentilesTableHtml, thresholdsHtml, warmupHtml } from './html/tables.js';
import { violationsHtml } from './html/violations.js';
import type { RunReport } from '../run-report.js';

export { escapeHtml } from './html/escape.js';

const card = (id: string, title: string, body: string) => `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

/**
 * report.html: one self-contained file (inline style, SVG charts with HTML axes, no script, nothing fetched),
 * so it opens from file:// and from a CI artifact alike. Its size does not grow with the number of
 * requests: histograms are drawn as fixed-size curves. Pure.
 */
export function renderHtml(report: RunReport): string {
  // A conformance check is no load test: its own page (html/conform.ts).
  if (isConformReport(report.conform)) return conformPageHtml({ ...report, conform: report.conform });
  // A sweep is many runs at rising rates: its own page (html/sweep.ts).
  if (isSweepReport(report.sweep)) return sweepPageHtml({ ...report, sweep: report.sweep });
  const timeline = timelineCharts(report);
  const breakdown = breakdownHtml(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>chatload · ${escapeHtml(report.scenario.name)} · ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}</title>
<style>${STYLE}</style></head>
<body>
${headerHtml(report)}
<main>
${totalsHtml(report)}
${card('latency-percentiles', 'Latency percentiles', renderChart(percentileChart(report)) + percentilesTableHtml(report))}
${report.warmup ? card('warmup', 'Warm-up', warmupHtml(report)) : ''}
${breakdown ? card('breakdown', 'By agent and by turn', breakdown) : ''}
${card('latency-time', 'Latency over time', renderChart(timeline.latency))}
${card('throughput-time', 'Throughput, errors and violating exchanges over time', renderChart(timeline.throughput))}
${card('load-time', 'Load over time: in flight, late and dropped', renderChart(timeline.load))}
${card('status-time', 'Status classes over time', renderChart(timeline.status))}
<div class="row">
${card('status', 'Status distribution', statusHtml(report))}
${card('thresholds', 'Thresholds', thresholdsHtml(report))}
</div>
${report.conform !== undefined ? card('conform', 'Conformance cases', conformHtml(report.conform)) : ''}
${card('violations', 'Contract violations by rule', violationsHtml(report))}
${card('baseline', 'Baseline comparison', baselineHtml(report.baseline))}
${extraSectionsHtml(report)}
</main>
<footer>${escapeHtml(`${report.tool?.name ?? 'chatload'} ${report.tool?.version ?? ''}`)} · report schema v${escapeHtml(String(report.schemaVersion))} · ended ${escapeHtml(String(report.endedAt))}</footer>
</body></html>
`;
}
