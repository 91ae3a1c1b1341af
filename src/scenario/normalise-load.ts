import type { InputProblem } from '../errors.js';
import type { Warmup } from '../load/plan.js';
import { parseDuration } from '../units.js';
import type { LoadSpec, ScenarioFile } from './types.js';

type LoadExtras = Pick<LoadSpec, 'stages' | 'arrival' | 'thinkTimeMs' | 'connections' | 'pipelining' | 'warmup'>;

/** A warm-up as written: a whole number of requests (50, or "50" on the command line) or a duration ("5s"). */
export function parseWarmup(value: string | number): Warmup | undefined {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) > 0 ? { requests: Number(text) } : undefined;
  const durationMs = parseDuration(text);
  return durationMs ? { durationMs } : undefined;
}

/** Why a warm-up leaves nothing to measure, if it does: it must be shorter than the run it starts. */
export function warmupProblem(load: Pick<LoadSpec, 'warmup' | 'requests' | 'durationMs' | 'stages'>): { message: string; fix: string } | undefined {
  const { warmup } = load;
  if (!warmup) return undefined;
  if ('requests' in warmup) {
    if (load.requests === undefined || warmup.requests < load.requests) return undefined;
    return { message: `keeps ${warmup.requests} requests apart of a run of ${load.requests}: nothing would be measured`, fix: `use fewer warm-up requests than the run sends, e.g. warmup: ${Math.max(1, Math.floor(load.requests / 10))}` };
  }
  const runMs = load.durationMs ?? load.stages?.reduce((sum, stage) => sum + stage.durationMs, 0);
  if (runMs === undefined || warmup.durationMs < runMs) return undefined;
  return { message: `lasts ${formatMs(warmup.durationMs)}, as long as the run (${formatMs(runMs)}) or longer: nothing would be measured`, fix: 'use a warm-up shorter than the run, e.g. a tenth of it; the warm-up is the start of the run, not added to it' };
}

const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/**
 * The engine-specific parts of the load section (stages, arrivals, think time, autocannon
 * connections): checks what the schema cannot say, and parses durations. Pure.
 * Returns undefined after adding problems.
 */
export function normaliseLoadExtras(load: ScenarioFile['load'], model: LoadSpec['model'], file: string, problems: InputProblem[]): LoadExtras | undefined {
  const before = problems.length;
  const fail = (field: string, message: string, fix: string) => problems.push({ file, field, message, fix });
  if (load.stages !== undefined && load.rate !== undefined) fail('load', 'sets both `rate` and `stages`', 'keep `stages`, a list of { rate, duration }, or a single `rate`; not both');
  if (load.stages !== undefined && model !== 'open') fail('load.stages', `only applies to the open model, but the model is ${model}`, 'remove `stages`, or set `model: open`');
  if (load.arrival !== undefined && model !== 'open') fail('load.arrival', `only applies to the open model, but the model is ${model}`, 'remove `arrival`, or set `model: open`');
  if (load.maxInFlight !== undefined && model !== 'open') fail('load.maxInFlight', `only applies to the open model, but the model is ${model}`, 'remove `maxInFlight`, since the closed model has at most `concurrency` requests in flight; or set `model: open`');
  if (model === 'max' && load.connections === undefined) fail('load.connections', 'is required by the max model', 'add `connections: 50`, the number of autocannon connections');
  if (model !== 'max' && (load.connections !== undefined || load.pipelining !== undefined)) {
    fail(load.connections !== undefined ? 'load.connections' : 'load.pipelining', `only applies to the max model, but the model is ${model}`, 'remove it, or set `model: max`');
  }
  if (model === 'max' && load.thinkTime !== undefined) fail('load.thinkTime', 'does not apply to the max model (autocannon sends as fast as it can)', 'remove `thinkTime`, or use `model: closed`');
  const stages = load.stages?.map((s) => ({ rate: s.rate, durationMs: parseDuration(s.duration) ?? 0 }));
  stages?.forEach((s, i) => s.durationMs <= 0 && fail(`load.stages[${i}].duration`, 'is zero', 'use a duration above zero, e.g. 30s'));
  if (stages && stages.every((s) => s.rate === 0)) fail('load.stages', 'has a rate of 0 in every stage, so nothing would be sent', 'give at least one stage a rate above 0');
  const warmup = load.warmup === undefined ? undefined : parseWarmup(load.warmup);
  if (load.warmup !== undefined && !warmup) fail('load.warmup', `${JSON.stringify(load.warmup)} keeps nothing apart`, 'give a number of requests above 0, e.g. warmup: 50, or a duration above zero, e.g. warmup: 5s, or remove it');
  if (problems.length > before) return undefined;
  const thinkTimeMs = load.thinkTime === undefined ? undefined : parseDuration(load.thinkTime);
  return {
    ...(stages ? { stages } : {}),
    ...(load.arrival !== undefined ? { arrival: load.arrival } : {}),
    ...(thinkTimeMs !== undefined ? { thinkTimeMs } : {}),
    ...(load.connections !== undefined ? { connections: load.connections } : {}),
    ...(load.pipelining !== undefined ? { pipelining: load.pipelining } : {}),
    ...(warmup ? { warmup } : {}),
  };
}
