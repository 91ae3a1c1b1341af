import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/commands/run.js';
import { ArrivalSchedule } from '../../src/load/schedule.js';
import type { OpenPlan } from '../../src/load/plan.js';
import { tempDir } from '../helpers/cli.js';

const quiet = { out: () => undefined, err: () => undefined, isTty: false };

/** The first `n` intended arrival times (ms) of a prepared open plan. */
function arrivals(plan: OpenPlan, n: number): number[] {
  const schedule = new ArrivalSchedule(plan.stages, plan.arrival, plan.seed);
  return Array.from({ length: n }, () => schedule.next()!);
}

describe('shards of a Poisson run (docs/distributed.md)', () => {
  it('share the request stream seed but each draws its own arrival times, the same again at every run', async () => {
    const dir = await tempDir();
    const scenario = join(dir, 'poisson.yaml');
    await writeFile(scenario, 'name: poisson\nagents: [a1]\ninputs: [hello]\nmix: { seed: 42 }\nload: { rate: 90, duration: 10s, arrival: poisson }\n');
    const prepare = async (shard?: string) => {
      const prepared = await prepareRun({ scenario, env: {}, ...(shard ? { shard } : {}) }, quiet);
      expect(prepared.plan.model).toBe('open');
      return { seed: prepared.seed, plan: prepared.plan as OpenPlan };
    };
    const whole = await prepare();
    const shards = [await prepare('1/3'), await prepare('2/3'), await prepare('3/3')];
    // One request stream: every shard takes its slice of the same seed's stream.
    expect(shards.map((s) => s.seed)).toEqual([42, 42, 42]);
    expect(whole.plan.seed).toBe(42);
    const times = shards.map((s) => arrivals(s.plan, 20));
    // Three different draws: no two shards burst at the same instants.
    expect(new Set(times.map((t) => t.join())).size).toBe(3);
    for (const t of times) expect(t).not.toEqual(arrivals(whole.plan, 20));
    // Seeded: a shard run again draws the same arrivals.
    expect(arrivals((await prepare('2/3')).plan, 20)).toEqual(times[1]);
  });
});
