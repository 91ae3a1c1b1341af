/**
 * `chatload sweep` against the mock with a known capacity: 25 slots at a fixed 50 ms serve
 * 500 requests/s. Two sweeps: the ceiling measured by the closed-model run, and a ceiling of
 * 750/s given (so the levels overshoot and the bisection brackets the answer). Each must end in
 * under 2 minutes and find the capacity within ±5 %. Run: `npm run bench -- sweep` or
 * `node --import tsx bench/sweep.bench.ts`. The figures go into docs/benchmarks.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep, type SweepOptions } from '../src/commands/sweep.js';

const TRUE_CAPACITY = 500;
const SETTINGS = { slos: ['p99<300ms'], steps: 6, levelDuration: '4s', warmup: '1s', resolution: '3%' } satisfies Partial<SweepOptions>;
const dir = await mkdtemp(join(tmpdir(), 'chatload-bench-sweep-'));
let failed = false;
try {
  const scenario = join(dir, 'capacity-500.yaml');
  await writeFile(scenario, ['name: capacity-500', 'target: mock', 'agents: [agent_support_01]', 'inputs: ["Where is my order?"]', 'load: { concurrency: 1, duration: 1s }', 'timeout: 10s', 'mock:', '  latency: 50ms', '  capacity: { slots: 25 }', ''].join('\n'));
  const quiet = { out: () => undefined, err: () => undefined, isTty: false };
  process.stdout.write(`sweeps of a 500/s mock (25 slots × 50 ms), SLO ${SETTINGS.slos.join(', ')}, ${SETTINGS.steps} levels of ${SETTINGS.warmup} + ${SETTINGS.levelDuration}, bisection to ${SETTINGS.resolution}\n`);
  for (const [name, extra] of [['ceiling measured', {}], ['ceiling 750/s given', { ceiling: 750 }]] as const) {
    const started = performance.now();
    const result = await runSweep({ scenario, out: join(dir, name.replace(/\W+/g, '-')), ...SETTINGS, ...extra }, quiet);
    const seconds = (performance.now() - started) / 1000;
    const sweep = result.report.sweep!;
    const error = sweep.capacity === null ? Number.NaN : (sweep.capacity - TRUE_CAPACITY) / TRUE_CAPACITY;
    const fast = seconds < 120;
    const close = Math.abs(error) <= 0.05;
    failed ||= !fast || !close;
    process.stdout.write(
      [
        `${name}`,
        `  ceiling    ${sweep.ceiling.rate}/s ${sweep.ceiling.source}${sweep.ceiling.run ? ` (${sweep.ceiling.run.concurrency} virtual users)` : ''}`,
        `  levels     ${sweep.levels.map((l) => `${l.offered}${l.pass ? '✓' : '✗'}`).join(' ')}`,
        `  capacity   ${sweep.capacity}/s (${sweep.ended}; bracket ${sweep.bracket.low} … ${sweep.bracket.high ?? '-'}/s): ${(error * 100).toFixed(1)} % from the truth (target ±5 %: ${close ? 'met' : 'NOT met'})`,
        `  took       ${seconds.toFixed(1)} s (target < 120 s: ${fast ? 'met' : 'NOT met'})`,
        '',
      ].join('\n'),
    );
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
