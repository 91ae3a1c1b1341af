import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html.js';
import { compareReports } from '../../../src/verdict/baseline.js';
import { applyGate } from '../../../src/verdict/gate.js';
import { latencies, reportOf } from '../../helpers/reports.js';

const sectionOf = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));

describe('report.html: the baseline comparison', () => {
  const before = reportOf(latencies(4000, 20, 0.1, 1).map((ms) => ({ ms })));
  const after = reportOf(latencies(4000, 20, 0.1, 1).map((ms) => ({ ms: ms * 1.5 })));
  const gated = applyGate(after, [], compareReports(before, after, 'old/report.json'));

  it('is a table of metric, old, new, change with units, the interval and the verdict', () => {
    const html = sectionOf(renderHtml(gated), 'baseline');
    expect(html).toContain('<code>old/report.json</code>');
    expect(html).toContain('<span class="badge bad">regressed</span>');
    expect(html).toContain('<th>metric</th><th>old</th><th>new</th><th>change</th><th>interval of the change</th><th>verdict</th>');
    const p99 = html.slice(html.indexOf('<th>p99</th>'), html.indexOf('</tr>', html.indexOf('<th>p99</th>')));
    expect(p99).toMatch(/<td>[\d.]+ms<\/td><td>[\d.]+ms<\/td><td>\+[\d.]+ms \(\+[\d.]+%\)<\/td><td>\+[\d.]+ms … \+[\d.]+ms<\/td><td><span class="badge bad">fail<\/span>/);
    expect(html).toMatch(/<th>errorRate<\/th><td>0%<\/td><td>0%<\/td><td>±0 pt<\/td>/);
    expect(html).toContain('bootstrap interval (2,000 draws');
    // Its settings are explained in a sentence, not dumped as a table.
    expect(html).not.toContain('absoluteMs');
  });

  it('shows the goodput latency in the percentile table and the shard in the header, not as raw sections', () => {
    const html = renderHtml({ ...gated, shard: { index: 2, count: 3 } });
    expect(html).not.toContain('id="extra-goodLatency"');
    expect(html).not.toContain('id="extra-shard"');
    // Every answer of this run is a 201 that met the contract: the goodput row is there.
    expect(gated.goodLatency?.count).toBe(4000);
    expect(sectionOf(html, 'latency-percentiles')).toContain('2xx that met the contract (goodput)');
    expect(html).toContain('<dt>shard</dt><dd>2 of 3</dd>');
  });
});
