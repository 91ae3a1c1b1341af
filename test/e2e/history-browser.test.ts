import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyTrend } from '../../src/commands/history.js';
import { recordInHistory } from '../../src/commands/history-record.js';
import { renderHtml } from '../../src/report/html.js';
import { writeOutputs } from '../../src/report/write.js';
import { tempDir } from '../helpers/cli.js';
import { CHROMIUM_ARGS, chromiumFor } from '../helpers/chromium.js';
import { latencies, reportOf } from '../helpers/reports.js';

/** The trend page opened in Debian's Chromium from file://, as a reader opens it. */

const CHROMIUM = chromiumFor('the trend page test (trend.html in Chromium)');
const RUNS = 6;

const quiet = { out: () => undefined, err: () => undefined, isTty: false };

describe.skipIf(!CHROMIUM)('the trend page in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    dir = await tempDir('chatload-trend-browser-');
    const file = join(dir, 'history.db');
    for (let i = 0; i < RUNS; i++) {
      // Run 5 is half again as slow: a regression the page marks.
      const values = latencies(1500, i === 4 ? 60 : 40, 0.15, i + 1);
      const report = reportOf(values.map((ms) => ({ ms })), { scenario: { name: 'smoke', file: 'scenarios/smoke.yaml' }, startedAtEpochMs: Date.UTC(2025, 6, 1 + i), endedAtEpochMs: Date.UTC(2025, 6, 1 + i, 0, 1) });
      const outDir = join(dir, 'runs', `run ${i + 1}`);
      await writeOutputs(outDir, { 'report.json': JSON.stringify(report), 'report.html': renderHtml(report) }, []);
      await recordInHistory({ file, field: '--history', tags: { release: `2.${i}` } }, { command: 'run', report, outDir, secrets: [] }, quiet);
    }
    await historyTrend({ history: file, out: join(dir, 'trend') }, quiet);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders with one point per run on every chart, each linking to its report, and the regression marked', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const file = join(dir, 'trend', 'trend.html');
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart-figure', (figures) =>
      figures.map((f) => {
        const box = f.querySelector('svg.chart')!.getBoundingClientRect();
        return {
          id: f.id,
          width: box.width,
          pointsPerSeries: [...f.querySelectorAll('circle.point')].reduce<Record<string, number>>((n, c) => {
            const colour = [...c.classList].find((k) => k.startsWith('c-'))!;
            n[colour] = (n[colour] ?? 0) + 1;
            return n;
          }, {}),
          links: [...f.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
          bands: f.querySelectorAll('path.band').length,
          markers: [...f.querySelectorAll('rect.marker title')].map((t) => t.textContent ?? ''),
        };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['series-1-latency', 'series-1-errors', 'series-1-throughput']);
    expect(charts[0]!.pointsPerSeries).toEqual({ 'c-teal': RUNS, 'c-purple': RUNS });
    expect(charts[1]!.pointsPerSeries).toEqual({ 'c-red': RUNS });
    expect(charts[2]!.pointsPerSeries).toEqual({ 'c-blue': RUNS });
    for (const chart of charts) expect(chart.width, chart.id).toBeGreaterThan(300);
    expect(charts[0]!.bands).toBe(2);
    expect(charts[0]!.markers.filter((m) => /^run 5 regressed against run 4: p50 slower by/.test(m))).toHaveLength(1);
    expect(charts[0]!.links).toHaveLength(2 * RUNS);
    for (const link of charts[0]!.links) expect(existsSync(decodeURIComponent(new URL(link, pathToFileURL(file)).pathname)), link).toBe(true);
    expect(await page.locator('table.runs tbody tr').count()).toBe(RUNS);
    expect(await page.locator('table.runs tr.regressed[data-run="5"]').count()).toBe(1);

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.screenshot({ path: join(dir, 'trend.png'), fullPage: true });

    // A point is a link: clicking the newest run's p99 point opens that run's report.
    await page.locator('#series-1-latency circle.point.c-purple').last().click();
    await page.waitForURL(/report\.html$/);
    expect(decodeURIComponent(page.url())).toBe(pathToFileURL(join(dir, 'runs', `run ${RUNS}`, 'report.html')).href.replace(/%20/g, ' '));
    expect(await page.textContent('#verdict')).toBe('PASS');
    await page.close();
  });
});
