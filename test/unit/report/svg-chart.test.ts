import { describe, expect, it } from 'vitest';
import { renderChart, type ChartSpec } from '../../../src/report/charts/svg-chart.js';

const axis = (label: string, max: number): ChartSpec['x'] => ({ label, min: 0, max, ticks: [0, max / 2, max].map((v) => ({ value: v, label: `${v}u` })) });

function spec(overrides: Partial<ChartSpec> = {}): ChartSpec {
  return { id: 'c1', title: 'A chart', x: axis('time', 10), y: axis('latency (ms)', 100), series: [], ...overrides };
}

describe('renderChart', () => {
  it('draws axes with tick and axis labels as HTML around the SVG plot, and a legend entry per series', () => {
    const html = renderChart(spec({ series: [{ name: 'p99', colour: 'purple', points: [[0, 10], [5, 50], [10, 90]], note: 'max 90ms' }] }));
    expect(html).toContain('<svg class="chart"');
    // Text is HTML, so it keeps its size at any width: no <text> in the SVG.
    expect(html).not.toContain('<text');
    expect(html).toContain('<div class="axis-label x">time</div>');
    expect(html).toContain('<div class="axis-label y">latency (ms)</div>');
    expect(html).toContain('<span class="tick x" style="left:50%">5u</span>');
    expect(html).toContain('<span class="tick y" style="top:50%">50u</span>');
    // The ends' labels stay inside the plot's width.
    expect(html).toContain('<span class="tick x first" style="left:0%">0u</span>');
    expect(html).toContain('<span class="tick x last" style="left:100%">10u</span>');
    // Lines are drawn in a 1000 × 1000 box stretched to the plot, with strokes that do not stretch.
    expect(html).toContain('<path class="line c-purple" d="M0 900L500 500L1000 100" vector-effect="non-scaling-stroke"/>');
    expect(html).toContain('<li><span class="swatch c-purple"></span>p99 <span class="muted">max 90ms</span></li>');
  });

  it('places values by their logarithm on a log axis, and reads a second series against the right-hand axis', () => {
    const html = renderChart(spec({
      y: { label: 'latency (log scale)', min: 1, max: 1000, scale: 'log', ticks: [1, 10, 100, 1000].map((v) => ({ value: v, label: `${v}ms` })) },
      y2: { label: 'per second', min: 0, max: 50, ticks: [{ value: 0, label: '0' }, { value: 50, label: '50' }] },
      series: [
        { name: 'log', colour: 'blue', points: [[0, 1], [5, 10], [10, 1000]] },
        { name: 'right', colour: 'red', axis: 'y2', points: [[0, 25], [10, 50]] },
      ],
    }));
    // 10 ms is a third of the way up three decades.
    expect(html).toContain('d="M0 1000L500 666.7L1000 0"');
    expect(html).toContain('<span class="tick y" style="top:33.333%">100ms</span>');
    expect(html).toContain('d="M0 500L1000 0"');
    expect(html).toContain('<div class="chart-box has-y2">');
    expect(html).toContain('<div class="axis-label y2">per second</div>');
    expect(html).toContain('<span class="tick y2" style="top:0%">50</span>');
  });

  it('draws faint reference series first, under the run\'s own, and solid bands as stacked layers', () => {
    const html = renderChart(spec({
      series: [
        { name: 'now', colour: 'blue', points: [[0, 1], [1, 2]] },
        { name: 'baseline', colour: 'teal', faint: true, dashed: true, points: [[0, 2], [1, 3]] },
      ],
      bands: [{ name: '2xx/s', colour: 'green', solid: true, points: [[0, 0, 5], [1, 0, 6]] }],
    }));
    expect(html.indexOf('data-series="baseline"')).toBeLessThan(html.indexOf('data-series="now"'));
    expect(html).toContain('<path class="line c-teal dashed faint"');
    expect(html).toContain('<path class="band solid c-green"');
    expect(html).toContain('<span class="swatch band solid c-green"></span>2xx/s');
    expect(html).toContain('<span class="swatch c-teal dashed faint"></span>baseline');
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
    expect(html).toContain('<div class="empty">no response was timed</div>');
    expect(html).not.toContain('<path class="line');
  });

  it('keeps values outside the axis inside the plot', () => {
    const html = renderChart(spec({ series: [{ name: 's', colour: 'blue', points: [[0, -5], [20, 500]] }] }));
    // The bottom-left and the top-right corners of the plot.
    expect(html).toContain('d="M0 1000L1000 0"');
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
    // Markers stay square at any width: placed in percentages, centred by a fixed offset.
    expect(html).toContain('<rect class="marker c-red" x="50%" y="3" width="7" height="7" rx="1.5" transform="translate(-3.5 0)"><title>3 errors</title></rect>');
    expect(html).toContain('<title>3 errors</title>');
    expect(html.match(/<rect class="hover"/g)).toHaveLength(2);
    expect(html).toContain('<rect class="hover" x="0%" y="0" width="50%" height="100%"><title>first</title></rect>');
    expect(html).toContain('<span class="swatch marker c-red"></span>errors');
  });
});
