import { describe, expect, it } from 'vitest';
import { baselineDrawing } from '../../../src/report/baseline-run.js';
import { renderHtml } from '../../../src/report/html.js';
import { intervalScale, intervalSvg } from '../../../src/report/html/baseline-interval.js';
import type { BaselineMetric } from '../../../src/run-report.js';
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
    expect(html).toMatch(/<th>metric<\/th><th>old<\/th><th>new<\/th><th>change<\/th><th>interval of the change<\/th><th>drawn<span class="interval-scale muted">.*?<\/span><\/th><th>verdict<\/th>/);
    const p99 = html.slice(html.indexOf('<th>p99</th>'), html.indexOf('</tr>', html.indexOf('<th>p99</th>')));
    expect(p99).toMatch(/<td>[\d.]+ms<\/td><td>[\d.]+ms<\/td><td>\+[\d.]+ms \(\+[\d.]+%\)<\/td><td>\+[\d.]+ms … \+[\d.]+ms<\/td><td class="drawn"><svg class="interval c-red".*<\/svg><\/td><td><span class="badge bad">fail<\/span>/);
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

describe('report.html: the baseline drawn', () => {
  const before = reportOf(latencies(4000, 20, 0.1, 1).map((ms) => ({ ms })));
  const after = reportOf(latencies(4000, 20, 0.1, 2).map((ms) => ({ ms: ms * 1.5 })));
  const baseline = { ...compareReports(before, after, 'old/report.json'), ...baselineDrawing(before) };
  const html = renderHtml(applyGate(after, [], baseline));

  it('carries what the page draws in report.json: the old latency histogram and its p50/p99 over time', () => {
    expect(baseline.latency!.hdr).toBe(before.latency.hdr);
    expect(baseline.timeline).toHaveLength(before.timeline.length);
    expect(baseline.timeline![0]).toEqual({ t: 0, p50: before.timeline[0]!.p50, p99: before.timeline[0]!.p99 });
  });

  it('draws the old curve beside the new one, its p50/p99 over time faint, and each percentile\'s interval beside the table', () => {
    expect(sectionOf(html, 'latency-percentiles')).toContain('data-series="baseline run"');
    const overTime = sectionOf(html, 'latency-time');
    expect(overTime).toContain('<path class="line c-teal dashed thin faint"');
    expect(overTime).toContain('data-series="baseline p99"');
    const table = sectionOf(html, 'baseline');
    // 1.5 times slower: each percentile's interval lies right of the allowance, in red, with its figures on hover.
    expect(table.match(/<svg class="interval c-red"/g)).toHaveLength(4);
    expect(table).toMatch(/<title>p50: \+[\d.]+ms \(\+[\d.]+%\) · 95% interval \+[\d.]+ms … \+[\d.]+ms · allowed \+[\d.]+ms · fail<\/title>/);
    // Rates have no interval to draw.
    const errorRate = table.slice(table.indexOf('<th>errorRate</th>'), table.indexOf('</tr>', table.indexOf('<th>errorRate</th>')));
    expect(errorRate).toContain('<td class="drawn"></td>');
  });

  it('scales the drawings alike, from the widest interval, and keeps a bar past ±100 % inside', () => {
    const tol = { relative: 0.1, absoluteMs: 5, confidence: 0.95 };
    const metric = (ci: [number, number]): BaselineMetric => ({ metric: 'p99', unit: 'ms', old: 100, new: 100 + ci[1], change: (ci[0] + ci[1]) / 2, changeRatio: null, ci, verdict: 'pass' });
    expect(intervalScale([metric([-5, 20]), metric([0, 30])], tol)).toBeCloseTo(0.33, 6);
    expect(intervalScale([metric([-1, 1])], tol)).toBeCloseTo(0.165, 6);
    expect(intervalScale([metric([0, 900])], tol)).toBe(1);
    const svg = intervalSvg(metric([0, 900]), 1, tol);
    expect(svg).toContain('<line class="ci" x1="80" x2="155"');
  });
});
