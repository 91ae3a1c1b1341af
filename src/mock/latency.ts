import type { MockLatency } from './settings.js';

/** z of the 99th percentile of the standard normal: a log-normal's p99 is median · e^(σ·z). */
const Z_P99 = 2.3263478740408408;

/**
 * A seeded delay sampler in ms for one latency model; `inputChars` adds the per-character cost,
 * `turn` (1 for a new chat) the per-turn cost of each earlier turn. Pure but for `random`.
 */
export function latencySampler(model: MockLatency, random: () => number): (inputChars: number, turn?: number) => number {
  const perChar = model.perInputCharMs ?? 0;
  const perTurn = model.perTurnMs ?? 0;
  let base: () => number;
  if (model.kind === 'fixed') base = () => model.ms;
  else if (model.kind === 'uniform') base = () => model.minMs + random() * (model.maxMs - model.minMs);
  else {
    const mu = Math.log(model.medianMs);
    const sigma = (Math.log(model.p99Ms) - mu) / Z_P99;
    base = () => {
      // Box–Muller; 1 - u keeps the logarithm away from 0.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.exp(mu + sigma * z);
    };
  }
  if (perTurn !== 0) return (inputChars, turn = 1) => base() + perChar * inputChars + perTurn * Math.max(0, turn - 1);
  return perChar === 0 ? base : (inputChars) => base() + perChar * inputChars;
}
