import { describe, expect, it } from 'vitest';
import { explainUsageFailure, notANumber } from '../../src/usage-failure.js';

const commands = { run: 'one scenario file', compare: 'two report.json files', validate: 'scenario files', mock: 'no arguments, only options' };

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
