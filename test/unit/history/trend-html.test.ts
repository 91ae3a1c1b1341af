import { describe, expect, it } from 'vitest';
import { computeTrend } from '../../../src/history/trend.js';
import { renderTrendHtml } from '../../../src/history/trend-html.js';
import { storedRun } from '../../helpers/history.js';
import { latencies, reportOf } from '../../helpers/reports.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const report = (i: number, median: number, name = 'smoke') =>
  reportOf(latencies(400, median, 0.1, i + 1).map((ms) => ({ ms })), { scenario: { name, file: 's.yaml' }, startedAtEpochMs: T0 + i * 60_000, endedAtEpochMs: T0 + i * 60_000 + 5000 });

describe('renderTrendHtml', () => {
  const runs = [0, 1, 2].map((i) => storedRun(i + 1, report(i, i === 2 ? 200 : 50), { reportDir: `/r/run-${i + 1}`, tags: { release: `1.${i}` }, commit: `c0ffee${i}`, branch: 'main' }));
  const trend = computeTrend(runs, { metric: 'p99', outDir: '/r/trend', iterations: 200 });
  const html = renderTrendHtml(trend, 'history.db');

  it('draws one linked point per run on each chart, with the bands and the regression marked', () => {
    expect(html.match(/<circle class="point c-teal"/g)).toHaveLength(3);
    expect(html.match(/<circle class="point c-purple"/g)).toHaveLength(3);
    expect(html.match(/<circle class="point c-red"/g)).toHaveLength(3);
    expect(html.match(/<circle class="point c-blue"/g)).toHaveLength(3);
    expect(html.match(/<a href="..\/run-1\/report.html"><circle/g)).toHaveLength(4);
    expect(html.match(/<path class="band c-purple"/g)).toHaveLength(1);
    expect(html).toMatch(/<rect class="marker c-red"[^>]*><title>run 3 regressed against run 2: p50 slower by/);
    expect(html).toContain('<tr data-run="3" class="regressed">');
    expect(html).toContain('release=1.2');
    expect(html).toContain('c0ffee2');
  });

  it('is self-contained: no script, nothing fetched', () => {
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(http/i);
  });

  it('escapes what the runs carry', () => {
    const odd = computeTrend([storedRun(1, report(0, 10, '<b>x</b>'), { tags: { note: '"><script>' } })], { metric: 'p50', outDir: '/r', iterations: 50 });
    const page = renderTrendHtml(odd, 'h.db');
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('"><script>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('says so when there are no runs', () => {
    expect(renderTrendHtml(computeTrend([], { metric: 'p99', outDir: '/r' }), 'h.db')).toContain('No runs recorded yet.');
  });
});
