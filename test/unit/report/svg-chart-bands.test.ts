import { describe, expect, it } from 'vitest';
import { renderChart, type ChartSpec } from '../../../src/report/charts/svg-chart.js';

const axis = (label: string, max: number): ChartSpec['x'] => ({ label, min: 0, max, ticks: [0, max].map((v) => ({ value: v, label: `${v}` })) });
const spec = (overrides: Partial<ChartSpec>): ChartSpec => ({ id: 'c', title: 'c', x: axis('x', 10), y: axis('y', 100), series: [], ...overrides });

describe('renderChart: bands and linked points', () => {
  it('fills a band between its low and high lines, broken where a bound is missing, with a legend entry', () => {
    const html = renderChart(spec({ bands: [{ name: '95% interval', colour: 'purple', points: [[0, 10, 20], [1, 12, 22], [2, null, null], [3, 5, 9], [4, 6, 8]] }], series: [{ name: 's', colour: 'purple', points: [[0, 15]] }] }));
    expect(html.match(/<path class="band c-purple" d="M[^"]+Z"\/>/g)).toHaveLength(2);
    expect(html).toContain('<span class="swatch band c-purple"></span>95% interval');
    // The band is drawn under the line.
    expect(html.indexOf('class="band')).toBeLessThan(html.indexOf('class="dot'));
  });

  it('draws a dot with a tooltip per point, a link where given, above the hover columns', () => {
    const html = renderChart(spec({
      series: [{ name: 's', colour: 'blue', points: [[0, 1], [1, null], [2, 3]], dots: [{ title: 'run 1', href: 'r1/report.html' }, { title: 'run 2' }, { title: 'run "3"', href: null }] }],
      hover: [{ x: 0, text: 'h' }],
    }));
    expect(html.match(/<circle class="point c-blue"/g)).toHaveLength(2);
    expect(html).toContain('<a href="r1/report.html"><circle class="point c-blue"');
    expect(html).toContain('<title>run &quot;3&quot;</title></circle>');
    expect(html.indexOf('class="hover"')).toBeLessThan(html.indexOf('class="point'));
  });
});
