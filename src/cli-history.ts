import type { Argv, CommandModule } from 'yargs';
import type { CommandIo } from './commands/io.js';
import { TREND_METRICS } from './history/trend-metrics.js';

/** `--history FILE` and `--tag k=v`: taken by every command that writes a report (run, merge, conform; sweep later). */
export const HISTORY_OPTIONS = {
  history: { type: 'string', describe: 'SQLite run history to add this run to (default $CHATLOAD_HISTORY; docs/history.md)' },
  tag: { type: 'string', array: true, describe: 'key=value stored with the run in the history, repeatable' },
} as const;

const FILE_OPTION = { history: { type: 'string', describe: 'the history file (default $CHATLOAD_HISTORY)' } } as const;

/** The commands (and SQLite) load only when a history command runs: `--help` stays fast. */
const commands = () => import('./commands/history.js');

/** `chatload history list|show|trend|prune`: parsing only; the commands live in commands/history.ts. */
export function historyCommand(io: CommandIo, done: (exitCode: number) => void): CommandModule<object, object> {
  return {
    command: 'history [command]',
    describe: 'the run history (--history FILE): list, show, trend, prune',
    builder: (y: Argv<object>) =>
      y
        .command(
          'list',
          'list recorded runs, oldest first',
          (s) =>
            s
              .options(FILE_OPTION)
              .option('scenario', { type: 'string', describe: 'only this scenario' })
              .option('last', { type: 'number', describe: 'only the newest N runs' }),
          async (args) => done(await (await commands()).historyList({ history: args.history, scenario: args.scenario, last: args.last }, io)),
        )
        .command(
          'show <run>',
          "one run's summary (--json: its report.json)",
          (s) =>
            s
              .positional('run', { type: 'string', demandOption: true, describe: 'a run number from history list, or "last"' })
              .options(FILE_OPTION)
              .option('json', { type: 'boolean', describe: 'print the stored report.json' }),
          async (args) => done(await (await commands()).historyShow({ history: args.history, run: args.run, json: args.json }, io)),
        )
        .command(
          'trend',
          'write trend.html and trend.json: p50, a percentile, error rate and capacity across runs',
          (s) =>
            s
              .options(FILE_OPTION)
              .option('metric', { choices: TREND_METRICS, default: 'p99' as const, describe: 'the percentile drawn beside p50' })
              .option('scenario', { type: 'string', describe: 'only this scenario' })
              .option('last', { type: 'number', describe: 'only the newest N runs' })
              .option('out', { type: 'string', describe: 'output folder (default reports/trend)' }),
          async (args) => done(await (await commands()).historyTrend({ history: args.history, metric: args.metric, scenario: args.scenario, last: args.last, out: args.out }, io)),
        )
        .command(
          'prune',
          'delete old runs: keep the newest N, or drop those older than an age',
          (s) =>
            s
              .options(FILE_OPTION)
              .option('keep', { type: 'number', describe: 'runs to keep (the newest)' })
              .option('older-than', { type: 'string', describe: 'drop runs started longer ago than this, e.g. 90d' }),
          async (args) => done(await (await commands()).historyPrune({ history: args.history, keep: args.keep, olderThan: args.olderThan }, io)),
        )
        .demandCommand(1, 'name a history command: list, show, trend or prune'),
    handler: () => undefined,
  };
}
