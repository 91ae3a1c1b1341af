import { INTERRUPTED_BEFORE_SENDING, InterruptedError } from '../errors.js';
import { createRequestSource } from '../scenario/source.js';
import { shardSource } from '../load/shard.js';
import type { CommandIo } from './io.js';
import { renderDryRun } from './preflight.js';
import { prepareRun, type RunOptions } from './run.js';

/** `chatload run --dry-run`: prepares exactly as a run would (flags, shard, thresholds, baseline, plan), prints it, sends nothing. */
export async function dryRunScenario(options: RunOptions, io: CommandIo): Promise<number> {
  const { scenario, shard, sourceSpec, plan, secrets } = await prepareRun({ ...options, dryRun: true }, io);
  // Ctrl-C while it was preparing: the plan is not printed (exit 130).
  if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  io.out(renderDryRun(scenario, plan, shardSource(createRequestSource({ ...sourceSpec, turns: plan.turns }), shard), options, secrets));
  return 0;
}
