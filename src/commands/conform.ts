import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { DEFAULT_BODY_LIMIT_BYTES, generateCases } from '../conform/cases.js';
import { executeCase } from '../conform/execute.js';
import { runFuzz, SHRINK_BUDGET } from '../conform/fuzz.js';
import { conformReport, fuzzReplay, renderConformTable } from '../conform/render.js';
import { createRawSender, type RawSender } from '../conform/send.js';
import type { CaseResult, FuzzSummary } from '../conform/types.js';
import { createChecker, loadContract } from '../contract/index.js';
import { ExitCode, TargetError, UsageError } from '../errors.js';
import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { startMockServer, type RunningMock } from '../mock/server.js';
import { Recorder } from '../record/recorder.js';
import { buildReport } from '../report/build.js';
import { renderHtml } from '../report/html.js';
import { reportToJunit } from '../report/junit-report.js';
import type { RunReport } from '../run-report.js';
import { writeOutputs } from '../report/write.js';
import { redactDeep, redactSecrets } from '../redact.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides } from '../scenario/overrides.js';
import { parseByteSize } from '../scenario/checks.js';
import type { Profile } from '../contract/types.js';
import { TOOL } from '../tool.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { runId } from './run.js';
import { resolveApiKey } from './target.js';
import { assertKeyNotInFlags, assertKeyNotInScenario, guardTarget, type SafetyOptions } from './preflight.js';
import { probeTarget } from '../client/probe.js';
import { buildPlan } from '../load/plan.js';
import { prepareHistory, recordInHistory, type HistoryOptions } from './history-record.js';

export const DEFAULT_CONFORM_CONCURRENCY = 4;

export interface ConformOptions extends SafetyOptions, HistoryOptions {
  scenario: string;
  target?: string;
  profile?: Profile;
  /** Cases in flight at once (p-limit). */
  concurrency?: number;
  /** Output folder; default reports/<run-id>-conform. */
  out?: string;
  /** Property-based bodies to send after the cases (`--fuzz N`); 0 or absent: none. */
  fuzz?: number;
  /** Seed of the fuzzing (`--fuzz-seed`); drawn at random when absent, and printed. */
  fuzzSeed?: number;
  /** The request-body limit the target is expected to enforce (`--body-limit`): bytes or a size such as 1MiB. */
  bodyLimit?: number | string;
  env?: NodeJS.ProcessEnv;
}

export interface ConformResult {
  exitCode: number;
  report: RunReport;
  outDir: string;
  files: string[];
}

