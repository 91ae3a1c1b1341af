import { setMaxListeners } from 'node:events';
import { createClient, DEFAULT_MAX_BODY_BYTES, type Client } from '../client/http-client.js';
import { createChecker, loadContract, type Checker } from '../contract/index.js';
import type { Profile, Violation } from '../contract/types.js';
import type { Exchange, ExchangeOutcome } from '../exchange.js';
import { runClosed } from '../load/closed.js';
import { emptyStats, type EngineContext, type EngineStats } from '../load/engine.js';
import { runOpen } from '../load/open.js';
import { shareOf, sliceWarmup, type Plan, type Slice } from '../load/plan.js';
import { shardSource, type Shard } from '../load/shard.js';
import { DEFAULT_MAX_GROUPS } from '../record/groups.js';
import { Recorder } from '../record/recorder.js';
import { RequestCounts } from '../record/request-counts.js';
import { createRequestSource, type SourceSpec } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { guardSink } from './preflight.js';

const NO_VIOLATIONS: readonly Violation[] = [];
const NOT_OK: ExchangeOutcome = { ok: false };

/** Default wait for requests in flight after Ctrl-C, before they are cut off and counted as `closed`. */
export const DEFAULT_GRACE_MS = 5000;

/** Everything one engine run needs; plain data, so it can cross into a worker thread. */
export interface ExecutionConfig {
  plan: Plan;
  source: SourceSpec;
  baseUrl: string;
  apiKey: string;
  seed: number;
  secrets: string[];
  graceMs: number;
  /** `--shard i/n`: this run takes the conversations c·n + (i − 1) of the stream. */
  shard?: Shard;
  /** Contract profile; default strict. */
  profile?: Profile;
  /** Clock-skew allowance for `createdAt` (strict profile). */
  skewMs?: number;
  samplesPerRule?: number;
  /** Response bodies are read up to this many bytes (the `body-size` rule). */
  maxBodyBytes?: number;
  /** Live metrics are served (`--metrics-port`): the recorder also counts requests by status and agent group. */
  metrics?: boolean;
  /** `checks.maxGroups`: per-agent (and per-turn) groups kept in the breakdown and the metrics' labels before the rest fold into `other`. */
  maxGroups?: number;
}

/** What every load command takes from the scenario's `profile:` and `checks:` sections. */
export function checksOf(scenario: Pick<Scenario, 'profile' | 'checks'>): Pick<ExecutionConfig, 'profile' | 'skewMs' | 'samplesPerRule' | 'maxBodyBytes' | 'maxGroups'> {
  const { checks } = scenario;
  return { profile: scenario.profile, skewMs: checks.clockSkewMs, samplesPerRule: checks.samplesPerRule, maxBodyBytes: checks.bodySizeLimitBytes, maxGroups: checks.maxGroups };
}

export interface SliceOutcome {
  stats: EngineStats;
  /** An error that stopped the engine early; what was measured before it still counts. */
  fatal?: unknown;
}

export interface SliceRun {
  recorder: Recorder;
  checker: Checker;
  /** The engine's counts as it goes (final once `done` resolves). */
  stats: EngineStats;
  startedAt: number;
  done: Promise<SliceOutcome>;
}

// autocannon is loaded by the runs that use it only (max mode), not at every start.
let maxEngine: Promise<typeof import('../load/max.js')> | undefined;
const loadMaxEngine = () => (maxEngine ??= import('../load/max.js'));

/** Loads the contract (its validators precompiled by the build) and the plan's engine (autocannon, in max mode) before the schedule starts: neither is run time. */
export async function loadEngine(plan: Plan): Promise<void> {
  loadContract();
  if (plan.model === 'max') await loadMaxEngine();
}

/** Monotonic time in this thread for an epoch instant (performance.timeOrigin differs per thread). */
export function localTime(epochMs: number): number {
  return epochMs - performance.timeOrigin;
}

function connectionsFor(plan: Plan, slice: Slice): number {
  if (plan.model === 'closed') return Math.max(1, shareOf(plan.concurrency, slice));
  if (plan.model === 'open') return Math.max(1, shareOf(plan.maxInFlight, slice));
  return 1;
}

/**
 * Runs one slice of the schedule in this thread: engine → client → checks → recorder.
 * After an abort, requests in flight get `graceMs` to finish; then they are cancelled and
 * recorded as `closed` transport errors, so the partial report accounts for every request sent.
 */
