import { decodeHistogram } from '../../record/histogram.js';
import { OTHER_GROUP } from '../../record/groups.js';
import { formatMs } from '../../units.js';
import { curvePoints } from '../charts/percentile-chart.js';
import { formatAxisMs, linearTicks, logRange, logTicks, MAX_CHART_PERCENTILE, niceMax, PERCENTILE_TICKS, percentilePosition } from '../charts/scale.js';
import { renderChart, type ChartColour, type ChartSeries, type ChartSpec } from '../charts/svg-chart.js';
import type { BreakdownReport, GroupReport, RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';

/** The palette's colours, one per agent curve; more agents than this draw only the slowest ones. */
const AGENT_COLOURS: readonly ChartColour[] = ['blue', 'red', 'green', 'amber', 'purple', 'teal', 'sky', 'grey'];

const int = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(2)}%` : '—');

function label(b: BreakdownReport, dimension: 'agent' | 'turn', name: string): string {
  if (name !== OTHER_GROUP) return dimension === 'turn' ? `turn ${name}` : name;
  return dimension === 'agent' ? `other (${int(b.folded.agents)} agents past the first ${b.maxGroups})` : `turns past ${b.maxGroups}`;
}

function tableHtml(b: BreakdownReport, dimension: 'agent' | 'turn'): string {
  const rows = Object.entries(b[dimension])
    .map(([name, g]) => {
      const reached = g.totals.requests - (g.totals.generatorErrors ?? 0);
      const cells = [int(g.totals.requests), percent(g.totals.errors, reached), int(g.conformance.violating), ...[g.latency.p50, g.latency.p90, g.latency.p99, g.latency.max].map((v) => formatMs(v))];
      return `<tr><th>${escapeHtml(label(b, dimension, name))}</th>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="data numbers" id="breakdown-${dimension}-table"><thead><tr><th>${dimension}</th><th>requests</th><th>errors</th><th>violating</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function curveOf(g: GroupReport): { percentile: number; ms: number }[] {
  if (!g.latency.count) return [];
  try {
    return curvePoints(decodeHistogram(g.latency.hdr));
  } catch {
    return [];
  }
}

/** The agents' percentile curves on one chart: the slowest (by p99) when there are more than colours. */
export function agentCurvesChart(b: BreakdownReport): ChartSpec {
  const timed = Object.entries(b.agent).filter(([, g]) => g.latency.count > 0);
  const drawn = [...timed].sort(([, x], [, y]) => (y.latency.p99 ?? 0) - (x.latency.p99 ?? 0)).slice(0, AGENT_COLOURS.length);
  // Drawn in the table's order, so the colours follow the agents' order rather than their speed.
  const series: ChartSeries[] = timed
    .filter(([name]) => drawn.some(([d]) => d === name))
    .map(([name, g], i) => ({ name: label(b, 'agent', name), colour: AGENT_COLOURS[i]!, points: curveOf(g).map((p) => [percentilePosition(p.percentile), p.ms] as const), note: `p50 ${formatMs(g.latency.p50)} · p99 ${formatMs(g.latency.p99)}` }));
  // Log latency, as the run's own percentile chart: a slow agent's tail does not squash the others.
  const range = logRange(series.flatMap((s) => s.points.map(([, y]) => y ?? 0)));
  const left = timed.length - drawn.length;
  return {
    id: 'chart-breakdown-agents',
    title: 'Latency by percentile, per agent',
    x: { label: 'percentile (log scale of 1 / (1 − p))', min: 0, max: percentilePosition(MAX_CHART_PERCENTILE), ticks: PERCENTILE_TICKS },
    y: { label: 'latency (log scale)', scale: 'log', ...range, ticks: logTicks(range.min, range.max, formatAxisMs) },
    series,
    emptyText: 'no response was timed',
    caption: `One curve per agent: this share of its requests took at most this long.${left > 0 ? ` The ${series.length} slowest agents by p99 are drawn; the other ${left} are in the table.` : ''}`,
  };
}

/** p50 and p99 by turn: later turns carry more context, and it shows here. */
export function turnChart(b: BreakdownReport): ChartSpec {
  const turns = Object.entries(b.turn).filter(([name]) => name !== OTHER_GROUP);
  const line = (key: 'p50' | 'p99') => turns.map(([name, g]) => [Number(name), g.latency.count ? g.latency[key] : null] as const);
  const series: ChartSeries[] = [
    { name: 'p50', colour: 'blue', points: line('p50'), dots: turns.map(([name, g]) => ({ title: `turn ${name}: p50 ${formatMs(g.latency.p50)} (${int(g.latency.count)} timed)` })) },
    { name: 'p99', colour: 'red', points: line('p99'), dots: turns.map(([name, g]) => ({ title: `turn ${name}: p99 ${formatMs(g.latency.p99)} (${int(g.latency.count)} timed)` })) },
  ];
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map(([, y]) => y ?? 0))), 5, 1);
  const last = Math.max(1, turns.length);
  const ticks = linearTicks(1, last, Math.min(last, 10), (v) => String(Math.round(v))).filter((t) => Number.isInteger(t.value));
  return {
    id: 'chart-breakdown-turns',
    title: 'p50 and p99 by turn',
    x: { label: 'turn of the conversation', min: 1, max: Math.max(2, last), ticks },
    y: { label: 'latency', min: 0, max: top, ticks: linearTicks(0, top, 5, formatAxisMs) },
    series,
    emptyText: 'no response was timed',
    caption: 'Each turn sends the chat id of the turn before: a rise from turn to turn is the cost of the context the API carries.',
  };
}

/** The breakdown card's body: per-agent table and curves (more than one agent), p50/p99 and table by turn (more than one turn). Pure. */
export function breakdownHtml(report: RunReport): string {
  const b = report.breakdown;
  if (!b) return '';
  const agents = Object.keys(b.agent).length > 1;
  const turns = Object.keys(b.turn).length > 1;
  if (!agents && !turns) return '';
  const parts = ['<p class="muted">The measured requests by the agent they were sent to and by their turn in the conversation; each row adds up with the others to the whole run. <code>report.json</code> keeps each group\'s histograms (<code>breakdown</code>); thresholds such as <code>p99{agent=…}&lt;2s</code> gate one group.</p>'];
  if (agents) parts.push(tableHtml(b, 'agent'), renderChart(agentCurvesChart(b)));
  if (turns) parts.push(renderChart(turnChart(b)), tableHtml(b, 'turn'));
  return parts.join('\n');
}
