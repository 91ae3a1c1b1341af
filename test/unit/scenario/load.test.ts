import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, InterruptedError } from '../../../src/errors.js';
import { IRREGULAR_FIX } from '../../../src/regular-file.js';
import { loadScenario, parseScenarioText, readScenario } from '../../../src/scenario/load.js';
import { NESTING_FIX, NESTING_MESSAGE } from '../../../src/scenario/nesting.js';
import { tempDir } from '../../helpers/cli.js';

/** The scenario loader on real files in a temp folder: what it reads, from where, and what it says when it cannot. */

const PATH_FIX = "check the path; relative paths in a scenario are read from the scenario file's folder";
const UTF8_FIX = 'save the file as UTF-8; from Latin-1, for instance: iconv -f latin1 -t utf-8 old.txt > new.txt';
const YAML_FIX = 'fix the YAML syntax: indentation, quotes and colons';
const KEY_FIX =
  'remove it and put the key in the environment: export SIGMAMIND_API_KEY=<your key>, or name another variable with --api-key-env; chatload sends it as X-API-Key and never stores it';
const HEAD = 'name: t\ntarget: mock\nagents: [a1]\nload: { concurrency: 1, requests: 1 }\n';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await tempDir('chatload-load-');
});

/** Writes the files (name → text) into a fresh folder under the temp dir; returns that folder. */
async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const at = join(dir, `case-${n++}`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(at, name, '..'), { recursive: true });
    await writeFile(join(at, name), text);
  }
  return at;
}

describe('a scenario with its data files', () => {
  it('reads inputs and a variables CSV named relative to the scenario file, not to the working directory', async () => {
    const at = await folder({
      'sub/s.yaml': `${HEAD}inputs: { file: data/in.txt }\nvariables: { file: data/v.csv }\n`,
      'sub/data/in.txt': 'hello\n\nworld\n',
      'sub/data/v.csv': 'name,plan\nAnn,gold\n',
    });
    const scenario = await loadScenario(join(at, 'sub/s.yaml'));
    expect(scenario.inputs).toEqual(['hello', 'world']);
    expect(scenario.variables).toEqual([{ name: 'Ann', plan: 'gold' }]);
    expect(scenario.file).toBe(join(at, 'sub/s.yaml'));
  });

  it('reads inline inputs and variables as written, and none when variables are absent', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi, there]\nvariables: [{ name: Ann }]\n`, 't.yaml': `${HEAD}inputs: [hi]\n` });
    expect(await loadScenario(join(at, 's.yaml'))).toMatchObject({ inputs: ['hi', 'there'], variables: [{ name: 'Ann' }] });
    expect((await loadScenario(join(at, 't.yaml'))).variables).toEqual([]);
  });

  it('reads variables from JSON and JSONL files whatever the case of their extension, and anything else as CSV', async () => {
    const at = await folder({
      'a.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.JSON }\n`,
      'v.JSON': '[{"name": "Ann", "n": 1}]',
      'b.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.JsonL }\n`,
      'v.JsonL': '{"name": "Bo"}\n{"name": "Cy"}\n',
      'c.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.txt }\n`,
      'v.txt': 'name\nDee\n',
    });
    expect((await loadScenario(join(at, 'a.yaml'))).variables).toEqual([{ name: 'Ann', n: 1 }]);
    expect((await loadScenario(join(at, 'b.yaml'))).variables).toEqual([{ name: 'Bo' }, { name: 'Cy' }]);
    expect((await loadScenario(join(at, 'c.yaml'))).variables).toEqual([{ name: 'Dee' }]);
  });

  it('reads a variables CSV larger than one 64 KiB slice whole, cells split by no slice, a character cut by none', async () => {
    // Lines end in a four-byte character (two UTF-16 units), so a slice cut anywhere but after a line feed would split one.
    const rows = Array.from({ length: 6000 }, (_, i) => `Customer ${i},note ${i} 😀`);
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.csv }\n`, 'v.csv': `name,note\n${rows.join('\n')}\n` });
    const { variables } = await loadScenario(join(at, 's.yaml'));
    expect(variables).toHaveLength(6000);
    expect(variables).toEqual(rows.map((_, i) => ({ name: `Customer ${i}`, note: `note ${i} 😀` })));
  });

  it('reads a large CSV whose last line has no line feed', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Customer ${i},${'x'.repeat(20)}`);
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.csv }\n`, 'v.csv': `name,note\n${rows.join('\n')}` });
    const { variables } = await loadScenario(join(at, 's.yaml'));
    expect(variables).toHaveLength(5000);
    expect(variables.at(-1)).toEqual({ name: 'Customer 4999', note: 'x'.repeat(20) });
  });

  it('names the ragged line of a CSV, also past the first slice', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Customer ${i},${'x'.repeat(20)}`);
    rows[4000] = 'Ragged';
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.csv }\n`, 'v.csv': `name,note\n${rows.join('\n')}\n` });
    const result = await readScenario(join(at, 's.yaml'));
    expect(result).toMatchObject({
      ok: false,
      problems: [{ file: join(at, 'v.csv'), field: 'line 4002', message: 'has a different number of cells than the header row' }],
    });
    expect(result.ok === false && result.problems).toHaveLength(1);
  });

  it('refuses a CSV with a header and no rows, naming the CSV', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\nvariables: { file: v.csv }\n`, 'v.csv': 'name,plan\n' });
    expect(await readScenario(join(at, 's.yaml'))).toEqual({
      ok: false,
      problems: [{ file: join(at, 'v.csv'), field: '', message: 'has a header but no rows', fix: 'add one row per variable set under the header' }],
      doc: expect.any(Object),
    });
  });

  it('reports the bad lines of a JSONL inputs file and of a JSON variables file together, each naming its own file', async () => {
    const at = await folder({
      's.yaml': `${HEAD}inputs: { file: in.jsonl }\nvariables: { file: v.json }\n`,
      'in.jsonl': '"a"\n42\n',
      'v.json': '{"name": "Ann"}',
    });
    const result = await readScenario(join(at, 's.yaml'));
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { file: join(at, 'in.jsonl'), field: 'line 2', message: 'is neither a JSON string nor an object with a string "input"' },
        { file: join(at, 'v.json'), field: '', message: 'is not a JSON array of objects' },
      ],
    });
  });
});

