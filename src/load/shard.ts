import { InputError } from '../errors.js';
import { hash32 } from '../random.js';
import type { RequestSource } from '../scenario/source.js';
import type { LoadSpec } from '../scenario/types.js';

/** One shard of a run split n ways: `--shard index/count`, index from 1 to count. */
export interface Shard {
  index: number;
  count: number;
}

const FLAG = '--shard';

/** Parses "2/3"; the error names the flag and the fix (exit 2). */
export function parseShard(text: string, where = { file: '(command line)', field: FLAG }): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw InputError.single(where.file, where.field, `"${text}" is not a shard`, 'write index/count with 1 ≤ index ≤ count, e.g. --shard 1/3; in a Kubernetes Indexed Job: --shard $((JOB_COMPLETION_INDEX + 1))/N');
  }
  return { index, count };
}

/** This shard's part of a whole split as evenly as whole numbers allow; the parts sum to the whole. */
export function shareOf(total: number, shard: Shard): number {
  return Math.floor(total / shard.count) + (shard.index - 1 < total % shard.count ? 1 : 0);
}

/** 1/n of the rate (every stage's), the virtual users or connections, the request count, a warm-up count and the in-flight cap; durations stay. */
export function shardLoad(load: LoadSpec, shard: Shard): LoadSpec {
  const tooSmall = (field: string, value: number) =>
    InputError.single('(command line)', FLAG, `${shard.index}/${shard.count} leaves this shard no ${field} (${value} split ${shard.count} ways)`, `use at most ${value} shards, or raise ${field}`);
  const sharded: LoadSpec = { ...load };
  if (load.rate !== undefined) sharded.rate = load.rate / shard.count;
  if (load.concurrency !== undefined) {
    sharded.concurrency = shareOf(load.concurrency, shard);
    if (sharded.concurrency === 0) throw tooSmall('load.concurrency', load.concurrency);
  }
  if (load.requests !== undefined) {
    sharded.requests = shareOf(load.requests, shard);
    if (sharded.requests === 0) throw tooSmall('load.requests', load.requests);
  }
  if (load.stages) sharded.stages = load.stages.map((stage) => ({ ...stage, rate: stage.rate / shard.count }));
  if (load.connections !== undefined) {
    sharded.connections = shareOf(load.connections, shard);
    if (sharded.connections === 0) throw tooSmall('load.connections', load.connections);
  }
  // Each shard warms up on its share of a count (none left: no warm-up); a duration stays.
  if (load.warmup && 'requests' in load.warmup) {
    const requests = shareOf(load.warmup.requests, shard);
    if (requests > 0) sharded.warmup = { requests };
    else delete sharded.warmup;
  }
  if (load.maxInFlight !== undefined) sharded.maxInFlight = Math.max(1, Math.ceil(load.maxInFlight / shard.count));
  return sharded;
}

/**
 * A disjoint slice of the request stream: shard i of n takes the conversations c·n + (i − 1), each
 * whole (for one turn per conversation, the sequence numbers seq·n + (i − 1)).
 */
export function shardSource(source: RequestSource, shard: Shard | undefined): RequestSource {
  if (!shard) return source;
  const { turns } = source;
  const whole = (seq: number) => {
    const conversation = Math.floor(seq / turns);
    return (conversation * shard.count + shard.index - 1) * turns + (seq - conversation * turns);
  };
  return {
    combinations: source.combinations,
    turns,
    at: (seq) => source.at(whole(seq)),
    agentIndexAt: (seq) => source.agentIndexAt(whole(seq)),
  };
}

/** Shards must agree on the seed, or their slices would come from different streams: without one, derive it from the scenario name. */
export function shardSeed(scenarioName: string): number {
  let h = 0;
  for (let i = 0; i < scenarioName.length; i++) h = hash32(h, scenarioName.charCodeAt(i));
  return h % 2 ** 31;
}

/** The scenario as this shard runs it: its share of the load, and a seed all shards agree on. */
export function shardScenario<S extends { name: string; load: LoadSpec; mix: { seed?: number } }>(scenario: S, shard: Shard | undefined): S {
  if (!shard) return scenario;
  return { ...scenario, load: shardLoad(scenario.load, shard), mix: { ...scenario.mix, seed: scenario.mix.seed ?? shardSeed(scenario.name) } };
}
