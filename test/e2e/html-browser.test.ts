import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import { runScenario } from '../../src/commands/run.js';
import { renderHtml } from '../../src/report/html.js';
import type { RunReport } from '../../src/report/types.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { emptyReport, millionReport, mixedReport, onlyErrorsReport, onlyTransportErrorsReport } from '../helpers/report-fixtures.js';
import { breakdownReport } from '../helpers/breakdown-fixtures.js';
import { CHROMIUM_ARGS, chromiumFor } from '../helpers/chromium.js';

/** report.html opened in Debian's Chromium (headless, driven by playwright-core), the way a reader opens it: from file://. */

const CHROMIUM = chromiumFor('the browser tests (report.html in Chromium)');
// Screenshots to look at after a run: a build folder, not the user's reports/.
const SCREENSHOTS = join(ROOT, 'build', 'test', 'screenshots');

interface ChartInfo {
  id: string;
  width: number;
  height: number;
  axisLabels: string[];
  tickLabels: number;
  lines: number;
  legend: number;
}

interface OpenedReport {
  page: Page;
  problems: string[];
  requests: string[];
  charts: ChartInfo[];
  verdict: string;
}

let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  for (const page of pages) await page.close().catch(() => undefined);
  await browser?.close();
});

/** Opens an HTML file, collecting console errors, page errors and every network request, then screenshots it. */
async function open(file: string, screenshot: string): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  pages.push(page);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const charts = await page.$$eval('figure.chart-figure', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg.chart')!;
      const box = svg.getBoundingClientRect();
      return {
        id: figure.id,
        width: box.width,
        height: box.height,
        axisLabels: [...svg.querySelectorAll('text.axis-label')].map((t) => t.textContent ?? ''),
        tickLabels: svg.querySelectorAll('text.tick').length,
        lines: svg.querySelectorAll('path.line, circle.dot').length,
        legend: figure.querySelectorAll('.chart-legend li').length,
      };
    }),
  );
  const verdict = (await page.textContent('#verdict')) ?? '';
  await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
  return { page, problems, requests, charts, verdict };
}

async function openRendered(report: RunReport, name: string): Promise<OpenedReport> {
  const file = join(await tempDir('chatload-html-'), 'report.html');
  await writeFile(file, renderHtml(report));
  return open(file, `${name}.png`);
}

function expectClean(opened: OpenedReport, file?: string): void {
  expect(opened.problems).toEqual([]);
  // The only thing the page loads is itself.
  expect(opened.requests.filter((url) => url !== (file ? pathToFileURL(file).href : url))).toEqual([]);
  expect(opened.requests.every((url) => url.startsWith('file://'))).toBe(true);
}

function expectChartsDrawn(charts: ChartInfo[], ids = ['chart-percentiles', 'chart-latency-time', 'chart-throughput-time']): void {
  expect(charts.map((c) => c.id)).toEqual(ids);
  for (const chart of charts) {
    expect(chart.width, chart.id).toBeGreaterThan(300);
    expect(chart.height, chart.id).toBeGreaterThan(100);
    expect(chart.axisLabels.length, chart.id).toBe(2);
    expect(chart.axisLabels.every((l) => l.length > 0), chart.id).toBe(true);
    expect(chart.tickLabels, chart.id).toBeGreaterThan(4);
  }
}

