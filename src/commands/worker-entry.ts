import { parentPort, workerData } from 'node:worker_threads';
import type { Slice } from '../load/plan.js';
import { sliceState } from '../metrics/figures.js';
import { loadEngine, startSlice, type ExecutionConfig } from './execute.js';
import type { FromWorker, ToWorker } from './workers.js';

/** One worker thread: runs its slice of the schedule and sends back progress, then its recorder state. */
const { config, slice } = workerData as { config: ExecutionConfig; slice: Slice };
const port = parentPort!;
const controller = new AbortController();
const post = (message: FromWorker) => port.postMessage(message);
const start = new Promise<number>((resolve) =>
  port.on('message', (message: ToWorker) => {
    if (message.type === 'abort') controller.abort();
    if (message.type === 'start') resolve(message.startEpochMs);
  }),
);
await loadEngine(config.plan); // load before the start, so the schedule does not begin late
post({ type: 'ready' });
const run = startSlice(config, slice, controller.signal, await start);
// The live metrics (when served) travel with the progress, at its pace.
const metrics = (stats = run.stats) => (config.metrics ? { metrics: sliceState(run.recorder.metrics(), stats) } : {});
const ticker = setInterval(() => post({ type: 'progress', live: run.recorder.liveState(), ...metrics() }), 1000);
const outcome = await run.done;
clearInterval(ticker);
const fatal = outcome.fatal === undefined ? undefined : String((outcome.fatal as Error)?.message ?? outcome.fatal);
post({ type: 'done', state: run.recorder.state(), stats: outcome.stats, checks: run.checker.stats(), ...(fatal !== undefined ? { fatal } : {}), ...metrics(outcome.stats) });
port.close();
