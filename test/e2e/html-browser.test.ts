import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import { runScenario } from '../../src/commands/run.js';
import { renderHtml } from '../../src/report/html.js';
import type { RunReport } from '../../src/run-report.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { gateReport } from '../../src/commands/gate.js';
import { emptyReport, millionReport, mixedReport, onlyErrorsReport, onlyTransportErrorsReport, overloadReport } from '../helpers/report-fixtures.js';
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
  const charts = await chartsOf(page);
  const verdict = (await page.textContent('#verdict')) ?? '';
  await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
  return { page, problems, requests, charts, verdict };
}

/** Each chart's size, its axis titles (x, then y, then y2), tick labels shown, and what it draws. */
function chartsOf(page: Page): Promise<ChartInfo[]> {
  return page.$$eval('figure.chart-figure', (figures) =>
    figures.map((figure) => {
      const box = figure.querySelector('svg.chart')!.getBoundingClientRect();
      const view = figure.ownerDocument.defaultView!;
      const visible = (e: typeof figure) => view.getComputedStyle(e).display !== 'none';
      return {
        id: figure.id,
        width: box.width,
        height: box.height,
        axisLabels: ['x', 'y', 'y2'].flatMap((axis) => [...figure.querySelectorAll(`.axis-label.${axis}`)].map((t) => t.textContent ?? '')),
        tickLabels: [...figure.querySelectorAll('.tick')].filter(visible).length,
        lines: figure.querySelectorAll('path.line, circle.dot, path.band').length,
        legend: figure.querySelectorAll('.chart-legend li').length,
      };
    }),
  );
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

const RUN_CHARTS = ['chart-percentiles', 'chart-latency-time', 'chart-throughput-time', 'chart-load-time', 'chart-status-time'];
/** A run's charts with the breakdown's drawn after the percentiles (where report.html puts its section). */
const withBreakdown = (...ids: string[]) => [RUN_CHARTS[0]!, ...ids, ...RUN_CHARTS.slice(1)];

function expectChartsDrawn(charts: ChartInfo[], minWidth = 300, ids = RUN_CHARTS): void {
  expect(charts.map((c) => c.id)).toEqual(ids);
  for (const chart of charts) {
    expect(chart.width, chart.id).toBeGreaterThan(minWidth);
    expect(chart.height, chart.id).toBeGreaterThan(100);
    expect(chart.axisLabels.length, chart.id).toBeGreaterThanOrEqual(2);
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
    expectChartsDrawn(opened.charts, 300, withBreakdown('chart-breakdown-agents'));
    for (const chart of opened.charts) expect(chart.lines, chart.id).toBeGreaterThan(0);
    expect(opened.charts[0]!.axisLabels).toEqual(['percentile (log scale of 1 / (1 − p))', 'latency (log scale)']);
    expect(opened.charts.find((c) => c.id === 'chart-latency-time')!.axisLabels).toEqual(['time since start', 'latency']);
    expect(opened.charts.find((c) => c.id === 'chart-load-time')!.axisLabels).toEqual(['time since start', 'requests in flight', 'late / dropped per second']);
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
    expectChartsDrawn(opened.charts, 300, withBreakdown('chart-breakdown-agents', 'chart-breakdown-turns'));
    expect(opened.charts[1]!.legend).toBe(3);
    expect(opened.charts[1]!.axisLabels).toEqual(['percentile (log scale of 1 / (1 − p))', 'latency (log scale)']);
    expect(opened.charts[2]!.axisLabels).toEqual(['turn of the conversation', 'latency']);
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

/** Everything a width must hold: no sideways page scroll, tables inside their cards, chart text a readable size. */
async function layoutAt(page: Page): Promise<{ page: number; viewport: number; tablesOutside: string[]; smallText: string[]; textInSvg: number }> {
  return page.$eval('html', (html) => {
    const document = html.ownerDocument;
    const view = document.defaultView!;
    const tablesOutside = [...document.querySelectorAll('.card table')].flatMap((table) => {
      const card = table.closest('.card')!.getBoundingClientRect();
      const wrap = (table.closest('.table-wrap') ?? table).getBoundingClientRect();
      return wrap.right > card.right + 0.5 || wrap.left < card.left - 0.5 ? [table.id || table.className] : [];
    });
    // Every element of a chart that holds text, at the size it is drawn: HTML text as computed, SVG text scaled by its viewBox.
    const smallText: string[] = [];
    for (const figure of document.querySelectorAll('figure.chart-figure')) {
      for (const element of figure.querySelectorAll('*')) {
        const own = [...element.childNodes].some((n) => n.nodeType === view.Node.TEXT_NODE && (n.textContent ?? '').trim());
        if (!own || element.closest('title') || view.getComputedStyle(element).display === 'none') continue;
        const size = parseFloat(view.getComputedStyle(element).fontSize) * (element instanceof view.SVGGraphicsElement ? (element.getScreenCTM()?.a ?? 1) : 1);
        if (size < 10) smallText.push(`${figure.id} ${element.tagName}.${element.getAttribute('class')}: ${size.toFixed(1)}px "${element.textContent}"`);
      }
    }
    return { page: html.scrollWidth, viewport: html.clientWidth, tablesOutside, smallText, textInSvg: document.querySelectorAll('figure.chart-figure svg text').length };
  });
}

/** The x (in the plot's 0–1000 box) where each path of a chart ends, by series or band. */
function lastX(page: Page, chart: string): Promise<Record<string, number>> {
  return page.$$eval(`#${chart} g.series, #${chart} g.bands`, (groups) =>
    Object.fromEntries(groups.flatMap((g) => [...g.querySelectorAll('path')].slice(-1).map((path) => {
      const xs = [...(path.getAttribute('d') ?? '').matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
      return [g.getAttribute('data-series') ?? g.getAttribute('data-band') ?? '?', Math.max(...xs)];
    }))),
  );
}

describe.skipIf(!CHROMIUM)('report.html v2 at 1400 px and 420 px', () => {
  it('a real run with --baseline: the baseline drawn, every series to the last window, readable and unscrolled at both widths', async () => {
    const io = { out: () => undefined, err: () => undefined, isTty: false };
    const old = await tempDir('chatload-html-baseline-old-');
    await runScenario({ scenario: join(ROOT, 'scenarios/smoke.yaml'), rate: 120, duration: '2s', out: old }, io);
    const out = await tempDir('chatload-html-baseline-new-');
    const result = await runScenario({ scenario: join(ROOT, 'scenarios/smoke.yaml'), rate: 120, duration: '2s', out, baseline: join(old, 'report.json') }, io);
    expect(result.report.baseline?.latency?.count).toBeGreaterThan(100);
    const file = join(out, 'report.html');
    for (const width of [1400, 420]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      pages.push(page);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const layout = await layoutAt(page);
      expect(layout.page, `page width at ${width} px`).toBeLessThanOrEqual(layout.viewport);
      expect(layout.tablesOutside).toEqual([]);
      expect(layout.smallText).toEqual([]);
      expect(layout.textInSvg).toBe(0);
      expectChartsDrawn(await chartsOf(page), width === 420 ? 200 : 800, withBreakdown('chart-breakdown-agents'));
      // The old run's curve beside the new one, its p50/p99 faint over time, each percentile's interval beside the table.
      expect(await page.locator('#chart-percentiles g.series[data-series="baseline run"] path.line').count()).toBe(1);
      expect(await page.locator('#chart-latency-time path.line.faint').count()).toBeGreaterThan(0);
      // The whole run's four percentiles, and each agent's percentiles with enough samples to judge (the breakdown).
      const drawn = (result.report.baseline?.metrics ?? []).filter((m) => m.unit === 'ms' && m.ci);
      expect(drawn.filter((m) => !m.group)).toHaveLength(4);
      expect(await page.locator('#baseline-table svg.interval').count()).toBe(drawn.length);
      // Every throughput series reaches the same last window; the status bands reach the end of the run.
      const ends = await lastX(page, 'chart-throughput-time');
      expect(Object.keys(ends)).toEqual(expect.arrayContaining(['requests/s', 'offered/s (arrivals due)', 'errors/s', 'violating/s']));
      expect(new Set(Object.values(ends)).size, JSON.stringify(ends)).toBe(1);
      expect(Object.values(await lastX(page, 'chart-status-time')).every((x) => x === 1000)).toBe(true);
      expect(await page.locator('#chart-throughput-time circle.dot').count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `baseline-run-${width}.png`), fullPage: true });
    }
  });

  it('an overloaded open run: the load drawn, the half-covered last window in every series, at both widths', async () => {
    const { report } = gateReport(overloadReport(), { thresholds: [], baseline: { file: 'old/report.json', report: mixedReport() } });
    const file = join(await tempDir('chatload-html-overload-'), 'report.html');
    await writeFile(file, renderHtml(report));
    for (const width of [1400, 420]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      pages.push(page);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const layout = await layoutAt(page);
      expect(layout.page).toBeLessThanOrEqual(layout.viewport);
      expect(layout.tablesOutside).toEqual([]);
      expect(layout.smallText).toEqual([]);
      const load = await lastX(page, 'chart-load-time');
      expect(Object.keys(load)).toEqual(['in flight (mean)', 'in-flight cap (50)', 'late/s', 'dropped/s']);
      const throughput = await lastX(page, 'chart-throughput-time');
      // The last window (10 s – 10.5 s) is drawn at its middle, 10.25 s of 10.5 s, in every series.
      for (const [name, x] of Object.entries({ ...throughput, 'late/s': load['late/s']!, 'in flight (mean)': load['in flight (mean)']! })) expect(x, name).toBeCloseTo((10.25 / 10.5) * 1000, 0);
      // Hovering a window names it and its figures (an SVG <title>: no script needed).
      const hover = await page.locator('#chart-throughput-time rect.hover title').last().textContent();
      expect(hover).toMatch(/^10s–10\.5s \(the run covered 500ms/);
      await page.screenshot({ path: join(SCREENSHOTS, `overload-${width}.png`), fullPage: true });
    }
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
      expect((await layoutAt(page)).tablesOutside).toEqual([]);
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
