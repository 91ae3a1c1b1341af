import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html.js';
import type { RunReport } from '../../../src/run-report.js';
import { buildReport } from '../../../src/report/build.js';
import { evaluateThresholds, parseThresholds } from '../../../src/verdict/thresholds.js';
import { emptyReport, meta, millionReport, mixedReport, onlyErrorsReport, recorderWith, warmupReport } from '../../helpers/report-fixtures.js';

const sectionOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('renderHtml', () => {
  const failing = mixedReport([{ expression: 'p99<500ms', actual: 640, ok: false }, { expression: 'errorRate<1%', actual: 0.004, ok: true }]);
  const html = renderHtml(failing);

  it('is one self-contained file: no script, nothing loaded from anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('leads with the verdict and why', () => {
    expect(html).toContain('<span class="verdict fail" id="verdict">FAIL</span>');
    expect(html).toContain('<li>threshold p99&lt;500ms failed (actual 640)</li>');
    expect(html).toContain('<li>95 of 3000 exchanges broke the contract: 95 rule violations (content-type 8, transport 33, body-schema 54)</li>');
    expect(html).toContain('<title>chatload · synthetic · FAIL</title>');
    const passing = renderHtml(buildReport(recorderWith(Array.from({ length: 400 }, (_, i) => ({ at: i * 5, serviceMs: 10 }))).state(), meta()));
    expect(passing).toContain('id="verdict">PASS</span>');
    expect(passing).toContain('Every one of 400 exchanges met the contract (strict profile); no threshold was set.');
    // A conformant error is still an error: a run where nothing succeeded fails, and says so.
    const nothing = renderHtml(onlyErrorsReport());
    expect(nothing).toContain('id="verdict">FAIL</span>');
    expect(nothing).toContain('<li>no request succeeded (500 200, refused 100, reset 100)</li>');
    // Every connection that got no answer broke `transport`: the checker says so of each.
    expect(nothing).toContain('<li>200 of 400 exchanges broke the contract: 200 rule violations (transport 200)</li>');
  });

  it('draws the five charts with axis labels and legends', () => {
    const ids = ['chart-percentiles', 'chart-latency-time', 'chart-throughput-time', 'chart-load-time', 'chart-status-time'];
    for (const id of ids) expect(html).toContain(`<figure class="chart-figure" id="${id}">`);
    expect(html.match(/<svg class="chart"/g)).toHaveLength(5);
    expect(html.match(/class="axis-label x"/g)).toHaveLength(5);
    expect(html).toContain('>99.99%</span>');
    expect(html).toContain('<div class="axis-label y">latency (log scale)</div>');
    expect(html).toContain('service time (uncorrected)');
    expect(sectionOf(html, 'load-time')).toContain('in flight (mean)');
    expect(sectionOf(html, 'status-time')).toContain('5xx/s');
  });

  it('shows the status distribution, violations by rule with samples, thresholds', () => {
    const status = sectionOf(html, 'status');
    expect(status).toContain('500 <span class="muted">Internal Server Error</span>');
    expect(status).toContain('reset <span class="muted">no HTTP answer</span>');
    const violations = sectionOf(html, 'violations');
    // The resets broke `transport`, as every connection that got no answer does.
    expect(violations.indexOf('data-rule="body-schema"')).toBeLessThan(violations.indexOf('data-rule="transport"'));
    expect(violations.indexOf('data-rule="transport"')).toBeLessThan(violations.indexOf('data-rule="content-type"'));
    expect(violations.match(/<details class="sample">/g)).toHaveLength(15);
    expect(violations).toContain('#/properties/status/enum');
    expect(violations).toContain('/status must be equal to one of the allowed values (&quot;in_progress&quot;, &quot;ended&quot;, &quot;error&quot;)');
    const thresholds = sectionOf(html, 'thresholds');
    // One "actual" column, in the metric's unit.
    expect(thresholds).toContain('<thead><tr><th>threshold</th><th>actual</th><th>result</th></tr></thead>');
    expect(thresholds).toMatch(/<code>p99&lt;500ms<\/code><\/th><td>640\.0ms<\/td><td><span class="badge bad">fail/);
    expect(thresholds).toMatch(/<code>errorRate&lt;1%<\/code><\/th><td>0\.4%<\/td><td><span class="badge ok">pass/);
  });

  it('shows each threshold\'s actual value once, with its unit, and why there is none when there is none', () => {
    const report = mixedReport();
    const thresholds = evaluateThresholds(parseThresholds(['p99<800ms', 'errorRate<1%', 'rps>50', 'goodput(500ms)>95%', '3xx.p99<1s'].map((expression) => ({ expression, file: 'x.yaml', field: 'thresholds' }))), report);
    const table = sectionOf(renderHtml({ ...report, thresholds }), 'thresholds');
    const row = (expression: string) => table.slice(table.indexOf(`<code>${expression}</code>`), table.indexOf('</tr>', table.indexOf(`<code>${expression}</code>`)));
    expect(row('p99&lt;800ms')).toMatch(/<td>\d+\.\dms<\/td>/);
    expect(row('errorRate&lt;1%')).toMatch(/<td>[\d.]+%<\/td>/);
    expect(row('rps&gt;50')).toMatch(/<td>[\d.]+\/s<\/td>/);
    expect(row('goodput(500ms)&gt;95%')).toMatch(/<td>[\d.]+%: [\d,]+ of [\d,]+ were 2xx/);
    expect(row('3xx.p99&lt;1s')).toContain('<td>— <span class="muted">no 3xx responses were measured</span></td>');
    // Nothing unlabelled, no raw unitless copy: three cells per row.
    for (const expression of ['p99&lt;800ms', 'rps&gt;50']) expect(row(expression).match(/<td>/g)).toHaveLength(2);
    // It scrolls inside its card on a phone.
    expect(table).toContain('<div class="table-wrap"><table class="data" id="thresholds-table">');
  });

  it('makes the latency rows add up under the table, and names violating exchanges apart from rule violations', () => {
    const percentiles = sectionOf(html, 'latency-percentiles');
    expect(percentiles).toContain('<b>3,000</b> requests = <b>2,967</b> timed (the first row) + <b>33</b> not timed (reset 33: counted, with no latency to record).');
    expect(percentiles).not.toMatch(/<th>(transport|timeouts)<\/th>/);
    expect(html).toMatch(/<span class="label">violating exchanges<\/span><b>95<\/b><span class="hint">of 3,000 checked · 95 rule violations<\/span>/);
    expect(sectionOf(html, 'violations')).toContain('95 violating exchanges: 95 of 3,000 (3.17%) broke the contract (strict profile), with 95 rule violations in all');
    expect(sectionOf(html, 'totals')).not.toContain('untimed');
  });

  it('shows the warm-up apart: its own card and row, its requests in the throughput chart, nowhere else', () => {
    const page = renderHtml(warmupReport());
    const card = sectionOf(page, 'warmup');
    expect(card).toContain('<h2>Warm-up</h2>');
    expect(card).toContain('<tr><th>requests</th><td>100 (the requests started in the first 1s), ended 1s after the start</td></tr>');
    expect(card).toContain('2 violating exchanges of 100 checked, 2 rule violations (transport 1, status-declared 1)');
    const percentiles = sectionOf(page, 'latency-percentiles');
    expect(percentiles).toMatch(/<tr><th>warm-up \(kept out of the rows above\)<\/th><td>99<\/td>/);
    expect(percentiles).toContain('The 100 warm-up requests before them are kept apart');
    expect(sectionOf(page, 'throughput-time')).toContain('warm-up requests/s');
    expect(sectionOf(page, 'totals')).toContain('900 answered · 100 warm-up apart');
    expect(page).not.toContain('id="extra-warmup"');
    expect(renderHtml(mixedReport())).not.toContain('id="warmup"');
  });

  it('never shows credentials that a target URL carries', () => {
    const report: RunReport = { ...mixedReport(), target: { url: 'https://user:s3cret@api.example.com/v1?api_key=abcd', kind: 'remote' } };
    const page = renderHtml(report);
    expect(page).toContain('https://api.example.com/v1');
    expect(page).not.toContain('s3cret');
    expect(page).not.toContain('abcd');
  });

  it('escapes text from the report', () => {
    const report: RunReport = { ...onlyErrorsReport(), scenario: { name: '<img src=x onerror=alert(1)>', file: 'a"b.yaml' } };
    const page = renderHtml(report);
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('renders a baseline comparison as a metrics table, whatever its exact field names', () => {
    const report = { ...mixedReport(), baseline: { file: 'old/report.json', metrics: [{ metric: 'p99', old: 500, new: 640, change: 0.28, verdict: 'regressed' }, { name: 'p50', baseline: 30, current: 31, ok: true }] } } as unknown as RunReport;
    const baseline = sectionOf(renderHtml(report), 'baseline');
    expect(baseline).toContain('<th>metric</th><th>name</th><th>old</th><th>baseline</th><th>new</th><th>current</th><th>change</th><th>verdict</th><th>ok</th>');
    expect(baseline).toContain('<span class="badge bad">regressed</span>');
    expect(baseline).toContain('<span class="badge ok">pass</span>');
    expect(baseline).toContain('old/report.json');
  });

  it('survives odd baseline shapes and fields it does not know', () => {
    const base = mixedReport();
    const odd: unknown[] = ['a string', 42, [1, 'two', null], { metrics: 'not an array' }, { metrics: [1, 2] }, { deep: { deeper: { deepest: { x: [1, { y: 2 }] } } } }];
    for (const baseline of odd) expect(() => renderHtml({ ...base, baseline } as RunReport)).not.toThrow();
    const extended = {
      ...base,
      totals: { ...base.totals, conversationsAborted: 3 },
      shardResults: [{ name: 'shard 1/2', requests: 10, result: 'pass' }, { name: 'shard 2/2', requests: 12, result: 'fail' }],
    } as unknown as RunReport;
    const page = renderHtml(extended);
    expect(page).toContain('conversations aborted');
    const shards = sectionOf(page, 'extra-shardResults');
    expect(shards).toContain('<h2>Shard Results</h2>');
    expect(shards).toContain('shard 1/2');
    expect(shards).toContain('<span class="badge bad">fail</span>');
  });

  it('opens a run that sent nothing', () => {
    const page = renderHtml(emptyReport());
    expect(page).toContain('no request was sent');
    expect(page).toContain('no response was timed');
    expect(page).toContain('No request completed');
  });

  it('stays small for a million requests: histograms are drawn as curves, never dumped', () => {
    const report = millionReport();
    expect(report.totals.requests).toBe(1_000_000);
    const page = renderHtml(report);
    expect(page.length).toBeLessThan(150_000);
    expect(page).not.toContain(report.latency.hdr);
    expect(page).toContain('1,000,000');
  });
});
