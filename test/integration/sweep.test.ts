import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep, type SweepOptions } from '../../src/commands/sweep.js';
import { readReport } from '../../src/commands/read-report.js';
import { HistoryStore } from '../../src/history/store.js';
import type { RunReport } from '../../src/run-report.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo } from '../helpers/fault-server.js';

/** The mock as a server with a known answer: 8 slots at a fixed 100 ms serve 80 requests/s (a rate a loaded 2-core machine still drives). */
const TRUE_CAPACITY = 80;

async function sweepMock(flags: Omit<SweepOptions, 'scenario' | 'out'>): Promise<{ exitCode: number; report: RunReport; out: string; stdout: string; stderr: string }> {
  const dir = await tempDir();
  const scenario = join(dir, 'capacity.yaml');
  await writeFile(scenario, ['name: capacity-80', 'target: mock', 'agents: [agent_support_01]', 'inputs: ["Where is my order?"]', 'load: { concurrency: 1, duration: 1s }', 'timeout: 10s', 'mock:', '  latency: 100ms', '  capacity: { slots: 8 }', ''].join('\n'));
  const io = bufferIo();
  const out = join(dir, 'out');
  const result = await runSweep({ scenario, out, ...flags }, io);
  return { exitCode: result.exitCode, report: result.report, out, stdout: io.stdout, stderr: io.stderr };
}

