import { join } from 'node:path';
import { probeTarget } from '../client/probe.js';
import type { Profile } from '../contract/types.js';
import { ChatloadError, ExitCode, INTERRUPTED_BEFORE_SENDING, InputError, InterruptedError, TargetError } from '../errors.js';
import { fitDescriptors, type DescriptorLimit } from '../load/limits.js';
import { buildPlan, usableWorkers, plannedRequests, type Plan } from '../load/plan.js';
import { DEFAULT_MOCK_API_KEY, mockConfigFor } from '../mock/config.js';
import { startMockServer, type RunningMock } from '../mock/server.js';
import { randomSeed } from '../random.js';
import type { RecorderState } from '../record/state.js';
import { redactDeep, redactSecrets } from '../redact.js';
import { buildReport, type RunMeta } from '../report/build.js';
import { renderHtml } from '../report/html.js';
import { renderReportLine, useColor } from '../report/summary.js';
import type { LoadReport, RunReport } from '../run-report.js';
import { assertWritableDir, OutputWriteError, writeOutputs } from '../report/write.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides } from '../scenario/overrides.js';
import type { SourceSpec } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { sweepLevel, sweepState } from '../sweep/level-report.js';
import { achievedRate, capacityBracket, concludeSweep, findKnee, nextRefineRate, roundRate, stepRates, stepsStop, type LevelOutcome } from '../sweep/levels.js';
import { ceilingRunMs, describeSweepPlan, levelsBudget } from '../sweep/plan-text.js';
import { levelLine, renderSweepSummary } from '../sweep/render.js';
import { DEFAULT_CEILING_CONCURRENCY, parseSweepFlags, type SweepFlags, type SweepSettings } from '../sweep/settings.js';
import type { SweepCeiling, SweepLevel, SweepReport } from '../sweep/types.js';
import { TOOL } from '../tool.js';
import { judgeOutcome, successes } from '../verdict/outcome.js';
import { checkSelectors, scenarioGroups } from '../verdict/selectors.js';
import { checksOf, DEFAULT_GRACE_MS, type ExecutionConfig } from './execute.js';
import { gateReport, prepareGate, type Gate } from './gate.js';
import { prepareHistory, recordInHistory, type HistoryOptions, type HistoryTarget } from './history-record.js';
import type { CommandIo } from './io.js';
import { checkOutOption } from './out-option.js';
import { checkRateOrThrow, fitToMachine, readDescriptorLimit } from './machine-limits.js';
import { assertKeyNotInFlags, assertKeyNotInScenario, checkSafetyOptions, isRemoteTarget, requestCap, type SafetyOptions } from './preflight.js';
import { startProgress } from './progress.js';
import { runId } from './run.js';
import { API_KEY_ENV, readApiKey, resolveApiKey } from './target.js';
import { startExecution, type ExecutionResult } from './workers.js';
import { metricsSettings, withMetricsEndpoint, type MetricsOptions, type MetricsSettings } from './metrics-endpoint.js';
import { addFigures, emptyFigures, type MetricsFigures } from '../metrics/figures.js';
import { createMetricsRegistry, targetOrigin } from '../metrics/registry.js';

const CLI = '(command line)';

export interface SweepOptions extends SweepFlags, SafetyOptions, HistoryOptions, MetricsOptions {
  scenario: string;
  target?: string;
  profile?: Profile;
  timeout?: string;
  seed?: number;
  workers?: number;
  /** `--threshold`: gates on the sweep, e.g. capacity>=150. */
  thresholds?: string[];
  /** Output folder; default reports/<run-id>-sweep. */
  out?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting stops the sweep: the levels done so far are written as a partial report (exit 130). */
  signal?: AbortSignal;
  /** After an abort, how long requests in flight may take to finish (default 5 s). */
  graceMs?: number;
}

export interface SweepResult {
  exitCode: number;
  report: RunReport;
  outDir: string;
  files: string[];
}

