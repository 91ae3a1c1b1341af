import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { ChatloadError, ExitCode, InputError } from './errors.js';
import { processIo, type CommandIo } from './commands/io.js';
import { HISTORY_OPTIONS, historyCommand } from './cli-history.js';
import { processInterrupts, type Interrupts } from './interrupts.js';
import { TOOL } from './tool.js';
import { explainUsageFailure, misusedFlags, notANumber } from './usage-failure.js';

// Each command's module (and what it pulls in: Ajv, undici, the mock, the renderers, autocannon)
// is imported when that command runs, so `--help` and `--version` start in a fraction of the time.

const DEFAULT_SCENARIO = 'scenarios/smoke.yaml';

/** `scenarios/smoke.yaml` of this folder; elsewhere (chatload installed as a package) the copy it ships with. */
function defaultScenario(): string {
  return existsSync(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : fileURLToPath(new URL(`../${DEFAULT_SCENARIO}`, import.meta.url));
}

/** Each command and the arguments it takes, for the message about an unexpected one. */
const COMMAND_ARGUMENTS: Record<string, string> = {
  run: 'one scenario file',
  sweep: 'one scenario file',
  conform: 'one scenario file',
  compare: 'two report.json files',
  merge: 'report.json files',
  validate: 'scenario files',
  report: 'one report.json file',
  mock: 'no arguments, only options',
};

/** The options and positionals that take several values; any other flag given twice is refused. */
const REPEATABLE = new Set(['threshold', 'slo', 'tag', 'agents', 'reports', 'scenarios']);

/** A signal that aborts on the first Ctrl-C; a second one exits at once. */
function interruptSignal(interrupts: Interrupts): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    process.stderr.write('\nchatload: stopping (waiting for requests in flight; Ctrl-C again to quit now)\n');
    controller.abort();
  };
  return { signal: controller.signal, dispose: interrupts.take(onSignal) };
}

/** Where a run or conform goes and how it is checked. */
const TARGET_OPTIONS = {
  target: { type: 'string', describe: '"mock" or a base URL (key from $SIGMAMIND_API_KEY)' },
  profile: { choices: ['spec', 'strict'] as const, describe: 'contract profile' },
} as const;

/** The gate before real traffic (docs/safety.md). */
const SAFETY_OPTIONS = {
  yes: { type: 'boolean', describe: 'confirm sending to a non-loopback target without being asked' },
  'max-requests': { type: 'number', describe: 'hard cap on requests sent (default 10000 for non-loopback targets)' },
  'api-key-env': { type: 'string', describe: 'environment variable holding the API key (default SIGMAMIND_API_KEY)' },
} as const;

/** Live metrics for Prometheus during a run (docs/metrics.md); every command that runs load takes them. */
const METRICS_OPTIONS = {
  'metrics-port': { type: 'number', describe: 'serve live metrics at http://HOST:PORT/metrics for Prometheus (0: any free port)' },
  'metrics-host': { type: 'string', describe: 'address the metrics endpoint listens on (default 127.0.0.1; 0.0.0.0 for every interface)' },
  'metrics-linger': { type: 'string', describe: 'how long the endpoint stays up after the run, so the last scrape sees the final counts (default 15s)' },
} as const;

