import { Worker } from 'node:worker_threads';
import { addStats, emptyStats, type EngineStats } from '../load/engine.js';
import { decodeHistogram, createLatencyHistogram, summarize } from '../record/histogram.js';
import { mergeStates } from '../record/merge.js';
import type { LiveState } from '../record/recorder.js';
import type { RecorderState } from '../record/state.js';
import { mergeCheckerStats, type CheckerStats } from '../contract/checker.js';
import { emptyFigures, mergeSliceStates, offeredRate, sliceFigures, type MetricsFigures, type MetricsState } from '../metrics/figures.js';
import type { Plan } from '../load/plan.js';
import { Recorder } from '../record/recorder.js';
import { waitUntil } from '../load/start-at.js';
import { loadEngine, startSlice, type ExecutionConfig, type SliceRun } from './execute.js';
import { INTERRUPTED_BEFORE_SENDING, InterruptedError } from '../errors.js';

// Compiled (dist/), a worker runs worker-entry.js directly; from the TypeScript sources (tests,
// bench), worker-bootstrap.mjs registers tsx first, since a worker does not inherit the loader.
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './worker-bootstrap.mjs' : './worker-entry.js', import.meta.url);

export type ToWorker = { type: 'abort' } | { type: 'start'; startEpochMs: number };
/** `metrics`: only when live metrics are served (config.metrics), at the same pace as the progress. */
export type FromWorker = { type: 'ready' } | { type: 'progress'; live: LiveState; metrics?: MetricsState } | { type: 'done'; state: RecorderState; stats: EngineStats; checks: CheckerStats; fatal?: string; metrics?: MetricsState };

/** Figures for the live progress line. */
export interface LiveFigures {
  requests: number;
  errors: number;
  violating: number;
  p50: number | null;
  p99: number | null;
}

export interface ExecutionResult {
  /** Monotonic time (this thread) the schedule started at: after the workers were ready. */
  startedAt: number;
  state: RecorderState;
  stats: EngineStats;
  checks?: CheckerStats;
  fatal?: unknown;
}

export interface Execution {
  live(): LiveFigures;
  /** The live metrics' figures (summed over the workers, each as of its last message); final once `done` resolves. */
  metrics(): MetricsFigures;
  /** True once the schedule has begun; false when the signal aborted first (`--start-at`): nothing was sent. */
  started: Promise<boolean>;
  done: Promise<ExecutionResult>;
}

/** The offered rate `now`: the plan's while the schedule runs, 0 before and after it (undefined outside the open model). */
function offeredAt(plan: Plan, startedAt: number | undefined, ended: boolean): number | undefined {
  return offeredRate(plan, startedAt === undefined || ended ? -1 : performance.now() - startedAt);
}

const IDLE: LiveFigures = { requests: 0, errors: 0, violating: 0, p50: null, p99: null };

function figuresOf(lives: LiveState[]): LiveFigures {
  const latency = createLatencyHistogram();
  for (const l of lives) latency.add(decodeHistogram(l.latency));
  const s = summarize(latency);
  const sum = (key: 'requests' | 'errors' | 'violating') => lives.reduce((n, l) => n + l[key], 0);
  return { requests: sum('requests'), errors: sum('errors'), violating: sum('violating'), p50: s.p50, p99: s.p99 };
}

/**
 * Runs the plan in this thread (workers = 1) or in N worker threads sharing the schedule
 * (each takes every N-th conversation) and merges their recorder states exactly. With
 * `startAtEpochMs` (`--start-at`), the schedule begins at that wall-clock instant, once loaded.
 */