describe.skipIf(!CHROMIUM)('report.html in Chromium', () => {
  it('a real run against the embedded mock: clean page, every chart drawn, the right verdict', async () => {
    const out = await tempDir('chatload-html-run-');
    const io = { out: () => undefined, err: () => undefined, isTty: false };
    const result = await runScenario({ scenario: join(ROOT, 'scenarios/smoke.yaml'), rate: 150, duration: '2s', out }, io);
    expect(result.files.map((f) => f.slice(out.length + 1))).toEqual(['report.json', 'report.html', 'junit.xml']);
    expect(result.report.totals.requests).toBeGreaterThan(100);

    const file = join(out, 'report.html');
    const opened = await open(file, 'real-run.png');
    expectClean(opened, file);
    // smoke.yaml has three agents: their curves are drawn in the breakdown.
    expectChartsDrawn(opened.charts, ['chart-percentiles', 'chart-breakdown-agents', 'chart-latency-time', 'chart-throughput-time']);
    for (const chart of opened.charts) expect(chart.lines, chart.id).toBeGreaterThan(0);
    expect(opened.charts[0]!.axisLabels).toEqual(['percentile (log scale of 1 / (1 − p))', 'latency (ms)']);
    expect(opened.charts.find((c) => c.id === 'chart-latency-time')!.axisLabels).toEqual(['time since start', 'latency (ms)']);
    // Open model: the corrected latency and the uncorrected service time are both drawn.
    expect(opened.charts[0]!.legend).toBe(2);
    expect(opened.verdict).toBe(result.report.verdict.toUpperCase());
    expect(opened.verdict).toBe('PASS');
    expect(await opened.page.textContent('#totals')).toContain(result.report.totals.requests.toLocaleString('en-US'));

    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="chatload"');
    expect(junit).toContain('failures="0"');
  });

  it('a failing run with violations: the verdict says why, and each rule opens onto its samples', async () => {
    const opened = await openRendered(mixedReport([{ expression: 'p99<500ms', actual: 640, ok: false }]), 'violations');
    expectClean(opened);
    expectChartsDrawn(opened.charts);
    expect(opened.verdict).toBe('FAIL');
    expect(await opened.page.textContent('header .reasons')).toContain('threshold p99<500ms failed (actual 640)');
    const rule = opened.page.locator('details.rule[data-rule="body-schema"]');
    const firstSample = rule.locator('details.sample').first();
    expect(await firstSample.isVisible()).toBe(false);
    await rule.locator('summary').first().click();
    expect(await firstSample.isVisible()).toBe(true);
    await firstSample.locator('summary').click();
    expect(await firstSample.locator('pre').first().isVisible()).toBe(true);
    await rule.screenshot({ path: join(SCREENSHOTS, 'violations-open.png') });
  });

  it('a breakdown by agent and turn: the agents\' curves and p50/p99 by turn drawn, with their tables', async () => {
    const opened = await openRendered(breakdownReport(), 'breakdown');
    expectClean(opened);
    expectChartsDrawn(opened.charts, ['chart-percentiles', 'chart-breakdown-agents', 'chart-breakdown-turns', 'chart-latency-time', 'chart-throughput-time']);
    expect(opened.charts[1]!.legend).toBe(3);
    expect(opened.charts[2]!.axisLabels).toEqual(['turn of the conversation', 'latency (ms)']);
    expect(await opened.page.locator('#breakdown-agent-table tbody tr').count()).toBe(3);
    expect(await opened.page.locator('#breakdown-turn-table tbody tr').count()).toBe(3);
    await opened.page.locator('#breakdown').screenshot({ path: join(SCREENSHOTS, 'breakdown.png') });
  });

  it.each([
    ['no request at all', emptyReport, 'empty', 'FAIL'],
    ['only errors (500s and resets): nothing succeeded', onlyErrorsReport, 'only-errors', 'FAIL'],
    ['only transport errors: nothing answered', onlyTransportErrorsReport, 'only-transport-errors', 'FAIL'],
    ['a histogram of 1,000,000 values', millionReport, 'million', 'PASS'],
  ] as const)('opens without errors: %s', async (_label, build, name, verdict) => {
    const opened = await openRendered(build(), name);
    expectClean(opened);
    expectChartsDrawn(opened.charts);
    expect(opened.verdict).toBe(verdict);
  });
});

describe.skipIf(!CHROMIUM)('the conform page in Chromium', () => {
  it('a real conform run: the headline and the case table at 1400 px and 420 px, failures first, no page overflow, no load charts', async () => {
    const out = await tempDir('chatload-html-conform-');
    const io = { out: () => undefined, err: () => undefined, isTty: false };
    // A mock that drifts now and then: some accepting cases fail, so the failures-first order shows.
    const scenario = join(out, 'conform.yaml');
    await writeFile(scenario, 'name: conform-page\nagents: [agent_support_01, agent_billing_02]\ninputs: ["Where is my order?"]\nload: { concurrency: 1, requests: 1 }\nmock: { faults: { schemaDrift: { badEnum: 0.2 } }, seed: 4 }\n');
    const result = await runConform({ scenario, out, env: {}, fuzz: 20, fuzzSeed: 9 }, io);
    const conform = result.report.conform!;
    expect(conform.failed).toBeGreaterThan(0);
    const file = join(out, 'report.html');
    for (const width of [1400, 420]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      pages.push(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
      expect(await page.textContent('#conform-headline')).toBe(`${conform.passed} / ${conform.cases} cases passed`);
      expect(await page.locator('figure.chart-figure').count()).toBe(0);
      // The page itself never scrolls sideways; the case table scrolls inside its card.
      const widths = {
        ...(await page.$eval('html', (html) => ({ page: html.scrollWidth, viewport: html.clientWidth }))),
        wrap: await page.$eval('#conform .table-wrap', (wrap) => wrap.clientWidth),
        card: await page.$eval('#conform', (card) => card.getBoundingClientRect().width),
      };
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      expect(widths.wrap).toBeLessThanOrEqual(widths.card);
      const rows = await page.$$eval('#cases-table tbody tr', (trs) => trs.map((tr) => ({ id: tr.getAttribute('data-case'), failed: tr.classList.contains('bad') })));
      expect(rows).toHaveLength(conform.cases);
      const firstPass = rows.findIndex((r) => !r.failed);
      expect(rows.slice(0, firstPass).every((r) => r.failed)).toBe(true);
      expect(rows.slice(firstPass).some((r) => r.failed)).toBe(false);
      // Text cells are left-aligned; the header names the three columns a reader needs.
      expect(await page.$$eval('#cases-table thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['', 'case', 'sent', 'expected, and why', 'got']);
      expect(await page.$eval('#cases-table tbody td:nth-child(4)', (td) => td.ownerDocument.defaultView!.getComputedStyle(td).textAlign)).toBe('left');
      await page.screenshot({ path: join(SCREENSHOTS, `conform-${width}.png`), fullPage: false });
    }
  });
});
