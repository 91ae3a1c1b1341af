/**
 * Run as a child process under a low `ulimit -n` (test/integration/generator-errors.test.ts): the
 * generator runs out of file descriptors mid-run. Prints the outcome as JSON.
 *
 * - `open`: a loopback server in this process takes every free descriptor on its first request for
 *   800 ms, then gives them back; answers take 300 ms, so the open model keeps needing new
 *   connections meanwhile. The whole run, report included.
 * - `closed`: every descriptor is taken before 20 virtual users start, so every connection fails at
 *   once (EMFILE, before any packet); the run is interrupted after 500 ms and must stop then.
 * - `write`: every descriptor is taken for 150 ms (sockets still closing) while the reports are written.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { startSlice } from '../../src/commands/execute.js';
import { runScenario } from '../../src/commands/run.js';
import { loadContract } from '../../src/contract/index.js';
import { buildPlan } from '../../src/load/plan.js';
import { writeOutputs } from '../../src/report/write.js';
import { tempDir } from './cli.js';
import { bufferIo, createAnswerer, startFaultServer, TEST_AGENT, TEST_KEY, writeScenario } from './fault-server.js';

/** Opens /dev/null until the process may open no more; returns the descriptors to give back. */
function takeEveryDescriptor(): number[] {
  const held: number[] = [];
  try {
    for (;;) held.push(openSync('/dev/null', 'r'));
  } catch {
    // EMFILE: the table is full.
  }
  return held;
}

const [mode, out] = process.argv.slice(2);

if (mode === 'write') {
  const dir = await tempDir();
  const held = takeEveryDescriptor();
  setTimeout(() => held.forEach((fd) => closeSync(fd)), 150);
  const outcome = await writeOutputs(join(dir, 'out'), { 'report.json': '{}\n' }, []).then(
    (files) => ({ files }),
    (error: Error) => ({ error: error.message }),
  );
  process.stdout.write(JSON.stringify(outcome));
} else if (mode === 'closed') {
  loadContract();
  const plan = buildPlan({ model: 'closed', concurrency: 20, durationMs: 20_000 }, 2000);
  const source = { agents: [TEST_AGENT], inputs: ['hello'], variables: [], strategy: 'cartesian' as const, seed: 1 };
  const controller = new AbortController();
  const held = takeEveryDescriptor();
  setTimeout(() => controller.abort(), 500);
  const started = performance.now();
  const run = startSlice({ plan, source, baseUrl: 'http://127.0.0.1:9', apiKey: TEST_KEY, seed: 1, secrets: [], graceMs: 1000 }, { index: 0, count: 1 }, controller.signal);
  await run.done;
  const elapsedMs = performance.now() - started;
  held.forEach((fd) => closeSync(fd));
  const state = run.recorder.state();
  process.stdout.write(JSON.stringify({ elapsedMs, requests: state.requests, transportByKind: state.transportByKind }));
} else {
  const answer = createAnswerer();
  let hogged = false;
  const server = await startFaultServer((req, res) => {
    if (!hogged) {
      hogged = true;
      const held = takeEveryDescriptor();
      setTimeout(() => held.forEach((fd) => closeSync(fd)), 800);
    }
    void answer(req).then(({ status, payload }) => setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(payload), 300));
  });
  const dir = await tempDir();
  const scenario = await writeScenario(dir, server.url, '{ rate: 200, duration: 2s }', 'timeout: 2s\n');
  const io = bufferIo();
  const result = await runScenario({ scenario, out: out ?? join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY } }, io);
  await server.close();
  process.stdout.write(JSON.stringify({ exitCode: result.exitCode, stdout: io.stdout, stderr: io.stderr }));
}
