import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** Bad input: exit 2 and one message that names the file, the field and the fix; never a stack trace. */
let dir: string;
beforeAll(async () => {
  dir = await tempDir('chatload-bad-input-');
  const files: Record<string, string> = {
    'empty.yaml': '',
    'not-yaml.yaml': 'name: [unclosed\n  : : -\n',
    'wrong-shape.yaml': '- just\n- a list\n',
    'missing-data.yaml': 'name: x\nagents: [a]\ninputs: { file: data/missing.txt }\nload: { concurrency: 1, requests: 1 }\n',
    'ragged.csv': 'customer_name,plan\nAnn,pro\nBob\n',
    'ragged.yaml': 'name: x\nagents: [a]\ninputs: [hi]\nvariables: { file: ragged.csv }\nload: { concurrency: 1, requests: 1 }\n',
    'negative-rate.yaml': 'name: x\nagents: [a]\ninputs: [hi]\nload: { rate: -5, duration: 1s }\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await mkdir(join(dir, 'a-directory.yaml'));
});

async function expectBadInput(args: string[], ...parts: string[]): Promise<void> {
  const result = await runCli(['run', ...args, '--out', join(dir, 'out')], { timeoutMs: 20_000 });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const message = result.stderr.trim();
  expect(message.split('\n').filter((l) => l.startsWith('chatload:'))).toHaveLength(1);
  for (const part of parts) expect(message).toContain(part);
  expect(message).not.toMatch(/\n\s+at |Error:|internal error/);
}

describe('bad input: exit 2, one message with file, field and fix', () => {
  it('an unreadable scenario (a directory)', async () => {
    const file = join(dir, 'a-directory.yaml');
    await expectBadInput([file], `${file}: scenario file is a directory`, 'fix: check the path');
  });

  it('a scenario file that does not exist', async () => {
    const file = join(dir, 'nope.yaml');
    await expectBadInput([file], `${file}: scenario file not found`, 'fix: check the path');
  });

  it('an empty scenario', async () => {
    const file = join(dir, 'empty.yaml');
    await expectBadInput([file], `${file}: is empty`, 'fix: start from scenarios/smoke.yaml');
  });

  it('a file that is not YAML: the first syntax error, with its line', async () => {
    const file = join(dir, 'not-yaml.yaml');
    await expectBadInput([file], `${file}: line 2: is not valid YAML`, 'fix: fix the YAML syntax');
  });

  it('YAML of the wrong shape', async () => {
    const file = join(dir, 'wrong-shape.yaml');
    await expectBadInput([file], `${file}: is not a mapping of fields`, 'fix: a scenario is a YAML mapping');
  });

  it('a missing data file', async () => {
    const file = join(dir, 'missing-data.yaml');
    await expectBadInput([file], `${file}: inputs.file: inputs file not found: ${join(dir, 'data', 'missing.txt')}`, 'fix: check the path');
  });

  it('a CSV with ragged rows', async () => {
    await expectBadInput([join(dir, 'ragged.yaml')], `${join(dir, 'ragged.csv')}: line 3: has a different number of cells than the header row`, 'fix: give every row exactly one cell per header column');
  });

  it('an unknown flag', async () => {
    await expectBadInput(['scenarios/smoke.yaml', '--bogus-flag'], '(command line): --bogus-flag: is not a known option', 'fix: check the spelling; "chatload run --help" lists the options');
  });

  it('a negative rate, on the command line and in the file', async () => {
    await expectBadInput(['scenarios/smoke.yaml', '--rate', '-5'], '(command line): --rate: must be a number above 0, got -5', 'fix: e.g. --rate 10');
    const file = join(dir, 'negative-rate.yaml');
    await expectBadInput([file], `${file}: load.rate: must be > 0`, 'fix: use requests per second above 0');
  });

  it('an output folder that cannot be written: refused before anything is sent', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--requests', '2', '--out', join(blocker, 'out')], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(blocker, 'out')}: --out: cannot be written (ENOTDIR); nothing was sent`);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
