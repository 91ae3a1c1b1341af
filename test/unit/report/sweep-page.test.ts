import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html.js';
import { latencySloLines } from '../../../src/report/html/sweep.js';
import { reportToJunit } from '../../../src/report/junit-report.js';
import { sweepReportOf } from '../../helpers/sweep-fixtures.js';

describe('report.html of a sweep', () => {
  const page = renderHtml(sweepReportOf());
  it('leads with the capacity and its bracket, the knee and what the sweep found', () => {
    expect(page).toContain('<title>chatload sweep · synthetic · capacity 165/s · PASS</title>');
    expect(page).toMatch(/id="capacity"><span class="label">capacity<\/span><b>165\/s<\/b><span class="hint">bracket 165\/s … 180\/s<\/span>/);
    expect(page).toContain('capacity 165/s under p99&lt;350ms');
    expect(page).toContain('150/s</b><span class="hint">p99 ');
  });
  it('draws latency against achieved throughput with the SLO line and the capacity, and achieved against offered', () => {
    expect(page).toContain('id="chart-latency-throughput"');
    for (const series of ['p50', 'p90', 'p99', 'SLO p99<350ms', 'capacity 165/s offered (160/s achieved)']) expect(page).toContain(`data-series="${series.replace('<', '&lt;')}"`);
    expect(page).toContain('id="chart-achieved-offered"');
    expect(page).toContain('data-series="offered = achieved"');
    // One dot per complete level on each percentile line, each with its figures.
    expect(page.match(/<title>level \d+: offered/g)!.length).toBe(6 * 3 + 6);
  });
  it('lists every level by offered rate, the capacity in bold, failures with their reason', () => {
    const rows = [...page.matchAll(/<tr class="([^"]*)" data-offered="([\d.]+)">/g)].map((m) => [m[2], m[1]]);
    expect(rows).toEqual([['60', 'ok'], ['120', 'ok'], ['150', 'ok'], ['165', 'ok capacity'], ['180', 'bad'], ['240', 'bad']]);
    expect(page).toContain('<td class="result">FAIL p99&lt;350ms, saturated</td>');
  });
  it('knows the latency SLOs it can draw', () => {
    expect(latencySloLines(['p99<2s', 'p50<=300ms', 'errorRate<1%', '2xx.p99<1s', 'max<1m'])).toEqual([
      { expression: 'p99<2s', ms: 2000 },
      { expression: 'p50<=300ms', ms: 300 },
      { expression: 'max<1m', ms: 60_000 },
    ]);
  });
});

describe('junit.xml of a sweep', () => {
  it('one testcase per level and one for the capacity', () => {
    const xml = reportToJunit(sweepReportOf());
    expect(xml.match(/<testcase name="level /g)!.length).toBe(6);
    expect(xml).toContain('<testcase name="level 3 (step): 240/s offered" classname="chatload.synthetic.sweep"');
    expect(xml).toContain('<failure message="FAIL p99&lt;350ms, saturated">');
    expect(xml).toMatch(/<testcase name="capacity under p99&lt;350ms" classname="chatload.synthetic.sweep" time="0.000">\n\s+<system-out>capacity 165\/s/);
    const none = reportToJunit(sweepReportOf({ capacity: null, bracket: { low: null, high: 60 }, ended: 'none-met' }));
    expect(none).toContain('<failure message="no level met every SLO">');
  });
});