export function startExecution(config: ExecutionConfig, workers: number, signal: AbortSignal, startAtEpochMs?: number): Execution {
  // Without an instant the schedule begins as soon as it can, even after an abort (it then stops at once).
  const whenDue = (): Promise<boolean> => (startAtEpochMs === undefined ? Promise.resolve(true) : waitUntil(startAtEpochMs, signal));
  if (workers <= 1) {
    let run: SliceRun | undefined;
    let ended = false;
    // The engine's live counts, then the outcome's (what the report takes).
    let finalStats: EngineStats | undefined;
    // A failure to load is reported by `done`, as the engine's own failures are.
    const due = loadEngine(config.plan).then(whenDue);
    const begin = due.then((go) => (go ? (run = startSlice(config, { index: 0, count: 1 }, signal)) : undefined));
    return {
      live: () => run?.recorder.progress() ?? IDLE,
      metrics: () => (run ? { ...sliceFigures(run.recorder.metrics(), finalStats ?? run.stats), offeredRate: offeredAt(config.plan, run.startedAt, ended) } : { ...emptyFigures(), offeredRate: offeredAt(config.plan, undefined, ended) }),
      started: due.catch(() => true),
      done: begin.then((r) =>
        r
          ? r.done.then((outcome) => {
              ended = true;
              finalStats = outcome.stats;
              return { startedAt: r.startedAt, state: r.recorder.state(), checks: r.checker.stats(), ...outcome };
            })
          : notStarted(),
      ),
    };
  }
  const lives: LiveState[] = [];
  const metricStates: MetricsState[] = [];
  // Merged again only when a worker has sent something new (scrapes may come more often than messages).
  let merged: MetricsFigures | undefined;
  let scheduleStarted = false;
  let ended = false;
  let startedAt = performance.now();
  let ready = 0;
  const started: Worker[] = [];
  let begun!: (go: boolean) => void;
  const due = new Promise<boolean>((resolve) => (begun = resolve));
  // The schedule starts once every worker has loaded and compiled: a slow start must not count as lateness.
  const onReady = (worker: Worker) => {
    started.push(worker);
    if (++ready < workers) return;
    void whenDue().then((go) => {
      // Interrupted while the workers loaded, or while waiting for the instant: they have sent nothing, they are stopped as they are.
      const begins = go && !signal.aborted;
      begun(begins);
      if (!begins) return void Promise.all(started.map((w) => w.terminate()));
      startedAt = performance.now();
      scheduleStarted = true;
      for (const w of started) w.postMessage({ type: 'start', startEpochMs: performance.timeOrigin + startedAt } satisfies ToWorker);
    });
  };
  const onMetrics = (index: number, state: MetricsState) => {
    metricStates[index] = state;
    merged = undefined;
  };
  const runs = Array.from({ length: workers }, (_, index) => runWorker(config, { index, count: workers }, signal, (live) => (lives[index] = live), onReady, (state) => onMetrics(index, state), () => scheduleStarted));
  return {
    live: () => figuresOf(lives.filter(Boolean)),
    metrics: () => ({ ...(merged ??= mergeSliceStates(metricStates.filter(Boolean))), offeredRate: offeredAt(config.plan, scheduleStarted ? startedAt : undefined, ended) }),
    started: due,
    done: Promise.all(runs).then(async (results) => {
      ended = true;
      if (!(await due)) return notStarted();
      const fatal = results.find((r) => r.fatal !== undefined)?.fatal;
      const states = results.flatMap((r) => (r.state ? [r.state] : []));
      if (states.length === 0) throw fatal ?? new Error('no worker reported');
      const checks = results.flatMap((r) => (r.checks ? [r.checks] : []));
      return {
        startedAt,
        state: mergeStates(states, config.samplesPerRule ?? 5, config.seed),
        stats: results.reduce((a, r) => addStats(a, r.stats), emptyStats()),
        ...(checks.length ? { checks: mergeCheckerStats(checks) } : {}),
        ...(fatal !== undefined ? { fatal } : {}),
      };
    }),
  };
}

/** What a run interrupted before its start has: nothing. */
function notStarted(): ExecutionResult {
  const startedAt = performance.now();
  return { startedAt, state: new Recorder({ startedAt }).state(), stats: emptyStats() };
}

function runWorker(config: ExecutionConfig, slice: { index: number; count: number }, signal: AbortSignal, onLive: (live: LiveState) => void, onReady: (worker: Worker) => void, onMetrics: (state: MetricsState) => void, scheduleStarted: () => boolean): Promise<{ state?: RecorderState; stats: EngineStats; checks?: CheckerStats; fatal?: unknown }> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: { config, slice } });
    let result: { state?: RecorderState; stats: EngineStats; checks?: CheckerStats; fatal?: unknown } | undefined;
    let wasReady = false;
    // Before the schedule starts nothing was sent, and a worker still loading would only read the
    // message once loaded (seconds on a busy machine): end it now instead.
    const onAbort = () => {
      if (scheduleStarted()) worker.postMessage({ type: 'abort' } satisfies ToWorker);
      else {
        result ??= { stats: emptyStats(), fatal: new InterruptedError(INTERRUPTED_BEFORE_SENDING) };
        void worker.terminate();
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        wasReady = true;
        onReady(worker);
      } else if (message.type === 'progress') {
        onLive(message.live);
        if (message.metrics) onMetrics(message.metrics);
      } else {
        if (message.metrics) onMetrics(message.metrics);
        onLive({ requests: message.state.requests, errors: message.state.errors, violating: message.state.violating, latency: message.state.latency });
        result = { state: message.state, stats: message.stats, checks: message.checks, ...(message.fatal !== undefined ? { fatal: new Error(message.fatal) } : {}) };
      }
    });
    worker.on('error', (error) => (result ??= { stats: emptyStats(), fatal: error }));
    worker.on('exit', (code) => {
      signal.removeEventListener('abort', onAbort);
      // A worker that died while starting must not hold the others at the start line.
      if (!wasReady) onReady(worker);
      resolve(result ?? { stats: emptyStats(), fatal: new Error(`worker ${slice.index} exited with code ${code} before reporting`) });
    });
  });
}
