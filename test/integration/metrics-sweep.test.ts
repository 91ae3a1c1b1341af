import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/commands/sweep.js';
import { tempDir } from '../helpers/cli.js';
import { sumOf } from '../helpers/exposition.js';
import { captureIo, countsOf, LINGERING, METRICS_URL, reportCounts, scrape } from '../helpers/metrics.js';

describe('live metrics of a sweep (--metrics-port)', () => {
  it('count across every level, only growing; once the sweep is over, every counter equals its report.json', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, 'name: metrics-sweep\nagents: [agent_a, agent_b]\ninputs: [hello]\nload: { concurrency: 1, duration: 1s }\nmock: { latency: 2ms, faults: { http500: 0.05 } }\n');
    const io = captureIo();
    const controller = new AbortController();
    // Two levels of 0.5 s warm-up + 1.5 s up to a given ceiling (no ceiling run), an SLO every level meets; a loaded machine
    // may fall behind the offer (saturation), and then a coarse bisection adds a level or two.
    const sweep = runSweep({ scenario: file, out: join(dir, 'out'), slos: ['p99<10s'], ceiling: 60, steps: 2, levelDuration: '1500ms', warmup: '500ms', resolution: '50%', metricsPort: 0, metricsLinger: '5m', signal: controller.signal }, io);
    const url = (await Promise.race([io.waitFor(METRICS_URL), sweep.then(() => Promise.reject(new Error('the sweep ended before serving metrics')))]))[1]!;
    // Scraped through the levels: the counters never go back when a level ends and the next begins.
    let previous = 0;
    const seen: number[] = [];
    while (!LINGERING.test(io.text())) {
      const requests = sumOf(await scrape(url), 'chatload_requests_total');
      expect(requests).toBeGreaterThanOrEqual(previous);
      previous = requests;
      seen.push(requests);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = await scrape(url);
    controller.abort();
    const { report } = await sweep;
    expect(report.sweep!.levels.length).toBeGreaterThanOrEqual(2);
    expect(seen.some((n) => n > 0 && n < report.totals.requests)).toBe(true);
    expect(countsOf(after)).toEqual(reportCounts(report));
    expect(after.samples.get('chatload_offered_rate')).toBe(0);
  });
});
