import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenarioText } from '../../../src/scenario/load.js';
import { closestName, fieldName, typeName, validateScenarioDocument } from '../../../src/scenario/validate.js';
import schema from '../../../src/scenario/scenario.schema.json' with { type: 'json' };

const FILE = 'scenarios/x.yaml';
const valid = { name: 'x', agents: ['a1'], inputs: ['hello'], load: { concurrency: 2, duration: '1s' } };

function problemsOf(doc: unknown) {
  const result = validateScenarioDocument(doc, FILE);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('scenario validation', () => {
  it('accepts a minimal valid scenario', () => {
    expect(validateScenarioDocument(valid, FILE).ok).toBe(true);
  });

  it('names each missing required field with a fix', () => {
    const problems = problemsOf({ name: 'x' });
    expect(problems.map((p) => p.field).sort()).toEqual(['agents', 'inputs', 'load']);
    for (const p of problems) {
      expect(p.file).toBe(FILE);
      expect(p.message).toBe('is required');
      expect(p.fix).toBeTruthy();
    }
  });

  it('suggests the closest known field for a misspelling', () => {
    const [problem] = problemsOf({ ...valid, load: { concurency: 2, duration: '1s' } });
    expect(problem).toMatchObject({ field: 'load.concurency', message: 'is not a known field', fix: 'did you mean `concurrency`?' });
  });

  it('lists known fields when nothing is close', () => {
    const [problem] = problemsOf({ ...valid, zzzzzzzz: 1 });
    expect(problem!.field).toBe('zzzzzzzz');
    expect(problem!.fix).toContain('known fields here: name, description, target, agents');
  });

  it('explains a duration without a unit', () => {
    const [problem] = problemsOf({ ...valid, load: { concurrency: 2, duration: '30' } });
    expect(problem).toMatchObject({ field: 'load.duration', fix: 'write a duration with a unit, e.g. 500ms, 30s, 2m or 1m30s' });
  });

  it('explains a wrong enum value', () => {
    const [problem] = problemsOf({ ...valid, mix: { strategy: 'shuffle' } });
    expect(problem!.field).toBe('mix.strategy');
    expect(problem!.message).toContain('must be one of "cartesian", "round-robin", "random", got "shuffle"');
  });

  it('explains a negative rate and a wrong type', () => {
    const problems = problemsOf({ ...valid, load: { rate: -5, duration: 'soon' }, agents: 'a1' });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField['load.rate']!.fix).toContain('above 0');
    expect(byField['load.duration']).toBeDefined();
    expect(byField['agents']!.message).toBe('must be a list');
  });

  it('folds the branches of a union into one message with the fix', () => {
    const problems = problemsOf({ ...valid, inputs: { path: 'x.txt' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'inputs', fix: 'give a list of messages, or { file: data/inputs.txt } with one message per line; .jsonl files work too' });
  });

  it('takes load.warmup as a number of requests or a duration, and says so otherwise', () => {
    expect(validateScenarioDocument({ ...valid, load: { concurrency: 2, duration: '1s', warmup: 10 } }, FILE).ok).toBe(true);
    expect(validateScenarioDocument({ ...valid, load: { concurrency: 2, duration: '1s', warmup: '500ms' } }, FILE).ok).toBe(true);
    for (const warmup of ['soon', 0, 2.5, true]) {
      const problems = problemsOf({ ...valid, load: { concurrency: 2, duration: '1s', warmup } });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'load.warmup', fix: 'give a number of requests, e.g. warmup: 50, or a duration, e.g. warmup: 5s' });
    }
  });

  it('reports a bad target with the fix', () => {
    const [problem] = problemsOf({ ...valid, target: 'ftp://x' });
    expect(problem!.field).toBe('target');
    expect(problem!.fix).toContain('"mock"');
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ name: '', agents: [], inputs: [], load: { rate: 0 } }).length).toBeGreaterThanOrEqual(4);
  });
});

