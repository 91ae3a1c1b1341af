import { formatProblem, type InputProblem } from './errors.js';
import { closestName } from './scenario/closest-name.js';

/** What the command line looked like: its words, and each command with the arguments it takes. */
export interface UsageContext {
  argv: readonly string[];
  /** Command name → what it takes, e.g. run → "one scenario file". */
  commands: Readonly<Record<string, string>>;
}

const CLI = '(command line)';

/**
 * Rewrites yargs' "Unknown arguments: bogus-flag, bogusFlag" in the same shape as every other
 * input problem: where, what, and the fix. yargs reports unknown options and surplus words
 * alike; the words as typed tell them apart: an unknown command, an unexpected argument, an
 * unknown option. Pure. Other messages pass through unchanged.
 */
export function explainUsageFailure(message: string, context: UsageContext = { argv: [], commands: {} }): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message.trim());
  if (!unknown) return message;
  const names = unknown[1]!.split(', ');
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  // yargs lists a dashed flag twice, once camel-cased: keep the spelling the user typed.
  const typed = names.filter((name) => !/[A-Z]/.test(name) || !names.includes(kebab(name)));
  const words = context.argv.filter((word) => !word.startsWith('-'));
  const flagsTyped = new Set(context.argv.filter((word) => word.startsWith('-')).map((word) => word.replace(/^-+/, '').replace(/=.*$/s, '')));
  const isWord = (name: string) => words.includes(name) && !flagsTyped.has(name);

  const problems: InputProblem[] = [];
  const command = words[0] !== undefined && words[0] in context.commands ? words[0] : undefined;
  const unknownCommand = command === undefined && words[0] !== undefined && typed.includes(words[0]);
  // After an unknown command, the words that follow it mean nothing to report on their own.
  for (const name of typed.filter((n) => isWord(n) && (!unknownCommand || n === words[0]))) {
    if (unknownCommand) {
      const guess = closestName(name, Object.keys(context.commands));
      problems.push({ file: CLI, field: name, message: 'is not a chatload command', fix: `${guess ? `did you mean "${guess}"? ` : ''}"chatload --help" lists the commands` });
    } else {
      const takes = command ? `: chatload ${command} takes ${context.commands[command]}` : '';
      problems.push({ file: CLI, field: name, message: `is an unexpected argument${takes}`, fix: `remove it, or put it right after the option it is the value of; "chatload ${command ?? ''}${command ? ' ' : ''}--help" lists the options` });
    }
  }
  const flags = typed.filter((name) => !isWord(name)).map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  if (flags.length) {
    const what = flags.length === 1 ? 'is not a known option' : 'are not known options';
    problems.push({ file: CLI, field: flags.join(', '), message: what, fix: `check the spelling; "chatload ${command ?? 'run'} --help" lists the options` });
  }
  return problems.map(formatProblem).join('\n');
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebabCase = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Where a flag was typed (`--rate abc`, `--rate=abc`, in either spelling yargs accepts) and the value after it. */
function typedFlag(argv: readonly string[], name: string): { value: string | undefined } | undefined {
  const spellings = new Set([name, camelCase(name)].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)));
  for (let i = argv.length - 1; i >= 0; i--) {
    const word = argv[i]!;
    const eq = word.indexOf('=');
    if (eq > 0 && spellings.has(word.slice(0, eq))) return { value: word.slice(eq + 1) };
    if (spellings.has(word)) return { value: argv[i + 1]?.startsWith('-') ? undefined : argv[i + 1] };
  }
  return undefined;
}

/**
 * Numeric options yargs could not read: NaN for a word ("--rate abc", where the old message
 * said "got NaN"), undefined for a flag typed without its value. One problem each, quoting
 * what was typed and saying what is expected. Pure.
 */
export function notANumber(args: Readonly<Record<string, unknown>>, argv: readonly string[]): InputProblem[] {
  const names = Object.keys(args).filter((name) => {
    const value = args[name];
    return (typeof value === 'number' && Number.isNaN(value)) || (value === undefined && typedFlag(argv, kebabCase(name)) !== undefined);
  });
  return names
    .filter((name) => !/[A-Z]/.test(name) || !names.includes(kebabCase(name)))
    .map((name) => {
      const flag = name.length === 1 ? `-${name}` : `--${kebabCase(name)}`;
      const value = typedFlag(argv, kebabCase(name))?.value;
      return { file: CLI, field: flag, message: `expects a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`, fix: `e.g. ${flag} 10` };
    });
}
