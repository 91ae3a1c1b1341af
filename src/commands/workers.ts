import { Worker } from 'node:worker_threads';
import { addStats, emptyStats, type EngineStats } from '../load/engine.js';
import { decodeHistogram, createLatencyHistogram, summarize } from '../record/histogram.js';
import { mergeStates } from '../record/merge.js';
import type { LiveState } from '../record/recorder.js';
import type { RecorderState } from '../record/state.js';
import { mergeCheckerStats, type CheckerStats } from '../contract/checker.js';
import { Recorder } from '../record/recorder.js';
import { waitUntil } from '../load/start-at.js';
import { loadEngine, startSlice, type ExecutionConfig, type SliceRun } from './execute.js';

// Compiled (dist/), a worker runs worker-entry.js directly; from the TypeScript sources (tests,
// bench), worker-bootstrap.mjs registers tsx first, since a worker does not inherit the loader.
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './worker-bootstrap.mjs' : './worker-entry.js', import.meta.url);

export type ToWorker = { type: 'abort' } | { type: 'start'; startEpochMs: number };
export type FromWorker = { type: 'ready' } | { type: 'progress'; live: LiveState } | { type: 'done'; state: RecorderState; stats: EngineStats; checks: CheckerStats; fatal?: string };

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
  /** True once the schedule has begun; false when the signal aborted first (`--start-at`): nothing was sent. */
  started: Promise<boolean>;
  done: Promise<ExecutionResult>;
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
    // A failure to load is reported by `done`, as the engine's own failures are.
    const due = loadEngine(config.plan).then(whenDue);
    const begin = due.then((go) => (go ? (run = startSlice(config, { index: 0, count: 1 }, signal)) : undefined));
    return {
      live: () => run?.recorder.progress() ?? IDLE,
      started: due.catch(() => true),
      done: begin.then((r) => (r ? r.done.then((outcome) => ({ startedAt: r.startedAt, state: r.recorder.state(), checks: r.checker.stats(), ...outcome })) : notStarted())),
    };
  }
  const lives: LiveState[] = [];
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
      begun(go);
      // Interrupted while waiting for the instant: the workers have sent nothing, they are stopped as they are.
      if (!go) return void Promise.all(started.map((w) => w.terminate()));
      startedAt = performance.now();
      for (const w of started) w.postMessage({ type: 'start', startEpochMs: performance.timeOrigin + startedAt } satisfies ToWorker);
    });
  };
  const runs = Array.from({ length: workers }, (_, index) => runWorker(config, { index, count: workers }, signal, (live) => (lives[index] = live), onReady));
  return {
    live: () => figuresOf(lives.filter(Boolean)),
    started: due,
    done: Promise.all(runs).then(async (results) => {
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

function runWorker(config: ExecutionConfig, slice: { index: number; count: number }, signal: AbortSignal, onLive: (live: LiveState) => void, onReady: (worker: Worker) => void): Promise<{ state?: RecorderState; stats: EngineStats; checks?: CheckerStats; fatal?: unknown }> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: { config, slice } });
    let result: { state?: RecorderState; stats: EngineStats; checks?: CheckerStats; fatal?: unknown } | undefined;
    let wasReady = false;
    const onAbort = () => worker.postMessage({ type: 'abort' } satisfies ToWorker);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        wasReady = true;
        onReady(worker);
      }
      else if (message.type === 'progress') onLive(message.live);
      else {
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