describe('data files that cannot be read', () => {
  it('are named at the scenario field that points at them, with the path tried and how to fix it', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: nope.txt }\nvariables: { file: gone/v.csv }\n` });
    const file = join(at, 's.yaml');
    expect(await readScenario(file)).toEqual({
      ok: false,
      problems: [
        { file, field: 'inputs.file', message: `inputs file not found: ${join(at, 'nope.txt')}`, fix: PATH_FIX },
        { file, field: 'variables.file', message: `variables file not found: ${join(at, 'gone/v.csv')}`, fix: PATH_FIX },
      ],
      doc: { name: 't', target: 'mock', agents: ['a1'], load: { concurrency: 1, requests: 1 }, inputs: { file: 'nope.txt' }, variables: { file: 'gone/v.csv' } },
    });
  });

  it('a folder named as a data file is a path mistake', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: data }\n`, 'data/x.txt': 'x' });
    expect(await readScenario(join(at, 's.yaml'))).toMatchObject({
      ok: false,
      problems: [{ file: join(at, 's.yaml'), field: 'inputs.file', message: `inputs file is a directory, not a file: ${join(at, 'data')}`, fix: PATH_FIX }],
    });
  });

  it('a named pipe is refused before it is opened (reading it could block for ever)', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\nvariables: { file: pipe.csv }\n` });
    execFileSync('mkfifo', [join(at, 'pipe.csv')]);
    expect(await readScenario(join(at, 's.yaml'))).toMatchObject({
      ok: false,
      problems: [
        { file: join(at, 's.yaml'), field: 'variables.file', message: `variables file is a named pipe (FIFO), not a regular file: ${join(at, 'pipe.csv')}`, fix: IRREGULAR_FIX },
      ],
    });
  });

  it('a path through a file says why it cannot be read', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: in.txt/more }\n`, 'in.txt': 'hi\n' });
    expect(await readScenario(join(at, 's.yaml'))).toMatchObject({
      ok: false,
      problems: [{ field: 'inputs.file', message: `inputs file cannot be read (ENOTDIR): ${join(at, 'in.txt/more')}`, fix: PATH_FIX }],
    });
  });

  it('a data file that is not UTF-8 is named itself, with the line and column of the bad byte', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: in.txt }\n`, 'in.txt': Buffer.from([0x61, 0x0a, 0x68, 0xff, 0x0a]) });
    expect(await readScenario(join(at, 's.yaml'))).toEqual({
      ok: false,
      problems: [{ file: join(at, 'in.txt'), field: 'line 2', message: 'is not valid UTF-8 at column 2', fix: UTF8_FIX }],
      doc: expect.any(Object),
    });
  });

  it('are read and reported even when the scenario has other problems, all in one pass', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: nope.txt }\nbogus: 1\n` });
    const result = await readScenario(join(at, 's.yaml'));
    expect(result.ok === false && result.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'bogus: is not a known field',
      `inputs.file: inputs file not found: ${join(at, 'nope.txt')}`,
    ]);
  });

  it('a `file` that is not a string is a schema problem only, and nothing is read', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: 3 }\nvariables: null\n` });
    const result = await readScenario(join(at, 's.yaml'));
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.problems.map((p) => p.field)).toEqual(['inputs', 'variables']);
  });
});

describe('the scenario file itself', () => {
  it('not found: the path and the fix, no document', async () => {
    const file = join(dir, 'missing.yaml');
    expect(await readScenario(file)).toEqual({ ok: false, problems: [{ file, field: '', message: 'scenario file not found', fix: PATH_FIX }] });
  });

  it('a folder: a path mistake', async () => {
    const at = await folder({ 'x.txt': 'x' });
    expect(await readScenario(at)).toEqual({ ok: false, problems: [{ file: at, field: '', message: 'scenario file is a directory, not a file', fix: PATH_FIX }] });
  });

  it('a named pipe: refused with the regular-file fix', async () => {
    const at = await folder({});
    await mkdir(at, { recursive: true });
    const file = join(at, 's.yaml');
    execFileSync('mkfifo', [file]);
    expect(await readScenario(file)).toEqual({ ok: false, problems: [{ file, field: '', message: 'scenario file is a named pipe (FIFO), not a regular file', fix: IRREGULAR_FIX }] });
  });

  it('UTF-16: named as such, no document', async () => {
    const at = await folder({ 's.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: t\n', 'utf16le')]) });
    expect(await readScenario(join(at, 's.yaml'))).toEqual({
      ok: false,
      problems: [{ file: join(at, 's.yaml'), field: '', message: 'is UTF-16 text, not UTF-8', fix: 'save the file as UTF-8; most editors offer it under "Save with encoding"' }],
    });
  });

  it('with a byte-order mark: read without it', async () => {
    const at = await folder({ 's.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEAD}inputs: [hi]\n`)]) });
    expect((await loadScenario(join(at, 's.yaml'))).name).toBe('t');
  });

  it('a YAML syntax error: its line, no document', async () => {
    const at = await folder({ 's.yaml': 'name: "t\n' });
    expect(await readScenario(join(at, 's.yaml'))).toEqual({
      ok: false,
      problems: [{ file: join(at, 's.yaml'), field: 'line 2', message: 'is not valid YAML: Missing closing "quote', fix: YAML_FIX }],
    });
  });

  it('a literal API key is named once, not also as an unknown field', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\napi_key: abc\n` });
    const file = join(at, 's.yaml');
    const result = await readScenario(file);
    expect(result).toMatchObject({ ok: false, problems: [{ file, field: 'api_key', message: 'holds a credential: API keys do not belong in scenario files', fix: KEY_FIX }] });
    expect(result.ok === false && result.problems).toHaveLength(1);
  });

  it('a key-shaped value in a valid field refuses an otherwise valid scenario', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\ndescription: sk-live-abcdefghijklmnopqrstu\n` });
    const file = join(at, 's.yaml');
    expect(await readScenario(file)).toEqual({
      ok: false,
      problems: [{ file, field: 'description', message: 'looks like a literal API key', fix: KEY_FIX }],
      doc: expect.objectContaining({ description: 'sk-live-abcdefghijklmnopqrstu' }),
    });
  });

  it('rules the schema cannot say are reported with the document', async () => {
    const at = await folder({ 's.yaml': 'name: t\nagents: [a1]\ninputs: [hi]\nload: { concurrency: 1 }\n' });
    const file = join(at, 's.yaml');
    expect(await readScenario(file)).toEqual({
      ok: false,
      problems: [{ file, field: 'load', message: 'says neither how long nor how many', fix: 'add `duration: 30s` or `requests: 500`, or both: the run stops at whichever comes first' }],
      doc: { name: 't', agents: ['a1'], inputs: ['hi'], load: { concurrency: 1 } },
    });
  });

  it('loadScenario throws one InputError listing every problem', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: nope.txt }\nbogus: 1\n` });
    const error = await loadScenario(join(at, 's.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.field)).toEqual(['bogus', 'inputs.file']);
  });
});

describe('an interrupt (AbortSignal) while loading', () => {
  it('already aborted: InterruptedError, before anything is reported', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: [hi]\n` });
    const controller = new AbortController();
    controller.abort();
    await expect(readScenario(join(at, 's.yaml'), { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    await expect(loadScenario(join(at, 's.yaml'), { signal: controller.signal })).rejects.toMatchObject({ message: 'interrupted before any request was sent' });
  });

  it('aborted even when the scenario file is missing: the interrupt wins over the problem', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readScenario(join(dir, 'missing.yaml'), { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });

  it('aborted while the data files are read: InterruptedError, not their problems', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Customer ${i},${'x'.repeat(20)}`);
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: in.txt }\nvariables: { file: v.csv }\n`, 'in.txt': 'hi\n', 'v.csv': `name,note\n${rows.join('\n')}\n` });
    const controller = new AbortController();
    const reading = readScenario(join(at, 's.yaml'), { signal: controller.signal });
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(InterruptedError);
  });

  it('a signal that is never aborted changes nothing', async () => {
    const at = await folder({ 's.yaml': `${HEAD}inputs: { file: in.txt }\nvariables: { file: v.csv }\n`, 'in.txt': 'hi\n', 'v.csv': 'name\nAnn\n' });
    expect(await loadScenario(join(at, 's.yaml'), { signal: new AbortController().signal })).toMatchObject({ inputs: ['hi'], variables: [{ name: 'Ann' }] });
  });
});

