import { join } from 'node:path';
import type { CheckerStats } from '../contract/checker.js';
import { ChatloadError, ExitCode, INTERRUPTED_BEFORE_SENDING, InputError, InterruptedError } from '../errors.js';
import { emptyStats, type EngineStats } from '../load/engine.js';
import { buildPlan, usableWorkers, type Plan } from '../load/plan.js';
import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { startMockServer, type RunningMock } from '../mock/server.js';
import { randomSeed } from '../random.js';
import { Recorder } from '../record/recorder.js';
import type { RecorderState } from '../record/state.js';
import { redactDeep, redactSecrets } from '../redact.js';
import { buildReport } from '../report/build.js';
import { renderHtml } from '../report/html.js';
import { renderReportLine, renderSummary, useColor } from '../report/summary.js';
import type { LoadReport, RunReport } from '../run-report.js';
import { assertWritableDir, OutputWriteError, writeOutputs } from '../report/write.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/overrides.js';
import type { SourceSpec } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { TOOL } from '../tool.js';
import { formatDuration } from '../units.js';
import { parseShard, shardScenario, type Shard } from '../load/shard.js';
import { parseStartAt, startDelay } from '../load/start-at.js';
import { judgeOutcome } from '../verdict/outcome.js';
import { checkSelectors, scenarioGroups } from '../verdict/selectors.js';
import { assertBaselineComparable, gateReport, prepareGate, type Gate } from './gate.js';
import { checksOf, DEFAULT_GRACE_MS, type ExecutionConfig } from './execute.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { startProgress } from './progress.js';
import { startExecution } from './workers.js';
import { API_KEY_ENV, readApiKey, resolveApiKey } from './target.js';
import { assertKeyNotInFlags, assertKeyNotInScenario, checkSafetyOptions, guardTarget, type SafetyOptions } from './preflight.js';
import { probeTarget } from '../client/probe.js';
import { fitPlanToMachine } from './machine-limits.js';
import { historyLookup } from './history-baseline.js';
import { prepareHistory, recordInHistory, type HistoryOptions, type HistoryTarget } from './history-record.js';
import { metricsSettings, withMetricsEndpoint, type MetricsOptions, type MetricsSettings } from './metrics-endpoint.js';
import { emptyFigures, type MetricsFigures } from '../metrics/figures.js';

