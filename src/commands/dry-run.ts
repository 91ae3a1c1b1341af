import { buildPlan } from '../load/plan.js';
import { randomSeed } from '../random.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides } from '../scenario/overrides.js';
import { createRequestSource } from '../scenario/source.js';
import type { CommandIo } from './io.js';
import { assertKeyNotInScenario, checkSafetyOptions, renderDryRun } from './preflight.js';
import type { RunOptions } from './run.js';
import { API_KEY_ENV } from './target.js';

/** `chatload run --dry-run`: loads and plans exactly as a run would, prints it, sends nothing. */
export async function dryRunScenario(options: RunOptions, io: CommandIo): Promise<number> {
  checkSafetyOptions(options);
  const scenario = applyOverrides(await loadScenario(options.scenario), options);
  const apiKey = (options.env ?? process.env)[options.apiKeyEnv ?? API_KEY_ENV]?.trim();
  assertKeyNotInScenario(scenario, apiKey, options.apiKeyEnv);
  const seed = scenario.mix.seed ?? randomSeed();
  const source = createRequestSource({ agents: scenario.agents, inputs: scenario.inputs, variables: scenario.variables, strategy: scenario.mix.strategy, seed });
  const plan = buildPlan(scenario.load, scenario.timeoutMs);
  io.out(renderDryRun(scenario, plan, source, options, apiKey ? [apiKey] : []));
  return 0;
}
