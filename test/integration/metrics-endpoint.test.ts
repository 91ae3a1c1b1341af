import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../../src/commands/run.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { startMockServer } from '../../src/mock/server.js';
import { tempDir } from '../helpers/cli.js';
import { sumOf, type Exposition } from '../helpers/exposition.js';
import { captureIo, countsOf, LINGERING, METRICS_URL, reportCounts, scrape } from '../helpers/metrics.js';

async function scenarioFile(body: string): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, body);
  return { dir, file };
}

/**
 * Runs with the endpoint on a free port; scrapes once while requests are being counted and once
 * while the endpoint lingers after the run, then ends the linger as Ctrl-C would (the linger is
 * 5 minutes: were the abort not to end it, the test would time out).
 */
async function runScraped(file: string, dir: string, options: Partial<RunOptions> = {}, until = (e: Exposition) => sumOf(e, 'chatload_requests_total') > 0) {
  const io = captureIo();
  const controller = new AbortController();
  const run = runScenario({ scenario: file, out: join(dir, 'out'), metricsPort: 0, metricsLinger: '5m', signal: controller.signal, ...options }, io);
  // A run that fails to start fails the test with its own error, not a wait that times out.
  const url = (await Promise.race([io.waitFor(METRICS_URL), run.then(() => Promise.reject(new Error('the run ended before serving metrics')))]))[1]!;
  const during = await scrapeUntil(url, until, io);
  // The open model's offer is known from the start of the schedule, before any worker reports.
  const offered = options.workers ? await scrapeUntil(url, (e) => (e.samples.get('chatload_offered_rate') ?? 0) > 0, io) : undefined;
  await io.waitFor(LINGERING, 50_000);
  const after = await scrape(url);
  controller.abort();
  const result = await run;
  return { result, url, during, offered, after, io };
}