export interface RunOptions extends ScenarioOverrides, SafetyOptions, HistoryOptions, MetricsOptions {
  scenario: string;
  /** Output folder; default reports/<run-id>. */
  out?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting stops the run early; the partial report is still written (exit 130). */
  signal?: AbortSignal;
  /** `--threshold` expressions, added to the scenario's. */
  thresholds?: string[];
  /** `--baseline`: a report.json to compare this run with. */
  baseline?: string;
  /** `--shard i/n`: run 1/n of the load and a disjoint slice of the request stream. */
  shard?: string;
  /** `--start-at`: an ISO 8601 time with its zone, or epoch ms; the schedule begins at that instant. */
  startAt?: string;
  /** After an abort, how long requests in flight may take to finish (default 5 s). */
  graceMs?: number;
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

function loadReport(plan: Plan, workers: number): LoadReport {
  const stop = { ...(plan.durationMs !== undefined ? { durationMs: plan.durationMs } : {}), ...(plan.requests !== undefined ? { requests: plan.requests } : {}), timeoutMs: plan.timeoutMs, ...(plan.warmup ? { warmup: plan.warmup } : {}) };
  const shared = { ...(plan.turns > 1 ? { turns: plan.turns } : {}), ...(workers > 1 ? { workers } : {}) };
  if (plan.model === 'open') {
    const stages = plan.stages.length > 1 ? { stages: plan.stages.map((s) => ({ rate: s.rate, durationMs: s.durationMs })) } : {};
    return { model: 'open', rate: plan.rate, maxInFlight: plan.maxInFlight, arrival: plan.arrival, ...stages, ...(plan.thinkTimeMs ? { thinkTimeMs: plan.thinkTimeMs } : {}), ...stop, ...shared };
  }
  if (plan.model === 'max') return { model: 'max', connections: plan.connections, pipelining: plan.pipelining, ...stop, ...shared };
  return { model: 'closed', concurrency: plan.concurrency, ...(plan.thinkTimeMs ? { thinkTimeMs: plan.thinkTimeMs } : {}), ...stop, ...shared };
}


/** Everything a run decides before it sends anything; `--dry-run` shows exactly this. */
export interface PreparedRun {
  scenario: Scenario;
  shard: Shard | undefined;
  gate: Gate;
  apiKey: string | undefined;
  seed: number;
  sourceSpec: SourceSpec;
  /** The plan as built, before the request cap of a remote target. */
  plan: Plan;
  workers: number;
  secrets: string[];
  /** Where the run is recorded (`--history`), if anywhere. */
  history: HistoryTarget | undefined;
  /** The live metrics endpoint (`--metrics-port`), if one is asked for. */
  metrics: MetricsSettings | undefined;
  /** `--start-at` as epoch ms. */
  startAtMs: number | undefined;
}

/**
 * Loads, overrides, shards and plans: every input error (scenario, flags, thresholds, baseline,
 * shard, key) surfaces here, before a single request. Shared by `run` and `run --dry-run`.
 */
export async function prepareRun(options: RunOptions, io: CommandIo): Promise<PreparedRun> {
  const notInterrupted = () => {
    if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  };
  checkOutOption(options.out);
  checkSafetyOptions(options);
  const metrics = metricsSettings(options);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const startAtMs = options.startAt === undefined ? undefined : parseStartAt(options.startAt);
  if (startAtMs !== undefined) startDelay(startAtMs, Date.now());
  const loaded = await loadScenario(options.scenario, options.signal ? { signal: options.signal } : {});
  notInterrupted();
  const scenario: Scenario = shardScenario(applyOverrides(loaded, options), shard);
  const history = prepareHistory(options, options.env ?? process.env);
  const lookup = options.baseline !== undefined ? { baseline: options.baseline, history: historyLookup(history, { scenario: scenario.name, target: scenario.target, kind: 'load', shard }, io) } : {};
  const gate = await prepareGate({ scenario, flags: options.thresholds ?? [], ...lookup });
  // `{agent=…}` / `{turn=…}` must name a group this run will have: a typo is found before anything is sent.
  const unknownGroups = checkSelectors(gate.thresholds, scenarioGroups(scenario.agents, scenario.conversation?.turns ?? 1, scenario.checks.maxGroups), 'the scenario');
  if (unknownGroups.length) throw new InputError(unknownGroups);
  notInterrupted();
  const apiKey = options.dryRun ? readApiKey(options.env ?? process.env, options.apiKeyEnv) : resolveApiKey(scenario.target, options.env ?? process.env, options.apiKeyEnv);
  // The file and the flags apart, so the message blames the one that holds the key.
  assertKeyNotInScenario(loaded, apiKey, options.apiKeyEnv);
  assertKeyNotInFlags({ '--target': options.target, '--out': options.out, '--threshold': options.thresholds, '--baseline': options.baseline, '--metrics-host': options.metricsHost }, apiKey, options.apiKeyEnv);
  notInterrupted();
  const seed = scenario.mix.seed ?? randomSeed();
  const sourceSpec: SourceSpec = { agents: scenario.agents, inputs: scenario.inputs, variables: scenario.variables, strategy: scenario.mix.strategy, seed };
  // Shards share the request stream's seed, but each draws its own Poisson arrivals: the same draws would make every shard burst together.
  const arrivalSeed = shard ? seed + shard.index : seed;
  const built = buildPlan(scenario.load, scenario.timeoutMs, { turns: scenario.conversation?.turns ?? 1, seed: arrivalSeed });
  const requestedWorkers = scenario.load.workers ?? 1;
  const workers = usableWorkers(requestedWorkers, built);
  if (workers < requestedWorkers) io.err(`chatload: using ${workers} worker${workers === 1 ? '' : 's'}, not ${requestedWorkers}: the ${built.model === 'max' ? 'connections' : 'virtual users'} cannot be split further\n`);
  const plan = await fitPlanToMachine(built, scenario, options, workers, io);
  notInterrupted();
  if (gate.baseline) {
    const target = { url: scenario.target, kind: scenario.target === 'mock' ? ('mock' as const) : ('remote' as const) };
    assertBaselineComparable(gate.baseline, { scenario: { name: scenario.name, file: scenario.file }, target, load: loadReport(plan, workers), partial: false, conformance: { profile: scenario.profile } });
  }
  return { scenario, shard, gate, apiKey, seed, sourceSpec, plan, workers, secrets: apiKey ? [apiKey] : [], history, metrics, startAtMs };
}

/** Where the live metrics read their figures: nothing until the engine starts, then the execution's. */
interface LiveMetrics {
  read: () => MetricsFigures;
}

/** scenario → plan → engine → client → checks → recorder → report: the one place they are wired. */
export async function runScenario(options: RunOptions, io: CommandIo): Promise<RunResult> {
  const prepared = await prepareRun(options, io);
  if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  const id = runId(prepared.scenario.name, new Date());
  if (!prepared.metrics) return runPrepared(prepared, id, options, io);
  // The endpoint is bound before anything is sent: a port in use or not allowed stops the run here (exit 2).
  const live: LiveMetrics = { read: emptyFigures };
  const { createMetricsRegistry, targetOrigin } = await import('../metrics/registry.js'); // prom-client: only when served
  const info = { runId: id, scenario: prepared.scenario.name, targetOrigin: targetOrigin(prepared.scenario.target) };
  const registry = createMetricsRegistry(() => live.read(), info, prepared.secrets, { offeredRate: prepared.plan.model === 'open' });
  return withMetricsEndpoint(prepared.metrics, registry, io, options.signal, () => runPrepared(prepared, id, options, io, live));
}

async function runPrepared(prepared: PreparedRun, id: string, options: RunOptions, io: CommandIo, live?: LiveMetrics): Promise<RunResult> {
  // Ctrl-C before the engine starts ends the run there: nothing sent, nothing to report (exit 130).
  const notInterrupted = () => {
    if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  };
  const { scenario, shard, gate, apiKey, seed, sourceSpec, workers, secrets, startAtMs } = prepared;
  const outDir = options.out ?? join('reports', id);
  // A folder that cannot take the reports is found now, not after the traffic (and the money) is spent.
  await assertWritableDir(outDir);
  const plan = await guardTarget(scenario, prepared.plan, options, io);
  notInterrupted();

  let mock: RunningMock | undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let startedAtEpochMs = Date.now();
  let startedAt = performance.now();
  // What a run that never got going reports: an empty recorder's state.
  let state: RecorderState = new Recorder({ startedAt }).state();
  let stats: EngineStats = emptyStats();
  let fatal: unknown;
  let checks: CheckerStats | undefined;
  let stopProgress: (() => void) | undefined;
  let engineStarted = false;

  try {
    let baseUrl = scenario.target;
    if (scenario.target === 'mock') {
      mock = await startMockServer(mockConfigFor({ agents: scenario.agents, apiKey: apiKey ?? DEFAULT_MOCK_API_KEY, seed, settings: scenario.mock }));
      baseUrl = mock.url;
    }
    const config: ExecutionConfig = {
      plan,
      source: sourceSpec,
      ...(shard ? { shard } : {}),
      baseUrl,
      apiKey: apiKey ?? mock?.apiKey ?? DEFAULT_MOCK_API_KEY,
      seed,
      secrets,
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      ...checksOf(scenario),
      ...(live ? { metrics: true } : {}),
    };
    if (!mock) await probeTarget(baseUrl, options.signal ? { signal: options.signal } : {});
    notInterrupted();
    // Checked again after the set-up (the mock, the probe, a confirmation) took its time.
    const waitMs = startAtMs === undefined ? 0 : startDelay(startAtMs, Date.now());
    if (startAtMs !== undefined && waitMs > 0) io.err(`chatload: waiting for --start-at ${new Date(startAtMs).toISOString()} (in ${formatDuration(waitMs)}; Ctrl-C stops without sending)\n`);
    engineStarted = true;
    const execution = startExecution(config, workers, controller.signal, startAtMs);
    if (live) live.read = execution.metrics;
    if (!(await execution.started)) {
      engineStarted = false;
      throw new InterruptedError(startAtMs !== undefined ? 'interrupted while waiting for --start-at: nothing was sent' : INTERRUPTED_BEFORE_SENDING);
    }
    stopProgress = startProgress({ write: io.err, tty: io.errIsTty === true, ...(io.errColumns ? { columns: io.errColumns } : {}), live: execution.live, startedAt: performance.now(), ...(plan.durationMs !== undefined ? { totalMs: plan.durationMs } : {}) });
    const result = await execution.done;
    ({ state, stats, checks } = result);
    // The schedule began once the engine (and its workers) were ready: durations and rates count from there.
    startedAtEpochMs += result.startedAt - startedAt;
    startedAt = result.startedAt;
    fatal = result.fatal;
  } catch (error) {
    fatal = error;
  } finally {
    stopProgress?.();
    options.signal?.removeEventListener('abort', onAbort);
    await mock?.close().catch(() => undefined);
  }
  // A setup error before anything was measured is just an error; after, the report still gets written.
  if (fatal && (!engineStarted || fatal instanceof InterruptedError)) throw fatal;

  const interrupted = controller.signal.aborted && fatal === undefined;
  // Ctrl-C before the first request went out (the engine still starting): nothing sent, nothing written.
  if (interrupted && state.requests + (state.warmup?.requests ?? 0) === 0) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  const durationMs = performance.now() - startedAt;
  const built = buildReport(state, {
    tool: TOOL,
    scenario: { name: scenario.name, file: scenario.file, ...(scenario.expect ? { expect: scenario.expect } : {}) },
    target: { url: scenario.target === 'mock' ? 'mock' : scenario.target, kind: scenario.target === 'mock' ? 'mock' : 'remote' },
    load: loadReport(plan, workers),
    profile: scenario.profile,
    seed,
    startedAtEpochMs,
    endedAtEpochMs: startedAtEpochMs + durationMs,
    durationMs,
    dropped: stats.dropped,
    late: stats.late,
    conversationsAborted: stats.conversationsAborted,
    conversationsCut: stats.conversationsCut,
    partial: interrupted || fatal !== undefined,
  });
  if (checks) built.conformance.checks = checks;
  if (fatal) built.stoppedBy = errorMessage(fatal);
  // Redacted before it is gated, serialised or drawn, so the key is found in every form it came in.
  const { report, junit } = gateReport(redactDeep({ ...built, ...(shard ? { shard } : {}), ...(startAtMs !== undefined ? { startAt: new Date(startAtMs).toISOString() } : {}) }, secrets), gate);
  // The summary first: whatever happens to the files, what was measured is shown.
  io.out(renderSummary(report, [], { color: useColor(options.env ?? process.env, io.isTty) }));
  let files: string[] = [];
  let notWritten: unknown;
  try {
    files = await writeOutputs(outDir, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report), 'junit.xml': junit }, secrets);
    io.out(renderReportLine(files));
  } catch (error) {
    notWritten = error;
    if (error instanceof OutputWriteError) files = error.written;
  }

  const outcome = judgeOutcome(report, { apiKeyEnv: options.apiKeyEnv ?? API_KEY_ENV, agents: scenario.agents, target: scenario.target === 'mock' ? 'the embedded mock' : scenario.target });
  if (outcome.message) io.err(`chatload: ${redactSecrets(outcome.message, secrets)}\n`);
  let exitCode: number = outcome.exitCode;
  if (fatal) {
    io.err(`chatload: the run stopped early: ${redactSecrets(errorMessage(fatal), secrets)}\n`);
  }
  if (interrupted) exitCode = ExitCode.interrupted;
  if (notWritten !== undefined) {
    const kept = files.length ? `only ${files.join(', ')} ${files.length === 1 ? 'was' : 'were'} written` : 'no report file was written';
    io.err(`chatload: the run finished, but its reports could not be written (${kept}; the summary above is what was measured): ${redactSecrets(errorMessage(notWritten), secrets)}\n`);
    exitCode = ExitCode.reportsNotWritten;
  }
  // Kept in the run history once the reports are on disk (docs/history.md).
  if (notWritten === undefined) await recordInHistory(prepared.history, { command: 'run', report, outDir, secrets }, io);
  return { exitCode, report, outDir, files };
}
