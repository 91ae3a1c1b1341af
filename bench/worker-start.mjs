// For startup.bench.ts, in a plain node process (worker threads inherit the TypeScript loader of a
// process started with tsx): prints the milliseconds from `new Worker` to its first message.
// Usage: node bench/worker-start.mjs empty | FILE_URL WORKER_DATA_JSON
import { Worker } from 'node:worker_threads';

const [file, data] = process.argv.slice(2);
const EMPTY = "data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.postMessage('ready');";
const started = performance.now();
const worker = new Worker(new URL(file === 'empty' ? EMPTY : file), { workerData: data ? JSON.parse(data) : null });
worker.once('message', () => {
  process.stdout.write(String(performance.now() - started));
  void worker.terminate();
});
worker.once('error', (error) => {
  console.error(error);
  process.exitCode = 1;
});