/** `chatload conform`: spec-derived cases against the target, every response through every rule. */
export async function runConform(options: ConformOptions, io: CommandIo): Promise<ConformResult> {
  checkOutOption(options.out);
  const concurrency = options.concurrency ?? DEFAULT_CONFORM_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number above 0, got ${concurrency}`);
  const history = prepareHistory(options, options.env ?? process.env);
  const fuzz = options.fuzz ?? 0;
  if (!Number.isInteger(fuzz) || fuzz < 0) throw new UsageError(`--fuzz must be a whole number of bodies (0 or more), got ${options.fuzz}; e.g. --fuzz 200`);
  if (options.fuzzSeed !== undefined && !(Number.isInteger(options.fuzzSeed) && Math.abs(options.fuzzSeed) <= 0x7fffffff)) {
    throw new UsageError(`--fuzz-seed must be a whole number between -2147483647 and 2147483647, got ${options.fuzzSeed}; use the seed a fuzzing run printed`);
  }
  if (options.fuzzSeed !== undefined && fuzz === 0) throw new UsageError('--fuzz-seed needs --fuzz N: the seed replays N generated bodies, e.g. --fuzz 200 --fuzz-seed 42');
  const bodyLimitBytes = options.bodyLimit === undefined ? DEFAULT_BODY_LIMIT_BYTES : parseByteSize(options.bodyLimit);
  if (bodyLimitBytes === undefined) throw new UsageError(`--body-limit must be a size, got ${JSON.stringify(options.bodyLimit)}; write bytes (1048576) or a size with a unit, e.g. 1MiB or 512KiB`);
  const loaded = await loadScenario(options.scenario);
  const scenario = applyOverrides(loaded, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
  });
  const envKey = resolveApiKey(scenario.target, options.env ?? process.env, options.apiKeyEnv);
  assertKeyNotInScenario(loaded, envKey, options.apiKeyEnv);
  assertKeyNotInFlags({ '--target': options.target, '--out': options.out }, envKey, options.apiKeyEnv);
  const contract = loadContract();
  const declared4xx = [...contract.responses.keys()].map(Number).filter((s) => s >= 400 && s < 500);
  const variables = scenario.variables[0];
  const cases = generateCases(contract.requestSchema, { agents: scenario.agents, input: scenario.inputs[0]!, ...(variables ? { variables } : {}), declared4xx, bodyLimitBytes });
  const seed = scenario.mix.seed ?? 1;
  const fuzzSeed = options.fuzzSeed ?? randomInt(0, 0x7fffffff);
  // A remote target gets the same gate as a run: the plan printed, a confirmation (or --yes), the cap.
  const requests = cases.reduce((n, c) => n + c.steps.length, 0) + (fuzz ? fuzz + SHRINK_BUDGET : 0);
  await guardTarget(scenario, buildPlan({ model: 'closed', concurrency, requests }, scenario.timeoutMs), options, io);

  const mock: RunningMock | undefined = scenario.target === 'mock' ? await startMockServer(mockConfigFor({ agents: scenario.agents, apiKey: envKey ?? DEFAULT_MOCK_API_KEY, seed, settings: scenario.mock })) : undefined;
  // Without a key in the environment, the cases use the first key the scenario's mock accepts, as `run` does.
  const apiKey = envKey ?? mock?.apiKey ?? DEFAULT_MOCK_API_KEY;
  const secrets = [apiKey];
  const startedAtEpochMs = Date.now();
  const startedAt = performance.now();
  const recorder = new Recorder({ startedAt, seed, secrets, samplesPerRule: scenario.checks.samplesPerRule });
  const checker = createChecker({ contract, profile: scenario.profile, skewMs: scenario.checks.clockSkewMs, secrets });
  let sender: RawSender | undefined;
  let results: CaseResult[];
  let fuzzSummary: FuzzSummary | undefined;
  try {
    const baseUrl = mock?.url ?? scenario.target;
    if (!mock) await probeTarget(baseUrl);
    sender = createRawSender({ baseUrl, connections: concurrency, timeoutMs: scenario.timeoutMs, maxBodyBytes: scenario.checks.bodySizeLimitBytes });
    const send = sender.send;
    let seq = 0;
    const runner = { send, check: checker.check, record: recorder.record.bind(recorder), apiKey, nextSeq: () => seq++ };
    const limit = pLimit(concurrency);
    results = await Promise.all(cases.map((c) => limit(() => executeCase(c, runner))));
    if (fuzz) {
      // Printed first: a fuzzing run that dies half-way can still be replayed.
      io.out(`chatload conform: fuzzing ${fuzz} bodies with seed ${fuzzSeed} (replay: ${fuzzReplay({ runs: fuzz, seed: fuzzSeed })})\n`);
      const fuzzed = await runFuzz({ runs: fuzz, seed: fuzzSeed, requestSchema: contract.requestSchema, validateRequest: contract.validateRequest, agents: scenario.agents, ...(variables ? { variables } : {}) }, runner);
      results.push(fuzzed.result);
      fuzzSummary = fuzzed.summary;
    }
  } finally {
    await sender?.close().catch(() => undefined);
    await mock?.close().catch(() => undefined);
  }

  const durationMs = performance.now() - startedAt;
  const conform = conformReport(scenario.profile, results, fuzzSummary);
  const built = buildReport(recorder.state(), {
    tool: TOOL,
    scenario: { name: scenario.name, file: scenario.file },
    target: { url: scenario.target, kind: scenario.target === 'mock' ? 'mock' : 'remote' },
    load: { model: 'closed', concurrency, requests: recorder.requests, timeoutMs: scenario.timeoutMs },
    profile: scenario.profile,
    seed,
    startedAtEpochMs,
    endedAtEpochMs: startedAtEpochMs + durationMs,
    durationMs,
    dropped: 0,
    late: 0,
    partial: false,
  });
  const failedReason = conform.failed ? [`${conform.failed} of ${conform.cases} conformance cases failed`] : [];
  // Redacted before it is serialised or drawn, so the key is found in every form it came in.
  const report: RunReport = redactDeep({
    ...built,
    conformance: { ...built.conformance, checks: checker.stats() },
    conform,
    verdict: conform.failed || built.verdict === 'fail' ? 'fail' : 'pass',
    verdictReasons: [...failedReason, ...built.verdictReasons],
  }, secrets);

  const outDir = options.out ?? join('reports', `${runId(scenario.name, new Date(startedAtEpochMs))}-conform`);
  const files = await writeOutputs(
    outDir,
    {
      'report.json': `${JSON.stringify(report, null, 2)}\n`,
      'report.html': renderHtml(report),
      // The same junit.xml `chatload report` draws from this report.json.
      'junit.xml': reportToJunit(report),
    },
    secrets,
  );
  // Failure messages quote what the server sent back: redact in case it echoes the key.
  io.out(redactSecrets(renderConformTable(conform, scenario.target === 'mock' ? 'embedded mock' : scenario.target), secrets));
  io.out(`  report     ${files.join('  ')}\n`);
  await recordInHistory(history, { command: 'conform', report, outDir, secrets }, io);

  if (recorder.requests > 0 && recorder.responses === 0) {
    io.err(`chatload: ${new TargetError(`no conformance case got an answer from ${scenario.target === 'mock' ? 'the embedded mock' : scenario.target}`).message}\n`);
    return { exitCode: ExitCode.targetUnusable, report, outDir, files };
  }
  return { exitCode: report.verdict === 'pass' ? ExitCode.pass : ExitCode.verdictFailed, report, outDir, files };
}
