import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readScenario } from '../../../src/scenario/load.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * Read failures a test cannot cause on a real file here (tests run as root, so a mode of 000 does
 * not stop a read): readFile is made to fail for the file named in `failures`, after stat said it
 * is a regular file, as it does when permissions or the file change between the two.
 */

const failures = new Map<string, Error>();

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (path: Parameters<typeof real.readFile>[0], options?: Parameters<typeof real.readFile>[1]) => {
    const failure = failures.get(String(path));
    if (failure) throw failure;
    return real.readFile(path, options);
  }) as typeof real.readFile;
  return { ...real, readFile, default: { ...real, readFile } };
});

const PATH_FIX = "check the path; relative paths in a scenario are read from the scenario file's folder";
const failure = (code: string | undefined, message = 'failed') => Object.assign(new Error(message), code ? { code } : {});

let dir: string;
beforeAll(async () => {
  dir = await tempDir('chatload-read-errors-');
  await writeFile(join(dir, 's.yaml'), 'name: t\ntarget: mock\nagents: [a1]\nload: { concurrency: 1, requests: 1 }\ninputs: { file: in.txt }\n');
  await writeFile(join(dir, 'in.txt'), 'hi\n');
});

describe('a file that stat finds but readFile cannot read', () => {
  it.each([
    ['EACCES', 'cannot be read (permission denied)'],
    ['EISDIR', 'is a directory, not a file'],
    ['ENOENT', 'not found'],
    ['EIO', 'cannot be read (EIO)'],
  ])('%s: says so, with the path fix', async (code, says) => {
    const scenario = join(dir, 's.yaml');
    failures.set(scenario, failure(code));
    try {
      expect(await readScenario(scenario)).toEqual({ ok: false, problems: [{ file: scenario, field: '', message: `scenario file ${says}`, fix: PATH_FIX }] });
    } finally {
      failures.clear();
    }
  });

  it('an error without a code: its message', async () => {
    const scenario = join(dir, 's.yaml');
    failures.set(scenario, failure(undefined, 'something odd'));
    try {
      expect(await readScenario(scenario)).toEqual({ ok: false, problems: [{ file: scenario, field: '', message: 'scenario file cannot be read (something odd)', fix: PATH_FIX }] });
    } finally {
      failures.clear();
    }
  });

  it('a data file: named at its field in the scenario, with the path', async () => {
    const scenario = join(dir, 's.yaml');
    failures.set(join(dir, 'in.txt'), failure('EACCES'));
    try {
      expect(await readScenario(scenario)).toMatchObject({
        ok: false,
        problems: [{ file: scenario, field: 'inputs.file', message: `inputs file cannot be read (permission denied): ${join(dir, 'in.txt')}`, fix: PATH_FIX }],
      });
    } finally {
      failures.clear();
    }
  });
});
