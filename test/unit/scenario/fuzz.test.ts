import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { buildPlan } from '../../../src/load/plan.js';
import { loadScenario, parseScenarioText } from '../../../src/scenario/load.js';
import { createRequestSource } from '../../../src/scenario/source.js';
import { validateScenarioDocument } from '../../../src/scenario/validate.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * The scenario loader answers anything with a valid scenario or an InputError (exit 2), never
 * another exception. Seeded, so a failure replays; the counterexample is printed by fast-check.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20240607);
const RUNS = 150;

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await tempDir('chatload-fuzz-');
});

async function loadText(text: string | Uint8Array, ext: string): Promise<void> {
  const file = join(dir, `case-${n++}${ext}`);
  await writeFile(file, text);
  let scenario;
  try {
    scenario = await loadScenario(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) expect(typeof p.message).toBe('string');
    return;
  }
  // Valid: it plans and produces bodies.
  const plan = buildPlan(scenario.load, scenario.timeoutMs);
  // Timers above 2^31-1 ms fire at once in Node: a valid plan must not need one.
  for (const ms of [plan.timeoutMs, plan.durationMs ?? 1]) expect(ms > 0 && ms <= 2 ** 31 - 1).toBe(true);
  const source = createRequestSource({ agents: scenario.agents, inputs: scenario.inputs, variables: scenario.variables, strategy: scenario.mix.strategy, seed: 1 });
  expect(typeof source.at(0).agentId).toBe('string');
}

const VALID = {
  name: 'fuzz',
  target: 'mock',
  agents: ['agent_a'],
  inputs: ['hello'],
  variables: [{ customer_name: 'Ann' }],
  mix: { strategy: 'random', seed: 3 },
  load: { concurrency: 2, duration: '1s', requests: 10 },
  timeout: '2s',
  profile: 'strict',
  thresholds: ['p99<1s'],
  mock: { latency: { min: '1ms', max: '2ms' } },
};

/** A valid scenario with some fields replaced by arbitrary values, at any depth. */
const mutatedScenario = fc
  .tuple(
    fc.subarray(['name', 'target', 'agents', 'inputs', 'variables', 'mix', 'load', 'timeout', 'profile', 'thresholds', 'mock'], { minLength: 1, maxLength: 3 }),
    fc.array(fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false, withMap: false, withSet: false }), { minLength: 3, maxLength: 3 }),
    fc.array(fc.oneof(fc.constantFrom('concurrency', 'rate', 'duration', 'requests', 'maxInFlight', 'model'), fc.string()), { maxLength: 2 }),
    fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constantFrom('0s', '-1s', '99999999999h', '1e3s', 'NaN', 0, -1, 1e308, 2 ** 53)),
  )
  .map(([fields, values, loadKeys, loadValue]) => {
    const doc: Record<string, unknown> = structuredClone(VALID);
    fields.forEach((field, i) => (doc[field] = values[i]));
    const load = { ...(VALID.load as Record<string, unknown>) };
    for (const key of loadKeys) load[key] = loadValue;
    if (!fields.includes('load')) doc.load = load;
    return doc;
  });

/** YAML text built from the constructs that trip loaders: anchors, aliases, merges, tags, odd keys. */
const yamlToken = fc.constantFrom(
  'name: x\n', 'agents: [a]\n', 'inputs: [hi]\n', 'load: { concurrency: 1, requests: 1 }\n', 'load:\n  rate: 1e400\n  duration: 1s\n',
  'a: &x [*x]\n', 'b: &y { k: *y }\n', '<<: { name: merged }\n', '<<: *x\n', '__proto__: { polluted: true }\n', 'constructor: 1\n',
  '? [complex, key]\n: v\n', '!!binary aGVsbG8=\n', '!!set { a, b }\n', '!!omap [ a: 1 ]\n', '!custom tag\n', '--- \n', '...\n', '%YAML 1.2\n---\n',
  '"\\uD800"\n', 'timeout: 1e999h\n', 'timeout: 9999999999h\n', 'x: !!int 0x1F\n', 'y: !!float .nan\n', 'inputs: { file: /nonexistent/x.txt }\n',
  'variables: { file: . }\n', 'agents: [*x]\n', '  - bad indent\n', '\t: tab\n', 'name: &n x\nagents: [*n, *n, *n]\n', '&a [*a, *a]\n',
);
const yamlText = fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

describe('scenario loader fuzzing: a valid scenario or an InputError, never another exception', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('.yaml', '.json'), (bytes, ext) => loadText(bytes, ext)), { seed: SEED, numRuns: RUNS });
  });

  it('random YAML documents of any shape', async () => {
    const anyDoc = fc.anything({ maxDepth: 4, withBigInt: false, withMap: false, withSet: false, withNullPrototype: true });
    await fc.assert(fc.asyncProperty(anyDoc, (doc) => loadText(stringify(doc) ?? '', '.yaml')), { seed: SEED, numRuns: RUNS });
  });

  it('valid scenarios with random fields replaced, as YAML and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScenario, fc.boolean(), (doc, asJson) => loadText(asJson ? JSON.stringify(doc) : stringify(doc), asJson ? '.json' : '.yaml')),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('YAML built from anchors, aliases, merge keys, tags and odd keys', async () => {
    await fc.assert(fc.asyncProperty(yamlText, (text) => loadText(text, '.yaml')), { seed: SEED, numRuns: RUNS * 2 });
  });

  it('parseScenarioText and validateScenarioDocument never throw on their own', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const parsed = parseScenarioText(text, 'x.yaml');
        if (parsed.ok) validateScenarioDocument(parsed.doc, 'x.yaml');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