/** Scrapes until `done` holds, or the run is over. */
async function scrapeUntil(url: string, done: (e: Exposition) => boolean, io: ReturnType<typeof captureIo>): Promise<Exposition> {
  for (;;) {
    const e = await scrape(url);
    if (done(e) || LINGERING.test(io.text())) return e;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const AGENTS = 'agents: [agent_a, agent_b, agent_c]\ninputs: [hello, "where is my order?"]\nmix: { strategy: round-robin, seed: 3 }\nchecks: { maxGroups: 2 }\n';
// Errors, undeclared statuses, broken bodies and resets: every counter gets something.
const FAULTS = 'mock: { latency: 2ms, faults: { http500: 0.05, http429: 0.05, malformedJson: 0.05, reset: 0.03 } }\n';

describe('live metrics endpoint (--metrics-port)', () => {
  it('serves figures during the run; once it is over, every counter equals report.json', async () => {
    // A request count, not a duration: however loaded the machine, enough requests for every fault to occur (the seed fixes them).
    const { dir, file } = await scenarioFile(`name: metrics-closed\n${AGENTS}load: { concurrency: 4, requests: 800, warmup: 20 }\n${FAULTS.replace('latency: 2ms', 'latency: 5ms')}`);
    const { result, during, after, io } = await runScraped(file, dir);
    expect(result.exitCode, io.text()).toBe(1); // the faults break the contract
    const report = result.report;
    // Scraped mid-run: some requests counted, not yet all.
    expect(sumOf(during, 'chatload_requests_total')).toBeGreaterThan(0);
    expect(sumOf(during, 'chatload_requests_total')).toBeLessThan(report.totals.requests);
    expect(countsOf(after)).toEqual(reportCounts(report));
    expect(report.totals.transportErrors).toBeGreaterThan(0);
    expect(Object.keys(report.conformance.byRule).length).toBeGreaterThan(1);
    // Agents past checks.maxGroups are `other`.
    const agents = new Set([...after.samples.keys()].flatMap((key) => /^chatload_requests_total\{agent="([^"]*)"/.exec(key)?.[1] ?? []));
    expect([...agents].sort()).toEqual(['agent_a', 'agent_b', 'other']);
    expect([...after.samples.keys()].find((key) => key.startsWith('chatload_run_info'))).toMatch(/^chatload_run_info\{run_id="\d{8}-\d{6}Z-metrics-closed",scenario="metrics-closed",target_origin="mock"\}$/);
    expect(after.types.has('chatload_offered_rate')).toBe(false);
    // Ctrl-C ended the linger: the run's own exit code stands, the endpoint is closed.
    expect(io.text()).toContain('metrics stay up at');
  });

  it('with --workers 2: the main thread serves the sum of the workers, equal to the merged report', async () => {
    const { dir, file } = await scenarioFile(`name: metrics-workers\n${AGENTS}load: { rate: 100, duration: 4s }\n${FAULTS}`);
    // Mid-run: the workers' counts have arrived (with their progress) while the schedule still offers its rate.
    const midRun = (e: Exposition) => sumOf(e, 'chatload_requests_total') > 0 && (e.samples.get('chatload_offered_rate') ?? 0) > 0;
    const { result, during, offered, after, io } = await runScraped(file, dir, { workers: 2 }, midRun);
    expect(result.report.load.workers, io.text()).toBe(2);
    expect(sumOf(during, 'chatload_requests_total')).toBeGreaterThan(0);
    expect(sumOf(during, 'chatload_requests_total')).toBeLessThan(result.report.totals.requests);
    expect(countsOf(after)).toEqual(reportCounts(result.report));
    // The open model offers its rate while the schedule runs, and nothing once it is over.
    expect(offered?.samples.get('chatload_offered_rate')).toBe(100);
    expect(during.samples.get('chatload_offered_rate')).toBe(100);
    expect(after.samples.get('chatload_offered_rate')).toBe(0);
  });

  it('in max mode too: in flight is counted from the writes, and ends at 0', async () => {
    const { dir, file } = await scenarioFile(`name: metrics-max\n${AGENTS}load: { model: max, connections: 4, duration: 2s }\nmock: { latency: 100ms }\n`);
    const { result, during, after } = await runScraped(file, dir, {}, (e) => (e.samples.get('chatload_in_flight') ?? 0) > 0);
    expect(result.exitCode).toBe(0);
    expect(during.samples.get('chatload_in_flight')).toBeGreaterThan(0);
    expect(during.samples.get('chatload_in_flight')).toBeLessThanOrEqual(4);
    expect(countsOf(after)).toEqual(reportCounts(result.report));
  });

  it('closes the endpoint when the linger is over', async () => {
    const { dir, file } = await scenarioFile(`name: metrics-linger\n${AGENTS}load: { concurrency: 2, requests: 20 }\n`);
    const io = captureIo();
    const result = await runScenario({ scenario: file, out: join(dir, 'out'), metricsPort: 0, metricsLinger: '200ms' }, io);
    expect(result.exitCode).toBe(0);
    const url = METRICS_URL.exec(io.text())![1]!;
    await expect(fetch(url)).rejects.toThrow();
  });

  it('never shows the API key: a canary key sent to a loopback target appears in no label or value', async () => {
    const canary = 'sk-test-canary-5e4d3c2b1a';
    const mock = await startMockServer(mockConfigFor({ agents: ['agent_a'], apiKey: canary, seed: 1 }));
    try {
      const { dir, file } = await scenarioFile(`name: metrics-canary\ntarget: ${mock.url}\nagents: [agent_a]\ninputs: [hello]\nload: { concurrency: 2, requests: 40 }\n`);
      const io = captureIo();
      const controller = new AbortController();
      const run = runScenario({ scenario: file, out: join(dir, 'out'), metricsPort: 0, signal: controller.signal, env: { SIGMAMIND_API_KEY: canary } }, io);
      await io.waitFor(LINGERING);
      const text = await (await fetch(METRICS_URL.exec(io.text())![1]!)).text();
      controller.abort();
      const result = await run;
      expect(result.report.totals.requests).toBe(40);
      expect(text).toContain(`target_origin="${new URL(mock.url).origin}"`);
      expect(text).toContain('chatload_requests_total{status="201",agent="agent_a"} 40');
      expect(text).not.toContain(canary);
      expect(io.text()).not.toContain(canary);
    } finally {
      await mock.close();
    }
  });
});