describe('chatload sweep against the mock with a known capacity (8 slots × 100 ms = 80/s)', () => {
  it('brackets the capacity within ±10 % of the truth; past it p99 rises and the achieved throughput plateaus', { timeout: 120_000 }, async () => {
    // Levels of 1 s warm-up + 4 s: a rate 10 % past the capacity queues 500 ms of wait by the level's end, the SLO's slack over
    // the 100 ms service — slack that a busy machine's scheduling delays stay within below the capacity.
    const { exitCode, report, out } = await sweepMock({ slos: ['p99<600ms'], thresholds: ['capacity>=70'], ceiling: 120, minRate: 30, steps: 3, levelDuration: '4s', warmup: '1s', resolution: '5%' });
    const sweep = report.sweep!;
    expect(sweep.ended).toBe('bracketed');
    const { low, high } = sweep.bracket;
    // The bracket holds the truth within ±10 %, and is narrower than the resolution asked for.
    expect(low!).toBeLessThanOrEqual(TRUE_CAPACITY * 1.1);
    expect(high!).toBeGreaterThanOrEqual(TRUE_CAPACITY * 0.9);
    expect((high! - low!) / low!).toBeLessThan(0.05);
    expect(sweep.capacity).toBe(low);
    expect(Math.abs(sweep.capacity! - TRUE_CAPACITY) / TRUE_CAPACITY).toBeLessThanOrEqual(0.1);
    // The planned levels ran (30, 60, 120), then the bisection between 60 and 120.
    expect(sweep.levels.filter((l) => l.phase === 'step').map((l) => l.offered)).toEqual([30, 60, 120]);
    expect(sweep.levels.some((l) => l.phase === 'refine')).toBe(true);
    // Past the capacity: achieved stays at the capacity (a plateau), p99 rises with the rate.
    const past = sweep.levels.filter((l) => l.offered > TRUE_CAPACITY * 1.1).sort((a, b) => a.offered - b.offered);
    expect(past.length).toBeGreaterThanOrEqual(1);
    for (const l of past) {
      expect(l.pass).toBe(false);
      expect(l.achieved).toBeLessThan(TRUE_CAPACITY * 1.05);
      expect(l.achieved).toBeGreaterThan(TRUE_CAPACITY * 0.75);
    }
    const top = past.at(-1)!;
    expect(top.saturated).toBe(true);
    const below = sweep.levels.filter((l) => l.offered <= TRUE_CAPACITY * 0.8);
    expect(top.latency.p99!).toBeGreaterThan(Math.max(...below.map((l) => l.latency.p99!)));
    expect(sweep.knee).not.toBeNull();
    expect(sweep.knee!.offered).toBeLessThan(top.offered);
    // The capacity threshold held; the report reads back whole (schema and invariants), with its page and junit.xml.
    expect(report.thresholds).toEqual([expect.objectContaining({ expression: 'capacity>=70', ok: true })]);
    expect(exitCode).toBe(0);
    const written = await readReport(join(out, 'report.json'));
    expect(written.sweep!.levels.length).toBe(sweep.levels.length);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-latency-throughput"');
    expect(html).toContain('id="chart-achieved-offered"');
    expect(html).toContain('SLO p99&lt;600ms');
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase name="level \d+/g)!.length).toBe(sweep.levels.length);
    expect(junit).toContain('<testcase name="capacity under p99&lt;600ms"');
  });

  it('an SLO every level meets ends at the measured ceiling and says so', async () => {
        // 2 virtual users draw at most 2 / 100 ms = 20/s: a ceiling well under the capacity, which every level keeps up with.
    const { exitCode, report, stdout } = await sweepMock({ slos: ['p99<30s'], steps: 2, levelDuration: '2s', warmup: '1s', concurrency: 2 });
    const sweep = report.sweep!;
    expect(sweep.ceiling.source).toBe('measured');
    expect(sweep.ceiling.rate).toBeGreaterThan(0);
    expect(sweep.ceiling.rate).toBeLessThanOrEqual(20 * 1.05);
    expect(sweep.ceiling.run).toMatchObject({ concurrency: 2 });
    expect(sweep.levels.every((l) => l.pass)).toBe(true);
    expect(sweep.ended).toBe('ceiling');
    expect(sweep.bracket).toEqual({ low: sweep.ceiling.rate, high: null });
    expect(sweep.conclusion).toMatch(/every level met p99<30s up to .*the ceiling .*: the capacity is at least that; give a higher --ceiling/);
    expect(stdout).toContain('capacity   at least');
    expect(exitCode).toBe(0);
  });

  it('an SLO no level meets says so, fails the verdict and a capacity threshold; the history keeps the sweep apart', async () => {
    const history = join(await tempDir(), 'history.db');
    const { exitCode, report } = await sweepMock({ slos: ['p99<50ms'], thresholds: ['capacity>=1'], ceiling: 40, steps: 3, levelDuration: '1s', warmup: '0s', history });
    const store = await HistoryStore.open(history);
    try {
      expect(store.list().map((r) => [r.command, r.kind, r.capacity, r.verdict])).toEqual([['sweep', 'sweep', null, 'fail']]);
    } finally {
      store.close();
    }
    const sweep = report.sweep!;
    // Two failing levels in a row stop the sweep.
    expect(sweep.levels.length).toBe(2);
    expect(sweep.capacity).toBeNull();
    expect(sweep.ended).toBe('none-met');
    expect(sweep.conclusion).toMatch(/^no level met every SLO \(p99<50ms\), down to 4\/s/);
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons).toContain(sweep.conclusion);
    expect(report.thresholds[0]).toMatchObject({ expression: 'capacity>=1', ok: false });
    expect(exitCode).toBe(1);
  });

  it('--max-requests holds across the ceiling run and every level: the sweep stops where the cap runs out, and says so', async () => {
    const { report, stdout } = await sweepMock({ slos: ['p99<30s'], steps: 3, levelDuration: '1s', warmup: '0s', concurrency: 2, maxRequests: 30 });
    const sweep = report.sweep!;
    expect(sweep.ended).toBe('max-requests');
    expect(sweep.levels.at(-1)!.complete).toBe(false);
    expect(report.totals.requests + (report.warmup?.totals.requests ?? 0)).toBeLessThanOrEqual(30);
    expect(sweep.conclusion).toMatch(/^the request cap ran out after \d+ complete levels? \(raise --max-requests to go on\)/);
    expect(stdout).toContain('found      the request cap ran out');
  });
});
