import { describe, expect, it } from 'vitest';
import { explainUsageFailure, misusedFlags, notANumber } from '../../src/usage-failure.js';

const commands = { run: 'one scenario file', compare: 'two report.json files', merge: 'report.json files', validate: 'scenario files', mock: 'no arguments, only options' };

describe('explainUsageFailure', () => {
  it('names the unknown flag once, as typed, with the fix', () => {
    expect(explainUsageFailure('Unknown arguments: bogus-flag, bogusFlag')).toBe('(command line): --bogus-flag: is not a known option (fix: check the spelling; "chatload run --help" lists the options)');
    expect(explainUsageFailure('Unknown argument: q')).toContain('-q: is not a known option');
    expect(explainUsageFailure('Unknown arguments: xx, yy')).toContain('--xx, --yy: are not known options');
  });

  it('an unknown command is a command, not an option, with the closest one as a suggestion', () => {
    expect(explainUsageFailure('Unknown argument: frobnicate', { argv: ['frobnicate'], commands })).toBe('(command line): frobnicate: is not a chatload command (fix: "chatload --help" lists the commands)');
    // The words after an unknown command mean nothing on their own: only the command is reported.
    expect(explainUsageFailure('Unknown arguments: valdate, x.yaml', { argv: ['valdate', 'x.yaml'], commands })).toBe('(command line): valdate: is not a chatload command (fix: did you mean "validate"? "chatload --help" lists the commands)');
  });

  it('a surplus word is an unexpected argument, saying what the command takes', () => {
    expect(explainUsageFailure('Unknown argument: b.yaml', { argv: ['run', 'a.yaml', 'b.yaml', '--dry-run'], commands })).toBe(
      '(command line): b.yaml: is an unexpected argument: chatload run takes one scenario file (fix: remove it, or put it right after the option it is the value of; "chatload run --help" lists the options)',
    );
    // A one-letter word is a word, not the flag -c.
    expect(explainUsageFailure('Unknown argument: c', { argv: ['compare', 'a', 'b', 'c'], commands })).toMatch(/^\(command line\): c: is an unexpected argument: chatload compare takes two report\.json files/);
  });

  it('words and flags in one message: one line each', () => {
    const lines = explainUsageFailure('Unknown arguments: extra, bogus', { argv: ['mock', 'extra', '--bogus'], commands }).split('\n');
    expect(lines).toEqual([expect.stringMatching(/^\(command line\): extra: is an unexpected argument/), expect.stringMatching(/^\(command line\): --bogus: is not a known option .*chatload mock --help/)]);
  });

  it('passes other messages through', () => {
    expect(explainUsageFailure('Missing required argument: scenarios')).toBe('Missing required argument: scenarios');
  });
});

describe('notANumber', () => {
  it('quotes what was typed and says a number is expected, where yargs only has NaN', () => {
    expect(notANumber({ rate: Number.NaN, _: [] }, ['run', '--rate', 'abc'])).toEqual([{ file: '(command line)', field: '--rate', message: 'expects a number, got "abc"', fix: 'e.g. --rate 10' }]);
    expect(notANumber({ 'max-requests': Number.NaN, maxRequests: Number.NaN }, ['run', '--max-requests=lots'])).toEqual([expect.objectContaining({ field: '--max-requests', message: 'expects a number, got "lots"' })]);
  });

  it('a numeric flag typed without its value', () => {
    expect(notANumber({ rate: undefined, dryRun: true }, ['run', '--rate', '--dry-run'])).toEqual([expect.objectContaining({ field: '--rate', message: 'expects a number, got nothing' })]);
  });

  it('numbers that parsed, and flags not typed at all, are no problem', () => {
    expect(notANumber({ rate: 5, requests: undefined }, ['run', '--rate', '5'])).toEqual([]);
  });
});

describe('explainUsageFailure: missing arguments and sub-commands', () => {
  it('a command without its arguments says what it takes, not yargs\' count', () => {
    expect(explainUsageFailure('Not enough non-option arguments: got 0, need at least 1', { argv: ['merge'], commands })).toBe('(command line): merge: takes report.json files, got none (fix: "chatload merge --help" shows how to call it)');
    expect(explainUsageFailure('Not enough non-option arguments: got 1, need at least 2', { argv: ['compare', 'a.json'], commands })).toContain('compare: takes two report.json files, got 1');
  });

  it('an unknown history command is called one, with a suggestion', () => {
    const message = 'name a history command: list, show, trend or prune';
    expect(explainUsageFailure(message, { argv: ['history', 'trnd'], commands })).toBe('(command line): trnd: is not a history command (fix: did you mean "trend"? "chatload history --help" lists them)');
    expect(explainUsageFailure(message, { argv: ['history', 'frob'], commands })).toBe('(command line): frob: is not a history command (fix: "chatload history --help" lists them)');
    // No word after "history": the message stands.
    expect(explainUsageFailure(message, { argv: ['history'], commands })).toBe(message);
  });
});

describe('misusedFlags', () => {
  const repeatable = new Set(['threshold']);
  it('a single-valued flag given twice is refused, quoting both values', () => {
    expect(misusedFlags({ duration: ['2s', '3s'], rate: [5, 6], threshold: ['p99<1s', 'errorRate<1%'] }, [], repeatable)).toEqual([
      { file: '(command line)', field: '--duration', message: 'given twice: 2s, 3s', fix: 'give it once' },
      { file: '(command line)', field: '--rate', message: 'given twice: 5, 6', fix: 'give it once' },
    ]);
    expect(misusedFlags({ 'max-requests': [1, 2, 3], maxRequests: [1, 2, 3] }, [], repeatable)).toEqual([expect.objectContaining({ field: '--max-requests', message: 'given 3 times: 1, 2, 3' })]);
  });

  it('an option with a default, given twice, is refused too (yargs keeps only the last value of it)', () => {
    expect(misusedFlags({ port: 1 }, ['mock', '--port', '0', '--port=1'], repeatable)).toEqual([{ file: '(command line)', field: '--port', message: 'given twice: 0, 1', fix: 'give it once' }]);
    expect(misusedFlags({ port: 1 }, ['mock', '--port', '1'], repeatable)).toEqual([]);
  });

  it('a repeatable flag typed without a value is refused', () => {
    expect(misusedFlags({ threshold: [] }, ['run', 'x.yaml', '--threshold'], repeatable)).toEqual([expect.objectContaining({ field: '--threshold', message: 'given without a value' })]);
    expect(misusedFlags({ threshold: [] }, ['run', 'x.yaml'], repeatable)).toEqual([]);
  });

  it('a value with a minus is called negative, not two unknown flags', () => {
    expect(misusedFlags({}, ['run', '--timeout', '-1s'], repeatable)).toEqual([{ file: '(command line)', field: '--timeout', message: 'is negative: -1s', fix: 'give a positive value, e.g. --timeout 1s' }]);
    // A plain negative number parses as one; the command judges it.
    expect(misusedFlags({}, ['run', '--rate', '-5'], repeatable)).toEqual([]);
  });
});
