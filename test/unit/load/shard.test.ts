import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { buildPlan, usableWorkers } from '../../../src/load/plan.js';
import { parseShard, shardLoad, shardScenario, shardSource, shareOf } from '../../../src/load/shard.js';
import { createRequestSource } from '../../../src/scenario/source.js';
import type { LoadSpec } from '../../../src/scenario/types.js';

describe('shards', () => {
  it('parses i/n and rejects anything else with the flag and a fix', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '-1/2']) {
      expect(() => parseShard(bad)).toThrow(InputError);
      expect(() => parseShard(bad)).toThrow(/--shard: ".*" is not a shard \(fix: write index\/count/);
    }
  });

  it('splits counts so the shares add up to the whole', () => {
    for (const total of [1, 7, 10, 100]) {
      const parts = [1, 2, 3].map((index) => shareOf(total, { index, count: 3 }));
      expect(parts.reduce((a, b) => a + b)).toBe(total);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    }
  });

  it('takes 1/n of the rate, users, requests and cap; keeps the duration', () => {
    expect(shardLoad({ model: 'open', rate: 90, durationMs: 5000, maxInFlight: 100 }, { index: 1, count: 3 })).toEqual({ model: 'open', rate: 30, durationMs: 5000, maxInFlight: 34 });
    expect(shardLoad({ model: 'closed', concurrency: 10, requests: 100 }, { index: 3, count: 3 })).toEqual({ model: 'closed', concurrency: 3, requests: 33 });
    expect(() => shardLoad({ model: 'closed', concurrency: 2, durationMs: 1000 }, { index: 3, count: 3 })).toThrow(/leaves this shard no load.concurrency/);
  });

  it('gives each shard a disjoint slice of one request stream, which together is the whole', () => {
    const whole = createRequestSource({ agents: ['a', 'b'], inputs: ['x', 'y', 'z'], variables: [], strategy: 'random', seed: 5 });
    const n = 3;
    const slices = [1, 2, 3].map((index) => shardSource(whole, { index, count: n }));
    for (let seq = 0; seq < 30; seq++) expect(slices[seq % n]!.at(Math.floor(seq / n))).toEqual(whole.at(seq));
    expect(shardSource(whole, undefined)).toBe(whole);
  });

  it('gives each shard whole conversations: a shard of a 3-turn run sends conversation c·n + (i − 1), every turn of it', () => {
    const whole = createRequestSource({ agents: ['a', 'b', 'c', 'd'], inputs: ['x', 'y', 'z'], variables: [{ v: 1 }, { v: 2 }], strategy: 'random', seed: 5, turns: 3 });
    const n = 2;
    const slices = [1, 2].map((index) => shardSource(whole, { index, count: n }));
    for (const [i, slice] of slices.entries()) {
      expect(slice.turns).toBe(3);
      for (let c = 0; c < 20; c++) for (let turn = 0; turn < 3; turn++) expect(slice.at(c * 3 + turn)).toEqual(whole.at((c * n + i) * 3 + turn));
    }
  });

  it('gives every shard of a scenario without a seed the same seed', () => {
    const scenario: { name: string; load: LoadSpec; mix: { seed?: number } } = { name: 'soak', load: { model: 'closed', concurrency: 6, durationMs: 1000 }, mix: {} };
    const seeds = [1, 2, 3].map((index) => shardScenario(scenario, { index, count: 3 }).mix.seed);
    expect(new Set(seeds).size).toBe(1);
    expect(seeds[0]).toBeTypeOf('number');
    expect(shardScenario({ ...scenario, mix: { seed: 9 } }, { index: 1, count: 3 }).mix.seed).toBe(9);
    expect(shardScenario(scenario, undefined)).toBe(scenario);
  });
});

describe('shardLoad with stages and connections', () => {
  it('splits every stage rate and the max-mode connections', () => {
    const load = { model: 'open' as const, stages: [{ rate: 30, durationMs: 1000 }, { rate: 90, durationMs: 2000 }] };
    expect(shardLoad(load, { index: 2, count: 3 }).stages).toEqual([{ rate: 10, durationMs: 1000 }, { rate: 30, durationMs: 2000 }]);
    expect(shardLoad({ model: 'max', connections: 10, durationMs: 1000 }, { index: 1, count: 3 }).connections).toBe(4);
  });
});

describe('usableWorkers', () => {
  it('never gives a worker no virtual user or connection', () => {
    expect(usableWorkers(4, buildPlan({ model: 'closed', concurrency: 2, requests: 10 }, 1000))).toBe(2);
    expect(usableWorkers(3, buildPlan({ model: 'max', connections: 1, requests: 10 }, 1000))).toBe(1);
    expect(usableWorkers(3, buildPlan({ model: 'open', rate: 10, requests: 10 }, 1000))).toBe(3);
    expect(usableWorkers(2, buildPlan({ model: 'closed', concurrency: 8, requests: 10 }, 1000))).toBe(2);
  });
});
