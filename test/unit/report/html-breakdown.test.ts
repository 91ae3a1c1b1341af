import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html.js';
import { agentCurvesChart, turnChart } from '../../../src/report/html/breakdown.js';
import { breakdownReport } from '../../helpers/breakdown-fixtures.js';

const sectionOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};

describe('report.html breakdown section', () => {
  const html = renderHtml(breakdownReport());
  const section = sectionOf(html, 'breakdown');

  it('has a per-agent table, the agents\' curves on one chart, and p50/p99 by turn', () => {
    expect(section).toContain('<h2>By agent and by turn</h2>');
    expect(section).toMatch(/<table class="data numbers" id="breakdown-agent-table">/);
    expect(section).toMatch(/<th>agent_billing_02<\/th><td>1,002<\/td>/);
    expect(section).toContain('id="chart-breakdown-agents"');
    expect(section.match(/data-series="agent_/g)).toHaveLength(3);
    expect(section).toContain('id="chart-breakdown-turns"');
    expect(section).toContain('data-series="p50"');
    expect(section).toContain('data-series="p99"');
    expect(section).toMatch(/<th>turn 3<\/th>/);
    expect(html).not.toContain('id="extra-breakdown"');
    expect(html).not.toMatch(/<script/i);
  });

  it('draws the turns rising: p50 and p99 by turn, in turn order', () => {
    const chart = turnChart(breakdownReport().breakdown!);
    const p50 = chart.series.find((s) => s.name === 'p50')!.points;
    expect(p50.map(([x]) => x)).toEqual([1, 2, 3]);
    expect(p50[0]![1]!).toBeLessThan(p50[2]![1]!);
    expect(chart.x.ticks.map((t) => t.label)).toEqual(['1', '2', '3']);
  });

  it('draws at most one curve per colour, the slowest agents, and says so', () => {
    const agents = Array.from({ length: 12 }, (_, i) => `agent_${i}`);
    const chart = agentCurvesChart(breakdownReport({ agents, requests: 1200, latencyMs: (agentId) => 10 + Number(agentId.split('_')[1]) * 10 }).breakdown!);
    expect(chart.series).toHaveLength(8);
    expect(chart.series.map((s) => s.name)).toEqual(agents.slice(4));
    expect(chart.caption).toContain('The 8 slowest agents by p99 are drawn; the other 4 are in the table.');
  });

  it('is left out for one agent and one turn', () => {
    expect(sectionOf(renderHtml(breakdownReport({ agents: ['only'], turns: 1, requests: 100 })), 'breakdown')).toBe('');
  });
});
