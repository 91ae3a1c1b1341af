import { describe, expect, it } from 'vitest';
import { renderChart, type ChartSpec } from '../../../src/report/charts/svg-chart.js';

const axis = (label: string, max: number): ChartSpec['x'] => ({ label, min: 0, max, ticks: [0, max / 2, max].map((v) => ({ value: v, label: `${v}u` })) });

function spec(overrides: Partial<ChartSpec> = {}): ChartSpec {
  return { id: 'c1', title: 'A chart', x: axis('time', 10), y: axis('latency (ms)', 100), series: [], ...overrides };
}

describe('renderChart', () => {
  it('draws axes with tick and axis labels, and a legend entry per series', () => {
    const html = renderChart(spec({ series: [{ name: 'p99', colour: 'purple', points: [[0, 10], [5, 50], [10, 90]], note: 'max 90ms' }] }));
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('>time</text>');
    expect(html).toContain('>latency (ms)</text>');
    expect(html).toContain('>5u</text>');
    expect(html).toMatch(/<path class="line c-purple" d="M70 \d+(\.\d)?L/);
    expect(html).toContain('<li><span class="swatch c-purple"></span>p99 <span class="muted">max 90ms</span></li>');
  });

  it('breaks a line where a value is missing, and shows a lone point as a dot', () => {
    const html = renderChart(spec({ series: [{ name: 's', colour: 'blue', points: [[0, 1], [1, 2], [2, null], [3, 4]] }] }));
    expect(html.match(/<path class="line/g)).toHaveLength(1);
    expect(html.match(/<circle class="dot/g)).toHaveLength(1);
  });

  it('fills under an area series', () => {
    const html = renderChart(spec({ series: [{ name: 'rps', colour: 'blue', style: 'area', points: [[0, 1], [1, 2]] }] }));
    expect(html).toMatch(/<path class="area c-blue" d="M[^"]+Z"\/>/);
  });

  it('says there is no data instead of drawing nothing', () => {
    const html = renderChart(spec({ emptyText: 'no response was timed', series: [{ name: 's', colour: 'blue', points: [[0, null]] }] }));
    expect(html).toContain('no response was timed');
    expect(html).not.toContain('<path class="line');
  });

  it('keeps values outside the axis inside the plot', () => {
    const html = renderChart(spec({ series: [{ name: 's', colour: 'blue', points: [[0, -5], [20, 500]] }] }));
    // Bottom-left (70, 236) and top-right (902, 14) corners of the plot area.
    expect(html).toContain('d="M70 236L902 14"');
  });

  it('escapes every text it is given', () => {
    const html = renderChart(spec({ title: '<b>x</b>', series: [{ name: '<script>alert(1)</script>', colour: 'red', points: [[0, 1], [1, 1]] }], markers: [{ x: 1, row: 0, colour: 'red', title: '"quoted" & <tag>' }] }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;tag&gt;');
  });

  it('draws markers under the axis and hover columns with tooltips', () => {
    const html = renderChart(spec({
      series: [{ name: 's', colour: 'blue', points: [[0, 1], [10, 1]] }],
      markers: [{ x: 5, row: 0, colour: 'red', title: '3 errors' }, { x: 5, row: 1, colour: 'amber', title: '2 violations' }],
      markerLegend: [{ name: 'errors', colour: 'red' }],
      hover: [{ x: 0, text: 'first' }, { x: 10, text: 'second' }],
    }));
    expect(html.match(/<rect class="marker/g)).toHaveLength(2);
    expect(html).toContain('<title>3 errors</title>');
    expect(html.match(/<rect class="hover"/g)).toHaveLength(2);
    expect(html).toContain('<span class="swatch marker c-red"></span>errors');
  });
});
