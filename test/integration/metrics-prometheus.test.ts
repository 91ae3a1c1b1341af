import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { captureIo, LINGERING } from '../helpers/metrics.js';
import { freePort, prometheusFor, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

/** A real Prometheus scrapes a 20-second run at 1 s; its HTTP API then holds report.json's totals. */
const prometheus = prometheusFor('the Prometheus scrape test (a real Prometheus scraping a run’s live metrics)');

const started: RunningPrometheus[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
});

describe.skipIf(!prometheus)('live metrics scraped by a real Prometheus', () => {
  it('chatload_requests_total equals report.json’s count, and the histogram’s count the timed exchanges', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'prometheus'), { recursive: true });
    const metricsPort = await freePort();
    const server = await startPrometheus(prometheus!, join(dir, 'prometheus'), `127.0.0.1:${metricsPort}`);
    started.push(server);

    const file = join(dir, 'scenario.yaml');
    await writeFile(file, 'name: prometheus-scrape\nagents: [agent_a, agent_b]\ninputs: [hello, "where is my order?"]\nload: { rate: 20, duration: 20s }\nmock: { latency: { min: 5ms, max: 60ms }, faults: { http500: 0.05, http429: 0.05 } }\n');
    const io = captureIo();
    const controller = new AbortController();
    const out = join(dir, 'out');
    const run = runScenario({ scenario: file, out, metricsPort, metricsLinger: '60s', signal: controller.signal }, io);
    try {
      await Promise.race([io.waitFor(LINGERING, 90_000), run.then(() => Promise.reject(new Error(`the run ended without lingering:\n${io.text()}`)))]);
      // report.json is on disk before the endpoint lingers.
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
      expect(report.totals.requests).toBeGreaterThan(300);
      const want = { requests: report.totals.requests, timed: report.latency.count, errors429: report.status['429'] ?? 0 };
      const seen = async () => ({
        requests: await server.query('sum(chatload_requests_total)'),
        timed: await server.query('sum(chatload_latency_seconds_count)'),
        errors429: (await server.query('sum(chatload_requests_total{status="429"})')) ?? 0,
      });
      // The next scrape or two after the run picks up the final counts.
      const deadline = Date.now() + 30_000;
      let got = await seen();
      while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        got = await seen();
      }
      expect(got).toEqual(want);
      // Scraped all along the run, not only at its end.
      expect(await server.query('count_over_time(chatload_in_flight[5m])')).toBeGreaterThanOrEqual(15);
      expect(await server.query('max_over_time(chatload_offered_rate[5m])')).toBe(20);
      const p99 = await server.query('histogram_quantile(0.99, sum by (le) (chatload_latency_seconds_bucket))');
      expect(p99).toBeGreaterThan(0);
      expect(p99! * 1000).toBeLessThanOrEqual(Math.max(100, (report.latency.max ?? 0) * 2.5));
      // Every query of the Grafana dashboard is PromQL this Prometheus evaluates, over these series.
      const dashboard = JSON.parse(await readFile(join(ROOT, 'docs', 'grafana', 'chatload.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
      for (const panel of dashboard.panels) {
        for (const { expr } of panel.targets) {
          const query = expr.replaceAll('$job', '.*').replaceAll('$__rate_interval', '1m');
          // A range covering the run, so rate() over the finished run still has samples.
          await expect(server.query(`max_over_time((${query})[2m:1s])`), `${panel.title}: ${expr}`).resolves.not.toBeNaN();
        }
      }
    } finally {
      controller.abort();
      await run.catch(() => undefined);
      await server.stop();
    }
  });
});
