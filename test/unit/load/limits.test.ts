import { describe, expect, it } from 'vitest';
import { checkRate, DESCRIPTOR_RESERVE, DESCRIPTORS_PER_WORKER, fitDescriptors, MAX_RATE_PER_WORKER, plannedConnections, RATE_PER_WORKER } from '../../../src/load/limits.js';
import { buildPlan } from '../../../src/load/plan.js';

const limit = { soft: 256, hard: 4096, open: 30 };
const reserve = 30 + DESCRIPTOR_RESERVE;
const cli = (field: string) => ({ file: '(command line)', field });
const options = (extra: Partial<Parameters<typeof fitDescriptors>[2]> = {}) => ({ workers: 1, mockInProcess: false, inFlightIsDefault: true, setting: cli('--concurrency'), ...extra });

describe('plannedConnections', () => {
  it('is the users, the in-flight cap or the connections, never more than the requests', () => {
    expect(plannedConnections(buildPlan({ model: 'closed', concurrency: 300 }, 1000))).toBe(300);
    expect(plannedConnections(buildPlan({ model: 'closed', concurrency: 300, requests: 10 }, 1000))).toBe(10);
    expect(plannedConnections(buildPlan({ model: 'open', rate: 10, maxInFlight: 70 }, 1000))).toBe(70);
    expect(plannedConnections(buildPlan({ model: 'max', connections: 40 }, 1000))).toBe(40);
  });
});

describe('plannedConnections of an open plan', () => {
  it('a maxInFlight far above rate × timeout counts only what can be in flight', () => {
    // 50/s with a 30 s timeout: at most 1,500 requests started within one timeout, plus the default slack.
    expect(plannedConnections(buildPlan({ model: 'open', rate: 50, maxInFlight: 100_000 }, 30_000))).toBe(1600);
    expect(plannedConnections(buildPlan({ model: 'open', rate: 50, maxInFlight: 100_000 }, 30_000, { turns: 3 }))).toBe(4600);
    const fit = fitDescriptors(buildPlan({ model: 'open', rate: 50, maxInFlight: 100_000 }, 30_000), { soft: 4096, hard: 4096, open: 30 }, options({ inFlightIsDefault: false, setting: { file: 's.yaml', field: 'load.maxInFlight' } }));
    expect(fit).not.toHaveProperty('problem');
  });
});

describe('fitDescriptors', () => {
  it('lets a plan through that fits, with the reserve kept', () => {
    const plan = buildPlan({ model: 'closed', concurrency: 256 - reserve }, 1000);
    expect(fitDescriptors(plan, limit, options())).toEqual({ plan });
  });

  it('refuses users above the limit with the numbers and both ways out', () => {
    const fit = fitDescriptors(buildPlan({ model: 'closed', concurrency: 300 }, 1000), limit, options());
    expect(fit).toEqual({
      problem: {
        file: '(command line)',
        field: '--concurrency',
        message: `300 virtual users need ${300 + reserve} file descriptors (300 + ${reserve} kept for the report writer, workers and files), above this process's limit of 256 (ulimit -n); nothing was sent`,
        fix: `raise the limit before the run: ulimit -n ${300 + reserve}, or lower --concurrency to at most ${256 - reserve}`,
      },
    });
  });

  it('counts the embedded mock’s end of every connection, each worker, and a hard limit in the way', () => {
    const fit = fitDescriptors(buildPlan({ model: 'max', connections: 1000 }, 1000), { ...limit, hard: 1024 }, options({ mockInProcess: true, workers: 2, setting: cli('--max') }));
    const needed = 2000 + reserve + 2 * DESCRIPTORS_PER_WORKER;
    expect('problem' in fit && fit.problem.message).toContain(`1,000 connections need ${needed.toLocaleString('en-US')} file descriptors (1,000 + 1,000 for the embedded mock's end of each + ${reserve + 64} kept`);
    expect('problem' in fit && fit.problem.fix).toBe(`ask for a hard limit above its 1,024, then ulimit -n ${needed}, or lower --max to at most ${Math.floor((256 - reserve - 64) / 2)}`);
  });

  it('lowers a default in-flight cap to what fits and says so; refuses one the scenario set', () => {
    const plan = buildPlan({ model: 'open', rate: 1000 }, 3000);
    const lowered = fitDescriptors(plan, limit, options({ setting: { file: 's.yaml', field: 'load.maxInFlight' } }));
    expect('plan' in lowered && lowered.plan).toMatchObject({ model: 'open', maxInFlight: 256 - reserve, rate: 1000 });
    expect('plan' in lowered && lowered.note).toContain(`at most ${256 - reserve} requests in flight, not 3,100`);
    const set = fitDescriptors(buildPlan({ model: 'open', rate: 1000, maxInFlight: 500 }, 3000), limit, options({ inFlightIsDefault: false, setting: { file: 's.yaml', field: 'load.maxInFlight' } }));
    expect(set).toMatchObject({ problem: { file: 's.yaml', field: 'load.maxInFlight' } });
  });

  it('offers no "lower" when nothing fits beside the reserve', () => {
    const fit = fitDescriptors(buildPlan({ model: 'closed', concurrency: 5 }, 1000), { soft: 50, hard: 50, open: 30 }, options());
    expect('problem' in fit && fit.problem.fix).toBe(`ask for a hard limit above its 50, then ulimit -n ${5 + reserve}`);
  });
});

describe('checkRate', () => {
  const open = (rate: number) => buildPlan({ model: 'open', rate, durationMs: 1000 }, 1000);
  it('refuses a rate no thread can schedule, per worker thread', () => {
    expect(checkRate(open(1e9), 1, cli('--rate')).problem).toMatchObject({ field: '--rate', message: expect.stringContaining('1,000,000,000/s is more than one generator thread can schedule') });
    expect(checkRate(open(MAX_RATE_PER_WORKER * 2), 2, cli('--rate'))).toEqual({ note: expect.stringContaining('2 generator threads') });
  });

  it('warns above what the threads can carry, and says nothing below', () => {
    expect(checkRate(open(RATE_PER_WORKER * 2), 1, cli('--rate')).note).toContain('expect late and dropped arrivals');
    expect(checkRate(open(RATE_PER_WORKER), 1, cli('--rate'))).toEqual({});
    expect(checkRate(buildPlan({ model: 'closed', concurrency: 10 }, 1000), 1, cli('--rate'))).toEqual({});
  });
});
