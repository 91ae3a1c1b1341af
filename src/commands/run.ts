import { join } from 'node:path';
import { createChecker, loadContract } from '../contract/index.js';
import { ChatloadError, ExitCode, TargetError } from '../errors.js';
import { createClient, type Client } from '../client/http-client.js';
import type { Exchange, ExchangeOutcome } from '../exchange.js';
import { runClosed } from '../load/closed.js';
import type { EngineContext, EngineStats } from '../load/engine.js';
import { runOpen } from '../load/open.js';
import { buildPlan, type Plan } from '../load/plan.js';
import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { startMockServer, type RunningMock } from '../mock/server.js';
import { randomSeed } from '../random.js';
import { redactSecrets } from '../redact.js';
import { Recorder } from '../record/recorder.js';
import { buildReport } from '../report/build.js';
import { renderHtml } from '../report/html.js';
import { renderSummary } from '../report/summary.js';
import type { LoadReport, RunReport } from '../report/types.js';
import { writeOutputs } from '../report/write.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/overrides.js';
import { createRequestSource } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { TOOL } from '../tool.js';
import type { CommandIo } from './io.js';
import { resolveApiKey } from './target.js';
import { assertKeyNotInScenario, guardSink, guardTarget, type SafetyOptions } from './preflight.js';
import { probeTarget } from '../client/probe.js';

export interface RunOptions extends ScenarioOverrides, SafetyOptions {
  scenario: string;
  /** Output folder; default reports/<run-id>. */
  out?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting stops the run early; the partial report is still written (exit 130). */
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number;
  report: RunReport;
  outDir: string;
  files: string[];
}

function errorMessage(error: unknown): string {
  return error instanceof ChatloadError ? error.message : String((error as Error)?.message ?? error);
}

export function runId(name: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60)}`;
}

function loadReport(plan: Plan): LoadReport {
  const stop = { ...(plan.durationMs !== undefined ? { durationMs: plan.durationMs } : {}), ...(plan.requests !== undefined ? { requests: plan.requests } : {}), timeoutMs: plan.timeoutMs };
  return plan.model === 'open' ? { model: 'open', rate: plan.rate, maxInFlight: plan.maxInFlight, ...stop } : { model: 'closed', concurrency: plan.concurrency, ...stop };
}

function connectionsFor(plan: Plan): number {
  return plan.model === 'closed' ? plan.concurrency : plan.maxInFlight;
}

/** scenario → plan → engine → client → checks → recorder → report: the one place they are wired. */
export async function runScenario(options: RunOptions, io: CommandIo): Promise<RunResult> {
  const scenario: Scenario = applyOverrides(await loadScenario(options.scenario), options);
  const env = options.env ?? process.env;
  const apiKey = resolveApiKey(scenario.target, env, options.apiKeyEnv);
  assertKeyNotInScenario(scenario, apiKey, options.apiKeyEnv);
  const seed = scenario.mix.seed ?? randomSeed();
  const source = createRequestSource({ agents: scenario.agents, inputs: scenario.inputs, variables: scenario.variables, strategy: scenario.mix.strategy, seed });
  const plan = await guardTarget(scenario, buildPlan(scenario.load, scenario.timeoutMs), options, io);
  const contract = loadContract();
  const secrets = apiKey ? [apiKey] : [];

  let mock: RunningMock | undefined;
  let client: Client | undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const startedAtEpochMs = Date.now();
  const startedAt = performance.now();
  const recorder = new Recorder({ startedAt, seed, secrets, samplesPerRule: scenario.checks.samplesPerRule });
  const checker = createChecker({ contract, profile: scenario.profile, skewMs: scenario.checks.clockSkewMs, secrets });
  let stats: EngineStats = { sent: 0, dropped: 0, late: 0 };
  let fatal: unknown;
  let engineStarted = false;

  try {
    let baseUrl = scenario.target;
    if (scenario.target === 'mock') {
      mock = await startMockServer(mockConfigFor({ agents: scenario.agents, apiKey: apiKey ?? DEFAULT_MOCK_API_KEY, ...(scenario.mock.latency ? { latency: scenario.mock.latency } : {}), seed }));
      baseUrl = mock.url;
    }
    if (!mock) await probeTarget(baseUrl);
    client = createClient({ baseUrl, apiKey: apiKey ?? DEFAULT_MOCK_API_KEY, connections: connectionsFor(plan), timeoutMs: plan.timeoutMs, maxBodyBytes: scenario.checks.bodySizeLimitBytes });
    const sink = (exchange: Exchange): ExchangeOutcome => {
      const { violations, json } = checker.check(exchange);
      recorder.record(exchange, violations);
      const chatId = (json as { chatId?: unknown } | undefined)?.chatId;
      return { ok: violations.length === 0 && exchange.status !== undefined && exchange.status < 400, ...(typeof chatId === 'string' ? { chatId } : {}) };
    };
    const onFatal = (error: unknown) => ((fatal ??= error), controller.abort());
    const ctx: EngineContext = { source, send: client.send, sink: guardSink(sink, onFatal), signal: controller.signal };
    engineStarted = true;
    stats = plan.model === 'open' ? await runOpen(plan, ctx) : await runClosed(plan, ctx);
  } catch (error) {
    fatal = error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client?.close().catch(() => undefined);
    await mock?.close().catch(() => undefined);
  }
  // A setup error before anything was measured is just an error; after, the report still gets written.
  if (fatal && !engineStarted) throw fatal;

  const interrupted = controller.signal.aborted && fatal === undefined;
  const durationMs = performance.now() - startedAt;
  const report = buildReport(recorder.state(), {
    tool: TOOL,
    scenario: { name: scenario.name, file: scenario.file },
    target: { url: scenario.target === 'mock' ? 'mock' : scenario.target, kind: scenario.target === 'mock' ? 'mock' : 'remote' },
    load: loadReport(plan),
    profile: scenario.profile,
    seed,
    startedAtEpochMs,
    endedAtEpochMs: startedAtEpochMs + durationMs,
    durationMs,
    dropped: stats.dropped,
    late: stats.late,
    partial: interrupted || fatal !== undefined,
  });
  report.conformance.checks = checker.stats();
  if (fatal) report.verdictReasons.push(`the run stopped early after an error: ${redactSecrets(errorMessage(fatal), secrets)}`);
  const outDir = options.out ?? join('reports', runId(scenario.name, new Date(startedAtEpochMs)));
  const files = await writeOutputs(outDir, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report) }, secrets);
  io.out(renderSummary(report, files));

  let exitCode: number = report.verdict === 'pass' ? ExitCode.pass : ExitCode.verdictFailed;
  if (report.totals.requests > 0 && report.totals.responses === 0) {
    const kinds = Object.entries(report.transportErrors).map(([k, n]) => `${k} ${n}`).join(', ');
    io.err(`chatload: ${new TargetError(`no request got an answer from ${scenario.target === 'mock' ? 'the embedded mock' : scenario.target} (${kinds})`).message}\n`);
    exitCode = ExitCode.targetUnusable;
  }
  if (fatal) {
    io.err(`chatload: the run stopped early: ${redactSecrets(errorMessage(fatal), secrets)}\n`);
  }
  if (interrupted) exitCode = ExitCode.interrupted;
  return { exitCode, report, outDir, files };
}
