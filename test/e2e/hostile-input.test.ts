import { execFileSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * Hostile input: files and command lines built to hang, crash or mislead the CLI. Each must end
 * promptly with exit 2 and one message naming the file (or flag), the field and the fix.
 */
let dir: string;
const HEAD = 'name: x\nagents: [agent_support_01]\nload: { concurrency: 1, requests: 1 }\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

beforeAll(async () => {
  dir = await tempDir('chatload-hostile-input-');
  const files: Record<string, string | Buffer> = {
    'fifo-inputs.yaml': `${HEAD}inputs: { file: inputs.fifo }\n`,
    'fifo-variables.yaml': `${HEAD}inputs: [hi]\nvariables: { file: variables.fifo }\n`,
    'bom.txt': Buffer.concat([BOM, Buffer.from('hello\nworld\n')]),
    'bom.json': Buffer.concat([BOM, Buffer.from('[{"customer_name": "Ann"}]')]),
    'bom.yaml': `${HEAD}inputs: { file: bom.txt }\nvariables: { file: bom.json }\n`,
    'latin1.txt': Buffer.concat([Buffer.from('hello\nwor'), Buffer.from([0xe9]), Buffer.from('ld\n')]),
    'latin1.yaml': `${HEAD}inputs: { file: latin1.txt }\n`,
    'deep.yaml': `${HEAD}inputs: [hi]\nvariables: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'deep-variables.json': `[{"a": ${'['.repeat(20_000)}"leaf"${']'.repeat(20_000)}}]`,
    'deep-variables.yaml': `${HEAD}inputs: [hi]\nvariables: { file: deep-variables.json }\n`,
    'many-problems.yaml': 'name: x\nagents: [agent_support_01]\ninputs: { file: missing.txt }\nload: { concurency: 1, requests: 1 }\nthresholds: ["bogus<1"]\n',
    'integer.yaml': `name: x\nagents: [a]\ninputs: [hi]\nload: { concurrency: 1.5, requests: 1 }\n`,
    'holds-key.yaml': `${HEAD}inputs: ["my key is chatload-env-key-4711"]\n`,
    'round-robin.yaml': 'name: rr\nagents: [a1, a2, a3]\ninputs: [i1, i2, i3, i4]\nvariables: [{ v: 1 }, { v: 2 }, { v: 3 }]\nmix: { strategy: round-robin }\nload: { concurrency: 1, requests: 5 }\n',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  for (const fifo of ['inputs.fifo', 'variables.fifo', 'report.fifo']) execFileSync('mkfifo', [join(dir, fifo)]);
});

/**
 * A message a person can read: no stack trace, and a "(fix: ...)" with no parenthesised aside
 * nested in it (the parentheses of syntax such as goodput(500ms) are not asides).
 */
function expectReadable(result: CliResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|Maximum call stack/);
  for (const fix of result.stderr.match(/\(fix: .*\)$/gm) ?? []) expect(fix).not.toMatch(/\([a-z]+[ ,]/);
}

async function expectBadInput(args: string[], options: Parameters<typeof runCli>[1] = {}, ...parts: string[]): Promise<CliResult> {
  const result = await runCli(args, { timeoutMs: 30_000, ...options });
  expect(result.code, result.stderr).toBe(2);
  for (const part of parts) expect(result.stderr).toContain(part);
  expectReadable(result);
  return result;
}

describe('data files that would hang, or lose what they hold', () => {
  it('a FIFO as the inputs file: even --dry-run is refused at once, before the pipe is opened', async () => {
    const started = Date.now();
    await expectBadInput(['run', join(dir, 'fifo-inputs.yaml'), '--dry-run'], { timeoutMs: 20_000 }, `inputs.file: inputs file is a named pipe (FIFO), not a regular file: ${join(dir, 'inputs.fifo')}`, 'fix: point it at a regular file');
    // Generous for a loaded machine; a hang is only ended by the 20 s kill.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a FIFO as the variables file: validate refuses it too', async () => {
    const result = await expectBadInput(['validate', join(dir, 'fifo-variables.yaml')], { timeoutMs: 20_000 }, 'variables.file: variables file is a named pipe (FIFO)');
    expect(result.stderr).toContain(`FAIL  ${join(dir, 'fifo-variables.yaml')}`);
  });

  it('a FIFO as a report or a mock config is refused at once, in every command that reads one', async () => {
    const fifo = join(dir, 'report.fifo');
    const cases: { args: string[]; field: string }[] = [
      { args: ['compare', fifo, join(dir, 'absent.json')], field: 'BASELINE' },
      { args: ['merge', fifo], field: 'REPORT 1' },
      { args: ['report', fifo], field: '' },
      { args: ['run', join(dir, 'round-robin.yaml'), '--target', 'http://127.0.0.1:9', '--baseline', fifo], field: '--baseline' },
      { args: ['mock', '--config', fifo, '--port', '0'], field: '--config' },
    ];
    // A command that blocks on the pipe is killed at the time-out, which is not exit 2.
    const results = await Promise.all(cases.map(({ args }) => expectBadInput(args, { timeoutMs: 90_000 }, 'a named pipe (FIFO), not a regular file', 'fix: point it at a regular file')));
    results.forEach((result, i) => expect(result.stderr, cases[i]!.args.join(' ')).toContain(cases[i]!.field ? `${fifo}: ${cases[i]!.field}` : fifo));
  }, 120_000);

  it('a byte-order mark is stripped from every data format', async () => {
    const result = await runCli(['run', join(dir, 'bom.yaml'), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('#0  {"agentId":"agent_support_01","input":"hello","dynamicVariables":{"customer_name":"Ann"}}');
    expect(result.stdout).not.toContain('\ufeff');
  });

  it('a data file that is not UTF-8 is refused with its line and column, not turned into U+FFFD', async () => {
    await expectBadInput(['run', join(dir, 'latin1.yaml'), '--dry-run'], {}, `${join(dir, 'latin1.txt')}: line 2: is not valid UTF-8 at column 4`, 'fix: save the file as UTF-8');
  });
});

describe('documents nested past reason', () => {
  it('a YAML scenario nested thousands of levels deep: "nested too deeply", with the limit', async () => {
    await expectBadInput(['validate', join(dir, 'deep.yaml')], {}, 'is nested too deeply: more than 64 levels of lists or mappings', 'fix: flatten it');
  });

  it('a variables file nested thousands of levels deep: exit 2, not a crash', async () => {
    await expectBadInput(['run', join(dir, 'deep-variables.yaml'), '--dry-run'], {}, `${join(dir, 'deep-variables.json')}: is nested too deeply`);
  });
});

describe('validate tells the whole truth at once', () => {
  it('schema, data file and threshold problems in one pass', async () => {
    const file = join(dir, 'many-problems.yaml');
    const result = await expectBadInput(['validate', file], {}, `${file}: load.concurency: is not a known field`, `${file}: inputs.file: inputs file not found`, `${file}: thresholds[0]:`);
    expect(result.stdout).toBe('');
  });

  it('a scenario holding the key that run refuses: validate refuses it too', async () => {
    const file = join(dir, 'holds-key.yaml');
    const env = { SIGMAMIND_API_KEY: 'chatload-env-key-4711' };
    const run = await expectBadInput(['run', file, '--dry-run'], { env }, `${file}: (contents): contains the value of $SIGMAMIND_API_KEY`);
    const validate = await expectBadInput(['validate', file], { env }, `${file}: (contents): contains the value of $SIGMAMIND_API_KEY`);
    for (const result of [run, validate]) expect(result.stdout + result.stderr).not.toContain('chatload-env-key-4711');
  });

  it('"must be an integer"', async () => {
    await expectBadInput(['validate', join(dir, 'integer.yaml')], {}, 'load.concurrency: must be an integer');
  });
});

describe('the command line', () => {
  it('the key in --target is blamed on --target, not on the scenario file', async () => {
    const result = await expectBadInput(['run', 'scenarios/smoke.yaml', '--target', 'http://127.0.0.1:9/chatload-env-key-4711/', '--dry-run'], { env: { SIGMAMIND_API_KEY: 'chatload-env-key-4711' } }, '(command line): --target: contains the value of $SIGMAMIND_API_KEY');
    expect(result.stderr).not.toContain('smoke.yaml');
    expect(result.stderr).not.toContain('chatload-env-key-4711');
  });

  it('--out "" is refused instead of writing into the current folder', async () => {
    const cwd = await tempDir();
    await expectBadInput(['run', join(process.cwd(), 'scenarios/smoke.yaml'), '--requests', '2', '--out', ''], { cwd }, '(command line): --out: is empty');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('an unknown command is called a command, with a suggestion', async () => {
    await expectBadInput(['frobnicate'], {}, '(command line): frobnicate: is not a chatload command');
    await expectBadInput(['valdate', 'x.yaml'], {}, 'valdate: is not a chatload command (fix: did you mean "validate"?');
  });

  it('a second scenario is an unexpected argument, not an option', async () => {
    const result = await expectBadInput(['run', 'scenarios/smoke.yaml', 'scenarios/latency.yaml', '--dry-run'], {}, '(command line): scenarios/latency.yaml: is an unexpected argument: chatload run takes one scenario file');
    expect(result.stderr).not.toContain('--scenarios');
  });

  it('a flag given twice, a --threshold without its value, a negative --timeout, a bare merge: exit 2, each said plainly', async () => {
    const smoke = join(dir, 'round-robin.yaml');
    const results = await Promise.all([
      expectBadInput(['run', smoke, '--duration', '2s', '--duration', '3s', '--dry-run'], {}, '(command line): --duration: given twice: 2s, 3s (fix: give it once)'),
      expectBadInput(['run', smoke, '--threshold', '--dry-run'], {}, '--threshold: given without a value'),
      expectBadInput(['run', smoke, '--timeout', '-1s', '--dry-run'], {}, '--timeout: is negative: -1s'),
      expectBadInput(['merge'], {}, 'merge: takes report.json files, got none'),
      expectBadInput(['history', 'trnd'], {}, 'trnd: is not a history command (fix: did you mean "trend"?'),
    ]);
    for (const result of results) expect(result.stderr).not.toMatch(/text\.trim|Not enough non-option|are not known options/);
  }, 120_000);

  it('--rate abc says what was given and what is expected', async () => {
    await expectBadInput(['run', '--rate', 'abc', '--dry-run'], {}, '(command line): --rate: expects a number, got "abc"');
  });

  it('--timeout 0s is a duration, just not a usable timeout', async () => {
    await expectBadInput(['run', '--timeout', '0s', '--dry-run'], {}, '(command line): --timeout: "0s" is a duration of zero');
  });

  it('nested parentheses never appear in a fix: a syntax error and a missing file', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'name: [unclosed\n  : : -\n');
    await expectBadInput(['run', broken, '--dry-run'], {}, 'fix: fix the YAML syntax');
    await expectBadInput(['run', join(dir, 'nope.yaml'), '--dry-run'], {}, 'fix: check the path');
  });
});

describe('the dry run', () => {
  it('gives the true number of distinct bodies of a round-robin mix', async () => {
    const result = await runCli(['run', join(dir, 'round-robin.yaml'), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('(of 12 distinct; the stream repeats every 12)');
  });
});