interface PreparedSweep {
  scenario: Scenario;
  settings: SweepSettings;
  gate: Gate;
  apiKey: string | undefined;
  seed: number;
  sourceSpec: SourceSpec;
  concurrency: number;
  workers: number;
  arrival: 'constant' | 'poisson';
  cap: number | undefined;
  secrets: string[];
  /** Where the sweep is recorded (`--history`), if anywhere. */
  history: HistoryTarget | undefined;
  /** The live metrics endpoint (`--metrics-port`), if one is asked for. */
  metrics: MetricsSettings | undefined;
  /** The process's file-descriptor limit, read once: each level's default in-flight cap is fitted to it. */
  descriptors: DescriptorLimit | undefined;
}

const errorMessage = (error: unknown) => (error instanceof ChatloadError ? error.message : String((error as Error)?.message ?? error));

/** Every input error (flags, SLOs, thresholds, scenario, key, a budget above the cap) surfaces here, before a single request. */
async function prepareSweep(options: SweepOptions, io: CommandIo): Promise<PreparedSweep> {
  checkOutOption(options.out);
  checkSafetyOptions(options);
  const settings = parseSweepFlags(options);
  const metrics = metricsSettings(options);
  const loaded = await loadScenario(options.scenario);
  const scenario = applyOverrides(loaded, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  if ((scenario.conversation?.turns ?? 1) > 1) {
    throw InputError.single(scenario.file, 'conversation.turns', `is ${scenario.conversation!.turns}: a sweep offers single requests at each rate, and a conversation's later turns would come on top of it`, 'sweep a scenario without `conversation`, or measure conversations with chatload run');
  }
  // The file's thresholds judge a run at one load; a sweep is gated by its own --threshold (e.g. capacity>=150).
  const gate = await prepareGate({ flags: options.thresholds ?? [] });
  // `{agent=…}` must name a group the sweep will have: a typo is found before anything is sent.
  const unknownGroups = checkSelectors(gate.thresholds, scenarioGroups(scenario.agents, 1, scenario.checks.maxGroups), 'the scenario');
  if (unknownGroups.length) throw new InputError(unknownGroups);
  const env = options.env ?? process.env;
  const history = prepareHistory(options, env);
  const apiKey = options.dryRun ? readApiKey(env, options.apiKeyEnv) : resolveApiKey(scenario.target, env, options.apiKeyEnv);
  assertKeyNotInScenario(loaded, apiKey, options.apiKeyEnv);
  assertKeyNotInFlags({ '--target': options.target, '--out': options.out, '--slo': options.slos, '--threshold': options.thresholds, '--metrics-host': options.metricsHost }, apiKey, options.apiKeyEnv);
  const seed = scenario.mix.seed ?? randomSeed();
  const cap = requestCap(scenario.target, options.maxRequests);
  if (cap !== undefined && settings.ceiling !== undefined) {
    const budget = levelsBudget(settings, settings.ceiling);
    if (budget.total > cap) {
      throw InputError.single(CLI, '--max-requests', `the sweep sends up to ${budget.total.toLocaleString('en-US')} requests to ${scenario.target}, above the cap of ${cap.toLocaleString('en-US')}`, `raise the cap explicitly with --max-requests ${budget.total}, or send fewer with --steps, --level-duration or a lower --ceiling`);
    }
  }
  const concurrency = settings.concurrency ?? DEFAULT_CEILING_CONCURRENCY;
  const workers = scenario.load.workers ?? 1;
  const descriptors = await checkSweepAgainstMachine(scenario, settings, concurrency, workers, io);
  return {
    scenario,
    settings,
    gate,
    apiKey,
    seed,
    sourceSpec: { agents: scenario.agents, inputs: scenario.inputs, variables: scenario.variables, strategy: scenario.mix.strategy, seed },
    concurrency,
    workers,
    arrival: scenario.load.arrival ?? 'constant',
    cap,
    secrets: apiKey ? [apiKey] : [],
    history,
    metrics,
    descriptors,
  };
}

const CONCURRENCY_SETTING = { file: CLI, field: '--concurrency' };
const CEILING_SETTING = { file: CLI, field: '--ceiling' };

/** How a level's plan meets the descriptor limit: its in-flight cap is always the default, named by --ceiling. */
const levelFitOptions = (scenario: Scenario, workers: number) => ({ workers, mockInProcess: scenario.target === 'mock', inFlightIsDefault: true, setting: CEILING_SETTING });

/**
 * As `run` checks its plan, before anything is sent: the ceiling run's virtual users against the
 * file-descriptor limit, or a given ceiling (the highest level) against what the generator threads
 * can schedule and the limit. Levels below a measured ceiling run at rates this machine reached.
 */
async function checkSweepAgainstMachine(scenario: Scenario, settings: SweepSettings, concurrency: number, workers: number, io: CommandIo): Promise<DescriptorLimit | undefined> {
  const descriptors = await readDescriptorLimit();
  if (settings.ceiling === undefined) {
    const ceilingRun = buildPlan({ model: 'closed', concurrency, durationMs: ceilingRunMs(settings) }, scenario.timeoutMs);
    const machine = { workers, mockInProcess: scenario.target === 'mock', inFlightIsDefault: false };
    await fitToMachine(ceilingRun, { ...machine, rate: CONCURRENCY_SETTING, connections: CONCURRENCY_SETTING }, io, descriptors);
    return descriptors;
  }
  const top = buildPlan({ model: 'open', rate: settings.ceiling, durationMs: settings.levelMs }, scenario.timeoutMs);
  checkRateOrThrow(top, workers, CEILING_SETTING, io);
  // Only a limit too low for a single connection is refused; the levels' caps are lowered as they start.
  const fit = descriptors && fitDescriptors(top, descriptors, levelFitOptions(scenario, workers));
  if (fit && 'problem' in fit) throw new InputError([fit.problem]);
  return descriptors;
}

/** The live metrics across the sweep's phases: the finished ones' final figures, plus the running phase's. */
interface SweepMetrics {
  done: MetricsFigures;
  current: (() => MetricsFigures) | undefined;
}

function planText(p: PreparedSweep): string {
  return describeSweepPlan({ target: p.scenario.target, settings: p.settings, concurrency: p.concurrency, timeoutMs: p.scenario.timeoutMs, cap: p.cap });
}

/** `sweep --dry-run`: the plan, nothing sent. */
export async function dryRunSweep(options: SweepOptions, io: CommandIo): Promise<SweepResult | number> {
  const prepared = await prepareSweep(options, io);
  const confirmation = isRemoteTarget(prepared.scenario.target) ? '\na real sweep asks for confirmation on a terminal, or needs --yes elsewhere.' : '';
  io.out(redactSecrets(`chatload dry run of a sweep of ${prepared.scenario.name} (${prepared.scenario.file}): nothing is sent.\n${planText(prepared)}${confirmation}\n`, prepared.secrets));
  return ExitCode.pass;
}

/** The gate before real traffic, as `run` has it: the plan printed, then --yes or a confirmation. */
async function confirmSweep(prepared: PreparedSweep, options: SweepOptions, io: CommandIo): Promise<void> {
  const { target } = prepared.scenario;
  if (!isRemoteTarget(target)) return;
  io.err(`chatload: this sweep sends real requests to a remote API:\n${planText(prepared)}\n`);
  if (options.yes) return;
  if (!options.confirm) throw InputError.single(CLI, '--yes', `refusing to load ${target} without confirmation: there is no terminal to ask`, 'add --yes to confirm the plan above, or --dry-run to see it without sending anything');
  if (!(await options.confirm('Send these requests? [y/N] '))) throw new ChatloadError('cancelled at the confirmation prompt: nothing was sent', 'CANCELLED', ExitCode.badInput);
}

function loadOf(plan: Plan): LoadReport {
  const warmup = plan.warmup ? { warmup: plan.warmup } : {};
  const stop = { ...(plan.durationMs !== undefined ? { durationMs: plan.durationMs } : {}), timeoutMs: plan.timeoutMs, ...warmup };
  if (plan.model === 'open') return { model: 'open', rate: plan.rate, maxInFlight: plan.maxInFlight, arrival: plan.arrival, ...stop };
  if (plan.model === 'closed') return { model: 'closed', concurrency: plan.concurrency, ...stop };
  return { model: 'max', connections: plan.connections, ...stop };
}

/** One phase as run: its recorder state and where it sits in the sweep. */
interface Phase {
  result: ExecutionResult;
  startedAtMs: number;
  durationMs: number;
  /** The request cap stopped this phase before its plan was done. */
  capped: boolean;
}

/** scenario → levels (plan → engine → client → checks → recorder) → sweep section → report. */
export async function runSweep(options: SweepOptions, io: CommandIo): Promise<SweepResult> {
  const prepared = await prepareSweep(options, io);
  if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  const id = `${runId(prepared.scenario.name, new Date())}-sweep`;
  if (!prepared.metrics) return runPreparedSweep(prepared, id, options, io);
  // Bound before anything is sent, as for run: a port in use or not allowed stops the sweep here (exit 2).
  const live: SweepMetrics = { done: emptyFigures(), current: undefined };
  const info = { runId: id, scenario: prepared.scenario.name, targetOrigin: targetOrigin(prepared.scenario.target) };
  const read = () => (live.current ? addFigures(live.done, live.current()) : live.done);
  const registry = createMetricsRegistry(read, info, prepared.secrets, { offeredRate: true });
  return withMetricsEndpoint(prepared.metrics, registry, io, options.signal, () => runPreparedSweep(prepared, id, options, io, live));
}

async function runPreparedSweep(prepared: PreparedSweep, id: string, options: SweepOptions, io: CommandIo, live?: SweepMetrics): Promise<SweepResult> {
  const notInterrupted = () => {
    if (options.signal?.aborted) throw new InterruptedError(INTERRUPTED_BEFORE_SENDING);
  };
  const { scenario, settings, gate, apiKey, seed, secrets } = prepared;
  const outDir = options.out ?? join('reports', id);
  await assertWritableDir(outDir);
  await confirmSweep(prepared, options, io);
  notInterrupted();

  const W = settings.warmupMs;
  const L = settings.levelMs;
  const warmup = W > 0 ? { warmup: { durationMs: W } } : {};
  const target = { url: scenario.target === 'mock' ? 'mock' : scenario.target, kind: scenario.target === 'mock' ? ('mock' as const) : ('remote' as const) };
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const sweepStart = performance.now();
  const startedAtEpochMs = Date.now();
  const phases: { state: RecorderState; startedAtMs: number; warmupMs: number }[] = [];
  const levels: SweepLevel[] = [];
  let dropped = 0;
  let late = 0;
  let remaining = prepared.cap;
  let cut: 'interrupted' | 'max-requests' | 'error' | undefined;
  let fatal: unknown;
  let ceiling: SweepCeiling = { rate: settings.ceiling ?? 0, source: settings.ceiling === undefined ? 'measured' : 'given' };
  let mock: RunningMock | undefined;
  let engineStarted = false;

  const meta = (plan: Plan, phase: Phase, partial: boolean): RunMeta => ({
    tool: TOOL,
    scenario: { name: scenario.name, file: scenario.file },
    target,
    load: loadOf(plan),
    profile: scenario.profile,
    seed,
    startedAtEpochMs: startedAtEpochMs + phase.startedAtMs,
    endedAtEpochMs: startedAtEpochMs + phase.startedAtMs + phase.durationMs,
    durationMs: phase.durationMs,
    dropped: phase.result.stats.dropped,
    late: phase.result.stats.late,
    partial,
  });

  try {
    let baseUrl = scenario.target;
    if (scenario.target === 'mock') {
      mock = await startMockServer(mockConfigFor({ agents: scenario.agents, apiKey: apiKey ?? DEFAULT_MOCK_API_KEY, seed, settings: scenario.mock }));
      baseUrl = mock.url;
    } else await probeTarget(baseUrl, options.signal ? { signal: options.signal } : {});
    notInterrupted();
    const base: Omit<ExecutionConfig, 'plan'> = {
      source: prepared.sourceSpec,
      baseUrl,
      apiKey: apiKey ?? mock?.apiKey ?? DEFAULT_MOCK_API_KEY,
      seed,
      secrets,
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      ...checksOf(scenario),
      ...(live ? { metrics: true } : {}),
    };

    const runPhase = async (built: Plan): Promise<Phase> => {
      let plan = built;
      // The cap holds across every phase: a phase that would pass it stops at what is left.
      if (remaining !== undefined) {
        const planned = plannedRequests(plan);
        if (planned === undefined || planned > remaining) plan = { ...plan, requests: Math.max(1, remaining) };
      }
      engineStarted = true;
      const execution = startExecution({ ...base, plan }, usableWorkers(prepared.workers, plan), controller.signal);
      if (live) live.current = execution.metrics;
      const stopProgress = startProgress({ write: io.err, tty: io.errIsTty === true, ...(io.errColumns ? { columns: io.errColumns } : {}), live: execution.live, startedAt: performance.now(), ...(plan.durationMs !== undefined ? { totalMs: plan.durationMs } : {}) });
      let result: ExecutionResult;
      try {
        result = await execution.done;
      } finally {
        stopProgress();
        // The phase's final figures join the finished ones (its counts equal its part of report.json).
        if (live) {
          live.done = addFigures(live.done, { ...execution.metrics(), inFlight: 0 });
          live.current = undefined;
        }
      }
      const durationMs = performance.now() - result.startedAt;
      const sent = result.stats.sent;
      const capped = remaining !== undefined && plan.requests !== undefined && sent >= plan.requests && plan.requests !== built.requests;
      if (remaining !== undefined) remaining -= sent;
      dropped += result.stats.dropped;
      late += result.stats.late;
      const phase = { result, startedAtMs: result.startedAt - sweepStart, durationMs, capped };
      phases.push({ state: result.state, startedAtMs: phase.startedAtMs, warmupMs: W });
      if (result.fatal !== undefined) fatal ??= result.fatal;
      cut = controller.signal.aborted ? 'interrupted' : result.fatal !== undefined ? 'error' : capped ? 'max-requests' : undefined;
      return phase;
    };

    // Phase 1: the ceiling, from a short closed-model run (unless given).
    if (settings.ceiling === undefined) {
      const runMs = ceilingRunMs(settings);
      const plan = buildPlan({ model: 'closed', concurrency: prepared.concurrency, durationMs: W + runMs, ...warmup }, scenario.timeoutMs);
      io.err(`chatload: measuring the ceiling: ${prepared.concurrency} virtual users for ${(W + runMs) / 1000}s\n`);
      const phase = await runPhase(plan);
      const report = buildReport(phase.result.state, meta(plan, phase, cut !== undefined));
      const measured = achievedRate(phase.result.state.timeline, phase.result.state.windowMs, W, W + runMs) ?? report.totals.rps;
      const share = report.totals.requests ? successes(report) / report.totals.requests : 0;
      ceiling = {
        rate: roundRate(measured * share),
        source: 'measured',
        run: { concurrency: prepared.concurrency, durationMs: report.durationMs, requests: report.totals.requests + (report.warmup?.totals.requests ?? 0), achieved: measured, p99: report.latency.p99 },
      };
      io.err(`chatload: ceiling ${ceiling.rate}/s (successful answers per second of ${prepared.concurrency} virtual users)\n`);
      if (!cut && ceiling.rate <= 0) {
        cut = 'error';
        fatal = new TargetError(`the ceiling run got no successful answer from ${scenario.target === 'mock' ? 'the embedded mock' : scenario.target}: there is no rate to sweep up to`);
      }
    }

    const outcomes = (): LevelOutcome[] => levels.map((l) => ({ ...l, p99: l.latency.p99 }));
    let inFlightLowered = false;
    /** A level's default in-flight cap (rate × timeout) lowered to what the descriptor limit allows, said once. */
    const fitLevel = (built: Plan, rate: number): Plan => {
      if (!prepared.descriptors) return built;
      const fit = fitDescriptors(built, prepared.descriptors, levelFitOptions(scenario, prepared.workers));
      // A problem cannot come here: one connection fitted before anything was sent.
      if ('problem' in fit) return built;
      if (fit.note && !inFlightLowered) {
        inFlightLowered = true;
        io.err(`chatload: from the level at ${rate}/s on, ${fit.note}\n`);
      }
      return fit.plan;
    };
    const runLevel = async (rate: number, phaseName: SweepLevel['phase']) => {
      const index = levels.length;
      const plan = fitLevel(buildPlan({ model: 'open', rate, durationMs: W + L, arrival: prepared.arrival, ...warmup }, scenario.timeoutMs, { seed: seed + 1 + index }), rate);
      const phase = await runPhase(plan);
      const complete = cut === undefined;
      const report = buildReport(phase.result.state, meta(plan, phase, !complete));
      const level = sweepLevel({ index, phase: phaseName, offered: rate, warmupMs: W, levelMs: L, startedAtMs: phase.startedAtMs, complete }, phase.result.state, report, settings.slos);
      levels.push(level);
      io.err(levelLine(level));
    };

    // Phase 2: the planned levels up to the ceiling, stopping early past saturation or two failures.
    if (!cut) {
      const minRate = settings.minRate !== undefined && settings.minRate < ceiling.rate ? settings.minRate : undefined;
      for (const rate of stepRates(ceiling.rate, settings.steps, settings.spacing, minRate).filter((r) => r > 0)) {
        await runLevel(rate, 'step');
        if (cut) break;
        if (stepsStop(outcomes())) break;
      }
    }
    // Phase 3: bisection between the last level that met every SLO and the first that did not.
    while (!cut) {
      const next = nextRefineRate(outcomes(), settings.resolution);
      if (next === undefined) break;
      await runLevel(next, 'refine');
    }
  } catch (error) {
    fatal ??= error;
    cut = controller.signal.aborted && !(error instanceof InterruptedError) ? 'interrupted' : 'error';
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await mock?.close().catch(() => undefined);
  }
  // A setup error before anything was sent is just an error; after, the report still gets written.
  if (fatal && (!engineStarted || phases.length === 0)) throw fatal;

  const outcomes: LevelOutcome[] = levels.map((l) => ({ ...l, p99: l.latency.p99 }));
  const { capacity, bracket } = capacityBracket(outcomes);
  const { ended, conclusion } = concludeSweep({ levels: outcomes, slos: settings.slos.map((s) => s.expression), ceiling: ceiling.rate, resolution: settings.resolution, ...(cut ? { cut } : {}) });
  const sweep: SweepReport = {
    slos: settings.slos.map((s) => s.expression),
    settings: { steps: settings.steps, spacing: settings.spacing, levelDurationMs: L, warmupMs: W, resolution: settings.resolution, ...(settings.minRate !== undefined ? { minRate: settings.minRate } : {}), arrival: prepared.arrival },
    ceiling,
    levels,
    capacity,
    bracket,
    knee: findKnee(outcomes),
    ended,
    conclusion,
  };
  const durationMs = performance.now() - sweepStart;
  const interrupted = cut === 'interrupted';
  const state = sweepState(phases, scenario.checks.samplesPerRule, seed);
  const peak = levels.length ? Math.max(...levels.map((l) => l.offered)) : ceiling.rate;
  const built = buildReport(state, {
    tool: TOOL,
    scenario: { name: scenario.name, file: scenario.file, ...(scenario.expect ? { expect: scenario.expect } : {}) },
    target,
    load: { model: 'open', rate: peak, arrival: prepared.arrival, timeoutMs: scenario.timeoutMs, ...warmup },
    profile: scenario.profile,
    seed,
    startedAtEpochMs,
    endedAtEpochMs: startedAtEpochMs + durationMs,
    durationMs,
    dropped,
    late,
    partial: interrupted || cut === 'error',
  });
  if (fatal) built.stoppedBy = errorMessage(fatal);
  // Redacted before it is gated, serialised or drawn.
  const { report, junit } = gateReport(redactDeep({ ...built, sweep }, secrets), gate);
  const env = options.env ?? process.env;
  io.out(redactSecrets(renderSweepSummary({ ...report, sweep: report.sweep! }, useColor(env, io.isTty)), secrets));
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
    io.err(`chatload: the sweep stopped early: ${redactSecrets(errorMessage(fatal), secrets)}\n`);
    if (fatal instanceof ChatloadError && exitCode === ExitCode.pass) exitCode = fatal.exitCode;
  }
  if (interrupted) exitCode = ExitCode.interrupted;
  if (notWritten !== undefined) {
    io.err(`chatload: the sweep finished, but its reports could not be written (the summary above is what was measured): ${redactSecrets(errorMessage(notWritten), secrets)}\n`);
    exitCode = ExitCode.reportsNotWritten;
  }
  // Kept in the run history once the reports are on disk: a series of its own, its capacity trended (docs/history.md).
  if (notWritten === undefined) await recordInHistory(prepared.history, { command: 'sweep', report, outDir, secrets }, io);
  return { exitCode, report, outDir, files };
}