describe('scenario text parsing', () => {
  it('parses YAML and JSON', () => {
    expect(parseScenarioText('name: a\n', 'a.yaml')).toEqual({ ok: true, doc: { name: 'a' } });
    expect(parseScenarioText('{"name":"a"}', 'a.json')).toEqual({ ok: true, doc: { name: 'a' } });
  });

  it('rejects empty, non-mapping and broken files with a line', () => {
    expect(parseScenarioText('  \n', 'a.yaml')).toMatchObject({ ok: false, problems: [{ message: 'is empty' }] });
    expect(parseScenarioText('- a\n- b\n', 'a.yaml')).toMatchObject({ ok: false, problems: [{ message: 'is not a mapping of fields' }] });
    const broken = parseScenarioText('name: a\n  agents: [x\n', 'a.yaml');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]!.field).toMatch(/^line \d+$/);
    expect(parseScenarioText('{"name":', 'a.json')).toMatchObject({ ok: false });
  });

  it('checks the shipped smoke scenario parses and validates', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc: unknown = parse(await readFile('scenarios/smoke.yaml', 'utf8'));
    expect(validateScenarioDocument(doc, 'smoke.yaml').ok).toBe(true);
  });

  it('every shipped scenario bounds its errors with an errorRate threshold', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir('scenarios')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const doc = parse(await readFile(`scenarios/${file}`, 'utf8')) as { thresholds?: string[] };
      expect(doc.thresholds?.some((t) => t.startsWith('errorRate')), file).toBe(true);
    }
  });

  it('no shipped scenario or doc example uses the ambiguous old metric name "violations" in a threshold', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const files = [...(await readdir('scenarios')).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => `scenarios/${f}`), 'README.md', ...(await readdir('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const file of files) {
      // A threshold naming violations, e.g. violations==0 or violations.fields-present<1 (the alias is documented, not used).
      expect(await readFile(file, 'utf8'), file).not.toMatch(/(?<![\w.])violations(\.[\w-]+)?\s*(==|<=|>=|<|>)/);
    }
  });

  it('expect: success | errors, anything else named with its fix', () => {
    expect(validateScenarioDocument({ ...valid, expect: 'errors' }, FILE).ok).toBe(true);
    expect(validateScenarioDocument({ ...valid, expect: 'success' }, FILE).ok).toBe(true);
    expect(problemsOf({ ...valid, expect: 'refusals' })).toEqual([expect.objectContaining({ file: FILE, field: 'expect', fix: expect.stringContaining('errors, for a scenario that tests refusals') })]);
  });
});

describe('helpers', () => {
  it('names fields from JSON pointers', () => {
    expect(fieldName('/load/stages/0/rate')).toBe('load.stages[0].rate');
    expect(fieldName('', 'name')).toBe('name');
  });
  it('finds close names only', () => {
    expect(closestName('concurency', ['concurrency', 'rate'])).toBe('concurrency');
    expect(closestName('banana', ['concurrency', 'rate'])).toBeUndefined();
  });
});

describe('messages that read well', () => {
  it('"must be an integer", with the right article', () => {
    const problems = problemsOf({ ...valid, load: { concurrency: 1.5, duration: '1s' } });
    expect(problems).toEqual([expect.objectContaining({ field: 'load.concurrency', message: 'must be an integer' })]);
    expect(typeName('object')).toBe('an object');
    expect(typeName('array')).toBe('a list');
    expect(typeName('string,number')).toBe('a string or a number');
  });

  it('no fix text in the scenario schema holds parentheses, which the "(fix: ...)" wrapper would nest', () => {
    const fixes: string[] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const [name, child] of Object.entries(node)) {
        if (name === 'fix' && typeof child === 'string') fixes.push(child);
        else walk(child);
      }
    };
    walk(schema);
    expect(fixes.length).toBeGreaterThan(20);
    expect(fixes.filter((fix) => /[()]/.test(fix))).toEqual([]);
  });
});