describe('parseScenarioText', () => {
  const fail = (file: string, message: string, fix: string, field = '') => ({ ok: false, problems: [{ file, field, message, fix }] });

  it('empty or blank: start from the smoke scenario', () => {
    expect(parseScenarioText(' \n\t\n', 's.yaml')).toEqual(fail('s.yaml', 'is empty', 'start from scenarios/smoke.yaml'));
  });

  it('JSON by extension, whatever its case: the parser message and the fix', () => {
    expect(parseScenarioText('{"name":', 'S.JSON')).toEqual(
      fail('S.JSON', 'is not valid JSON: Unexpected end of JSON input', 'fix the JSON syntax, or write the scenario in YAML, as a .yaml file'),
    );
    // YAML would have read this as a flow mapping.
    expect(parseScenarioText("{name: 'a'}", 'S.Json')).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/^is not valid JSON: /) }] });
    expect(parseScenarioText("{name: 'a'}", 's.yaml')).toEqual({ ok: true, doc: { name: 'a' } });
  });

  it('a YAML syntax error: the first one, its line as the field, the position cut from the message', () => {
    const text = `${Array.from({ length: 10 }, (_, i) => `k${i}: 1\n`).join('')}agents: [x]]\nname: "oops\n`;
    expect(parseScenarioText(text, 's.yaml')).toEqual(fail('s.yaml', 'is not valid YAML: Unexpected flow-seq-end token in YAML stream: "]"', YAML_FIX, 'line 11'));
  });

  it('duplicate keys are a syntax error', () => {
    expect(parseScenarioText('name: a\nname: b\n', 's.yaml')).toEqual(fail('s.yaml', 'is not valid YAML: Map keys must be unique', YAML_FIX, 'line 2'));
  });

  it('an alias before its anchor, or an alias bomb: the anchor fix', () => {
    const fix = 'define each &anchor before its *alias, and avoid aliases that expand many times';
    expect(parseScenarioText('a: *nope\n', 's.yaml')).toEqual(fail('s.yaml', 'is not valid YAML: Unresolved alias (the anchor must be set before the alias): nope', fix));
    const bomb = `a: &x [1]\nb: [${Array(101).fill('*x').join(',')}]\n`;
    expect(parseScenarioText(bomb, 's.yaml')).toEqual(fail('s.yaml', 'is not valid YAML: Excessive alias count indicates a resource exhaustion attack', fix));
  });

  it('anything but a mapping: null, a scalar, a list', () => {
    const fix = 'a scenario is a YAML mapping with name, agents, inputs and load; start from scenarios/smoke.yaml';
    for (const [text, file] of [
      ['null', 's.json'],
      ['~\n', 's.yaml'],
      ['42\n', 's.yaml'],
      ['"x"', 's.json'],
      ['[1]', 's.json'],
      ['- a\n', 's.yaml'],
    ] as const) {
      expect(parseScenarioText(text, file)).toEqual(fail(file, 'is not a mapping of fields', fix));
    }
  });

  it('a mapping nested too deeply: the nesting message', () => {
    const deep = `${'{"a":'.repeat(70)}1${'}'.repeat(70)}`;
    expect(parseScenarioText(deep, 's.json')).toEqual(fail('s.json', NESTING_MESSAGE, NESTING_FIX));
    const shallow = `${'{"a":'.repeat(60)}1${'}'.repeat(60)}`;
    expect(parseScenarioText(shallow, 's.json')).toMatchObject({ ok: true });
  });
});