/** Parses the command line and runs one command; resolves to the exit code. Only parsing lives here. */
export async function main(argv: string[], io: CommandIo = processIo(), interrupts: Interrupts = processInterrupts()): Promise<number> {
  let exitCode: number = ExitCode.pass;
  const parser = yargs(argv)
    .scriptName('chatload')
    .usage('$0 <command> [options]\n\nLoad-tests and contract-checks POST /v1/chats (SigmaMind Create Chat).')
    .command(
      'run [scenario]',
      'run a scenario: load, check every response, write reports',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: `scenario file (YAML or JSON); default ${DEFAULT_SCENARIO}, or the one chatload ships with` })
          .options(TARGET_OPTIONS)
          .options(SAFETY_OPTIONS)
          .options(HISTORY_OPTIONS)
          .options(METRICS_OPTIONS)
          .option('concurrency', { type: 'number', describe: 'closed model: virtual users' })
          .option('rate', { type: 'number', describe: 'open model: arrivals per second' })
          .option('duration', { type: 'string', describe: 'how long, e.g. 30s' })
          .option('requests', { type: 'number', describe: 'how many requests' })
          .option('max', { type: 'number', describe: 'max mode: autocannon with N connections, for peak throughput' })
          .option('workers', { type: 'number', describe: 'worker threads sharing the schedule (default 1)' })
          .option('warmup', { type: 'string', describe: 'keep the start apart from the figures: N requests or a duration, e.g. 50 or 5s' })
          .option('timeout', { type: 'string', describe: 'per-request timeout, e.g. 10s' })
          .option('seed', { type: 'number', describe: 'seed for the request mix and samples' })
          .option('out', { type: 'string', describe: 'output folder (default reports/<run-id>)' })
          .option('threshold', { type: 'string', array: true, describe: "pass/fail bound, repeatable, e.g. 'p99<800ms' 'errorRate<1%' (docs/ci.md)" })
          .option('baseline', { type: 'string', describe: 'report.json of an earlier run to compare with, or history:last-pass / history:median:5' })
          .option('shard', { type: 'string', describe: 'run shard i of n (e.g. 2/3): 1/n of the load, a disjoint slice of the requests' })
          .option('start-at', { type: 'string', describe: 'begin the load at this instant (ISO 8601 with its zone, or epoch ms), e.g. so shards send together' })
          .option('dry-run', { type: 'boolean', describe: 'print the plan and the first request bodies; send nothing' }),
      async (args) => {
        const [{ runScenario }, { dryRunScenario }, { terminalConfirm }] = await Promise.all([import('./commands/run.js'), import('./commands/dry-run.js'), import('./commands/preflight.js')]);
        const interrupt = interruptSignal(interrupts);
        try {
          const result = await (args.dryRun ? dryRunScenario : runScenario)(
            {
              scenario: args.scenario ?? defaultScenario(),
              target: args.target,
              concurrency: args.concurrency,
              rate: args.rate,
              duration: args.duration,
              requests: args.requests,
              max: args.max,
              workers: args.workers,
              warmup: args.warmup,
              timeout: args.timeout,
              profile: args.profile,
              seed: args.seed,
              out: args.out,
              thresholds: args.threshold,
              baseline: args.baseline,
              shard: args.shard,
              startAt: args.startAt,
              yes: args.yes,
              maxRequests: args.maxRequests,
              apiKeyEnv: args.apiKeyEnv,
              history: args.history,
              tags: args.tag,
              metricsPort: args.metricsPort,
              metricsHost: args.metricsHost,
              metricsLinger: args.metricsLinger,
              confirm: terminalConfirm(),
              signal: interrupt.signal,
            },
            io,
          );
          exitCode = typeof result === 'number' ? result : result.exitCode;
        } finally {
          interrupt.dispose();
        }
      },
    )
    .command(
      'sweep [scenario]',
      'find the capacity under SLOs: the throughput ceiling, levels up to it, bisection (docs/sweep.md)',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'scenario file: its agents, inputs, target, checks and mock (default scenarios/smoke.yaml)' })
          .options(TARGET_OPTIONS)
          .options(SAFETY_OPTIONS)
          .options(HISTORY_OPTIONS)
          .option('slo', { type: 'string', array: true, describe: "service-level objective each level must meet, repeatable, e.g. 'p99<2s' 'errorRate<1%' (the threshold grammar)" })
          .option('threshold', { type: 'string', array: true, describe: "gate on the sweep, e.g. 'capacity>=150'" })
          .option('ceiling', { type: 'number', describe: 'highest rate to sweep up to (per second); default: measured by a short closed-model run' })
          .option('concurrency', { type: 'number', describe: 'virtual users of the ceiling run (default 64)' })
          .option('steps', { type: 'number', describe: 'levels up to the ceiling (default 8)' })
          .option('spacing', { choices: ['geometric', 'linear'] as const, describe: 'how the levels are spaced (default geometric)' })
          .option('min-rate', { type: 'number', describe: 'the lowest level (per second); default a tenth of the ceiling' })
          .option('level-duration', { type: 'string', describe: 'how long each level is measured, after its warm-up (default 30s)' })
          .option('warmup', { type: 'string', describe: "each level's start kept out of its figures (default 5s; 0s for none)" })
          .option('resolution', { type: 'string', describe: 'bisect until the capacity bracket is narrower than this (default 5%)' })
          .option('timeout', { type: 'string', describe: 'per-request timeout, e.g. 10s' })
          .option('seed', { type: 'number', describe: 'seed for the request mix and arrivals' })
          .option('workers', { type: 'number', describe: 'worker threads sharing each level (default 1)' })
          .option('out', { type: 'string', describe: 'output folder (default reports/<run-id>-sweep)' })
          .options(METRICS_OPTIONS)
          .option('dry-run', { type: 'boolean', describe: 'print the plan; send nothing' }),
      async (args) => {
        const [{ dryRunSweep, runSweep }, { terminalConfirm }] = await Promise.all([import('./commands/sweep.js'), import('./commands/preflight.js')]);
        const interrupt = interruptSignal(interrupts);
        try {
          const result = await (args.dryRun ? dryRunSweep : runSweep)(
            {
              scenario: args.scenario ?? defaultScenario(),
              target: args.target,
              profile: args.profile,
              slos: args.slo,
              thresholds: args.threshold,
              ceiling: args.ceiling,
              concurrency: args.concurrency,
              steps: args.steps,
              spacing: args.spacing,
              minRate: args.minRate,
              levelDuration: args.levelDuration,
              warmup: args.warmup,
              resolution: args.resolution,
              timeout: args.timeout,
              seed: args.seed,
              workers: args.workers,
              out: args.out,
              yes: args.yes,
              dryRun: args.dryRun,
              maxRequests: args.maxRequests,
              apiKeyEnv: args.apiKeyEnv,
              history: args.history,
              tags: args.tag,
              metricsPort: args.metricsPort,
              metricsHost: args.metricsHost,
              metricsLinger: args.metricsLinger,
              confirm: terminalConfirm(),
              signal: interrupt.signal,
            },
            io,
          );
          exitCode = typeof result === 'number' ? result : result.exitCode;
        } finally {
          interrupt.dispose();
        }
      },
    )
    .command(
      'conform [scenario]',
      'send spec-derived positive, boundary and negative cases; check every response',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: `scenario file: its agents, first input, target and checks; default ${DEFAULT_SCENARIO}, or the one chatload ships with` })
          .options(TARGET_OPTIONS)
          .options(SAFETY_OPTIONS)
          .options(HISTORY_OPTIONS)
          .option('concurrency', { type: 'number', describe: 'cases in flight at once (default 4)' })
          .option('fuzz', { type: 'number', describe: 'also send N bodies generated from the request schema (fast-check); a failure is shrunk' })
          .option('fuzz-seed', { type: 'number', describe: 'seed of --fuzz (printed by every fuzzing run): the same seed and N send the same bodies' })
          .option('body-limit', { type: 'string', describe: 'request-body limit the target should enforce; the oversized case sends one byte more (default 1MiB)' })
          .option('out', { type: 'string', describe: 'output folder (default reports/<run-id>-conform)' }),
      async (args) => {
        const [{ runConform }, { terminalConfirm }] = await Promise.all([import('./commands/conform.js'), import('./commands/preflight.js')]);
        const result = await runConform(
          {
            scenario: args.scenario ?? defaultScenario(),
            target: args.target,
            profile: args.profile,
            concurrency: args.concurrency,
            fuzz: args.fuzz,
            fuzzSeed: args.fuzzSeed,
            bodyLimit: args.bodyLimit,
            out: args.out,
            yes: args.yes,
            maxRequests: args.maxRequests,
            apiKeyEnv: args.apiKeyEnv,
            history: args.history,
            tags: args.tag,
            confirm: terminalConfirm(),
          },
          io,
        );
        exitCode = result.exitCode;
      },
    )
    .command(
      'compare <baseline> <current>',
      'compare a run with a baseline run; exit 1 on a regression',
      (y) =>
        y
          .positional('baseline', { type: 'string', demandOption: true, describe: 'report.json of the baseline run, or history:last-pass / history:median:5' })
          .positional('current', { type: 'string', demandOption: true, describe: 'report.json of the run to judge' })
          .option('out', { type: 'string', describe: 'write the compared report (json, html, junit.xml) here' })
          .option('force', { type: 'boolean', describe: 'compare inconsistent or unlike reports anyway (recorded in the output)' })
          .option('history', { type: 'string', describe: 'the history a history:… baseline is read from (default $CHATLOAD_HISTORY; docs/history.md)' }),
      async (args) => {
        const { compareCommand } = await import('./commands/compare.js');
        exitCode = await compareCommand({ baseline: args.baseline, current: args.current, out: args.out, force: args.force, history: args.history }, io);
      },
    )
    .command(
      'merge <reports..>',
      'merge shard reports exactly (histograms added) and gate the result',
      (y) =>
        y
          .positional('reports', { type: 'string', array: true, demandOption: true, describe: 'report.json of each shard' })
          .option('out', { type: 'string', describe: 'output folder (default reports/<run-id>-merged)' })
          .option('threshold', { type: 'string', array: true, describe: 'extra thresholds to evaluate on the merged result' })
          .option('baseline', { type: 'string', describe: 'report.json of an earlier run to compare the merged result with' })
          .option('force', { type: 'boolean', describe: 'merge inconsistent, duplicate or unlike reports anyway (recorded in the merged report)' })
          .option('baseline', { type: 'string', describe: 'report.json of an earlier run to compare the merged result with, or history:last-pass / history:median:5' })
          .options(HISTORY_OPTIONS),
      async (args) => {
        const { mergeCommand } = await import('./commands/merge.js');
        exitCode = await mergeCommand(
          {
            files: args.reports as string[],
            out: args.out,
            thresholds: args.threshold,
            baseline: args.baseline,
            force: args.force,
            history: args.history,
            tags: args.tag,
          },
          io,
        );
      },
    )
    .command(
      'validate <scenarios..>',
      'lint scenario files without sending anything',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('api-key-env', SAFETY_OPTIONS['api-key-env']),
      async (args) => {
        const { validateScenarios } = await import('./commands/validate.js');
        exitCode = await validateScenarios(args.scenarios as string[], io, { apiKeyEnv: args.apiKeyEnv });
      },
    )
    .command(
      'report <file>',
      're-render report.html and junit.xml from a saved report.json',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'a report.json written by chatload run' })
          .option('out', { type: 'string', describe: 'output folder (default: beside the JSON)' })
          .option('force', { type: 'boolean', describe: 'render a report whose figures do not add up anyway (recorded in the HTML)' }),
      async (args) => {
        const { renderReportFiles } = await import('./commands/report.js');
        exitCode = await renderReportFiles({ file: args.file, out: args.out, force: args.force }, io);
      },
    )
    .command(
      'mock',
      'run the embedded mock standalone',
      (y) =>
        y
          .option('port', { type: 'number', default: 4010 })
          .option('host', { type: 'string', default: '127.0.0.1' })
          .option('agents', { type: 'string', array: true, default: ['agent_support_01', 'agent_billing_02', 'agent_returns_03'] })
          .option('config', { type: 'string', describe: 'mock config (YAML/JSON): agents, apiKeys, latency, faults, seed' })
          .option('seed', { type: 'number', describe: 'seed for faults, latency and ids' }),
      async (args) => {
        // The first Ctrl-C stops the mock cleanly; a second one quits at once.
        let release = () => {};
        let stopping = false;
        const stop = new Promise((resolve) => {
          release = interrupts.take(() => {
            if (stopping) process.exit(ExitCode.interrupted);
            stopping = true;
            resolve(undefined);
          });
        });
        const { runMock } = await import('./commands/mock.js');
        try {
          exitCode = await runMock(
            { port: args.port, host: args.host, agents: args.agents as string[], config: args.config, seed: args.seed, until: stop },
            io,
          );
        } finally {
          release();
        }
      },
    )
    .command(historyCommand(io, (code) => (exitCode = code)))
    .middleware((args) => {
      const problems = misusedFlags(args, argv, REPEATABLE);
      if (problems.length) throw new InputError(problems);
    }, true)
    .middleware((args) => {
      const problems = notANumber(args, argv);
      if (problems.length) throw new InputError(problems);
    })
    .demandCommand(1, 'name a command, e.g. chatload run scenarios/smoke.yaml')
    .strict()
    .help()
    .alias('h', 'help')
    .version(TOOL.version)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageFailure(message);
    });

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof UsageFailure) {
      io.err(`chatload: ${explainUsageFailure(error.message, { argv, commands: COMMAND_ARGUMENTS })}\nRun "chatload --help" for the commands and options.\n`);
      return ExitCode.badInput;
    }
    if (error instanceof ChatloadError) {
      io.err(`chatload: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`chatload: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

class UsageFailure extends Error {}