export function startSlice(config: ExecutionConfig, slice: Slice, signal: AbortSignal, startEpochMs?: number): SliceRun {
  const { plan } = config;
  const source = shardSource(createRequestSource({ ...config.source, turns: plan.turns }), config.shard);
  // One checker per slice: with workers, chatId uniqueness holds within each worker's share (docs/contract.md).
  const checker = createChecker({ contract: loadContract(), profile: config.profile ?? 'strict', ...(config.skewMs !== undefined ? { skewMs: config.skewMs } : {}), secrets: config.secrets });
  // Workers are given the run's start as an epoch instant, so their schedules and timeline windows line up.
  const startedAt = startEpochMs === undefined ? performance.now() : localTime(startEpochMs);
  const warmup = sliceWarmup(plan.warmup, slice);
  const maxGroups = config.maxGroups ?? DEFAULT_MAX_GROUPS;
  const breakdown = { agents: config.source.agents, agentOf: source.agentIndexAt, turns: plan.turns, maxGroups };
  const requestCounts = config.metrics ? new RequestCounts(config.source.agents, maxGroups) : undefined;
  const recorder = new Recorder({ startedAt, seed: config.seed + slice.index, secrets: config.secrets, ...(config.samplesPerRule !== undefined ? { samplesPerRule: config.samplesPerRule } : {}), ...(warmup ? { warmup } : {}), breakdown, ...(requestCounts ? { requestCounts } : {}) });
  const headers = { 'content-type': 'application/json', 'x-api-key': config.apiKey, accept: 'application/json' };

  // A throw in the checks or the recorder is a bug, not a target fault: it stops this slice (as an
  // abort does) and is reported, so what was measured before it still makes a partial report.
  const stop = new AbortController();
  // Every virtual user asleep in its think time listens for the stop: as many listeners as users, by design.
  setMaxListeners(0, stop.signal);
  const forwardAbort = () => stop.abort();
  signal.addEventListener('abort', forwardAbort, { once: true });
  if (signal.aborted) stop.abort();
  let fatal: unknown;
  const sink = guardSink(
    (exchange: Exchange): ExchangeOutcome => {
      // A request that failed on this machine never reached the target: there is nothing of the target's to check.
      if (exchange.error !== undefined && exchange.error.kind === 'generator') {
        recorder.record(exchange, NO_VIOLATIONS);
        return NOT_OK;
      }
      const { violations, json } = checker.check(exchange);
      recorder.record(exchange, violations);
      const chatId = (json as { chatId?: unknown } | undefined)?.chatId;
      const ok = violations.length === 0 && exchange.status !== undefined && exchange.status < 400;
      return typeof chatId === 'string' ? { ok, chatId } : { ok };
    },
    (error) => {
      fatal ??= error;
      stop.abort();
    },
  );
  const stats = emptyStats();
  const withFatal = (stats: EngineStats): SliceOutcome => (fatal === undefined ? { stats } : { stats, fatal });

  const done = (async (): Promise<SliceOutcome> => {
    let client: Client | undefined;
    // Max mode has no client of chatload's to cancel: it is told through this signal.
    const cutOff = new AbortController();
    let graceTimer: NodeJS.Timeout | undefined;
    let graceOver!: () => void;
    const grace = new Promise<'grace'>((resolve) => (graceOver = () => resolve('grace')));
    const onAbort = () => (graceTimer = setTimeout(graceOver, config.graceMs));
    stop.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (plan.model !== 'max') client = createClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, connections: connectionsFor(plan, slice), timeoutMs: plan.timeoutMs, ...(config.maxBodyBytes !== undefined ? { maxBodyBytes: config.maxBodyBytes } : {}) });
      const ctx: EngineContext = { source, send: client ? client.send : () => Promise.reject(new Error('no client')), sink, signal: stop.signal, slice, startedAt, stats, load: recorder };
      const engine =
        plan.model === 'open'
          ? runOpen(plan, ctx)
          : plan.model === 'closed'
            ? runClosed(plan, ctx)
            : loadMaxEngine().then(({ runMax }) => runMax(plan, ctx, { baseUrl: config.baseUrl, headers, maxBodyBytes: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, cancel: cutOff.signal }));
      const first = await Promise.race([engine, grace]);
      if (first !== 'grace') return withFatal(first);
      cutOff.abort();
      await client?.cancel('still in flight when the grace period after the interrupt ended');
      return withFatal(await engine);
    } catch (error) {
      return { stats: emptyStats(), fatal: fatal ?? error };
    } finally {
      clearTimeout(graceTimer);
      stop.signal.removeEventListener('abort', onAbort);
      signal.removeEventListener('abort', forwardAbort);
      await client?.close().catch(() => undefined);
    }
  })();
  return { recorder, checker, stats, startedAt, done };
}
