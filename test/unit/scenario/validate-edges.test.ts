import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createScenarioAjv, fieldName, problemsFromErrors, scenarioValidator, typeName, validateScenarioDocument } from '../../../src/scenario/validate.js';

/** The scenario schema's problems, word for word, and the helpers that name fields and types. */

const FILE = 's.yaml';
const valid = { name: 'x', agents: ['a1'], inputs: ['hello'], load: { concurrency: 2, duration: '1s' } };
const problemsOf = (doc: unknown) => {
  const result = validateScenarioDocument(doc, FILE);
  return result.ok ? [] : result.problems;
};
/** An Ajv error as the validator reports it (verbose: parentSchema and data included). */
const ajvError = (error: Partial<ErrorObject> & Pick<ErrorObject, 'keyword' | 'instancePath'>): ErrorObject => ({ schemaPath: '#', params: {}, ...error });

describe('schema problems, word for word', () => {
  it('every missing required field: its own fix, or "add" it when the schema has none', () => {
    expect(problemsOf({})).toEqual([
      { file: FILE, field: 'name', message: 'is required', fix: 'give the scenario a short name, e.g. name: smoke' },
      { file: FILE, field: 'agents', message: 'is required', fix: 'list at least one agent id, e.g. agents: [agent_support_01]' },
      { file: FILE, field: 'inputs', message: 'is required', fix: 'give a list of messages, or { file: data/inputs.txt } with one message per line; .jsonl files work too' },
      { file: FILE, field: 'load', message: 'is required', fix: 'add `load`' },
    ]);
  });

  it('a wrong type names the type with its article and the field\'s fix', () => {
    expect(problemsOf({ ...valid, name: 5 })).toEqual([{ file: FILE, field: 'name', message: 'must be a string', fix: 'give the scenario a short name, e.g. name: smoke' }]);
  });

  it('a bound: Ajv\'s words and the fix', () => {
    expect(problemsOf({ ...valid, load: { concurrency: 0, duration: '1s' } })).toEqual([{ file: FILE, field: 'load.concurrency', message: 'must be >= 1', fix: 'use a whole number of virtual users, at least 1' }]);
  });

  it('a pattern: the value quoted', () => {
    expect(problemsOf({ ...valid, load: { concurrency: 2, duration: '30' } })).toEqual([
      { file: FILE, field: 'load.duration', message: '"30" is not valid here', fix: 'write a duration with a unit, e.g. 500ms, 30s, 2m or 1m30s' },
    ]);
  });

  it('a union: one problem with the value, cut to 80 characters, and none from its branches', () => {
    const problems = problemsOf({ ...valid, inputs: { file: `${'x'.repeat(200)}`, extra: 1 } });
    expect(problems).toEqual([
      {
        file: FILE,
        field: 'inputs',
        message: `has the wrong shape (got ${`{"file":"${'x'.repeat(200)}`.slice(0, 80)})`,
        fix: 'give a list of messages, or { file: data/inputs.txt } with one message per line; .jsonl files work too',
      },
    ]);
  });

  it('an unknown field near a known one: did you mean; far from all: the known fields, $schema left out', () => {
    expect(problemsOf({ ...valid, checks: { samplesPerRul: 1 } })).toEqual([{ file: FILE, field: 'checks.samplesPerRul', message: 'is not a known field', fix: 'did you mean `samplesPerRule`?' }]);
    expect(problemsOf({ ...valid, checks: { zzzz: 1 } })).toEqual([
      { file: FILE, field: 'checks.zzzz', message: 'is not a known field', fix: 'remove it; known fields here: bodySizeLimit, clockSkew, samplesPerRule, maxGroups' },
    ]);
    expect(problemsOf({ ...valid, zzzzzzzz: 1 })[0]!.fix).toBe('remove it; known fields here: name, description, target, agents, inputs, variables, mix, load, conversation, timeout, profile, checks, thresholds, expect, mock');
  });

  it('a top-level $schema is allowed', () => {
    expect(validateScenarioDocument({ ...valid, $schema: '../src/scenario/scenario.schema.json' }, FILE).ok).toBe(true);
  });
});

describe('problemsFromErrors', () => {
  it('keeps a union\'s own error and drops errors at or below it, not those of a sibling whose name starts alike', () => {
    const errors = [
      ajvError({ keyword: 'type', instancePath: '/a/1', params: { type: 'string' }, parentSchema: {} }),
      ajvError({ keyword: 'type', instancePath: '/a/1/b', params: { type: 'string' }, parentSchema: {} }),
      ajvError({ keyword: 'type', instancePath: '/a/10', params: { type: 'integer' }, parentSchema: {} }),
      ajvError({ keyword: 'oneOf', instancePath: '/a/1', data: 7, parentSchema: { fix: 'a fix' } }),
      ajvError({ keyword: 'anyOf', instancePath: '/c', data: 'x', parentSchema: {} }),
      ajvError({ keyword: 'enum', instancePath: '/c', params: { allowedValues: ['p', 2] }, data: 'x', parentSchema: {} }),
    ];
    expect(problemsFromErrors(errors, FILE)).toEqual([
      { file: FILE, field: 'a[10]', message: 'must be an integer' },
      { file: FILE, field: 'a[1]', message: 'has the wrong shape (got 7)', fix: 'a fix' },
      { file: FILE, field: 'c', message: 'has the wrong shape (got "x")' },
    ]);
  });

  it('says a problem once when Ajv reports it twice', () => {
    const error = ajvError({ keyword: 'type', instancePath: '/name', params: { type: 'string' }, parentSchema: {} });
    expect(problemsFromErrors([error, { ...error }], FILE)).toEqual([{ file: FILE, field: 'name', message: 'must be a string' }]);
  });

  it('keeps two problems of one field with different messages', () => {
    const errors = [
      ajvError({ keyword: 'minimum', instancePath: '/n', message: 'must be >= 1', parentSchema: {} }),
      ajvError({ keyword: 'multipleOf', instancePath: '/n', message: 'must be multiple of 2', parentSchema: {} }),
    ];
    expect(problemsFromErrors(errors, FILE).map((p) => p.message)).toEqual(['must be >= 1', 'must be multiple of 2']);
  });

  it('without a parent schema or a message: no fix, "is not valid", the top level named', () => {
    expect(problemsFromErrors([ajvError({ keyword: 'const', instancePath: '' })], FILE)).toEqual([{ file: FILE, field: '(top level)', message: 'is not valid' }]);
  });

  it('required and unknown fields where the schema lists no properties', () => {
    expect(
      problemsFromErrors(
        [
          ajvError({ keyword: 'required', instancePath: '/x', params: { missingProperty: 'y' }, parentSchema: {} }),
          ajvError({ keyword: 'additionalProperties', instancePath: '/x', params: { additionalProperty: 'z' }, parentSchema: {} }),
        ],
        FILE,
      ),
    ).toEqual([
      { file: FILE, field: 'x.y', message: 'is required', fix: 'add `y`' },
      { file: FILE, field: 'x.z', message: 'is not a known field', fix: 'remove it; known fields here: ' },
    ]);
  });

  it('an enum lists every allowed value and the value given, as JSON', () => {
    const error = ajvError({ keyword: 'enum', instancePath: '/p', params: { allowedValues: ['strict', 1, null] }, data: 'lax', parentSchema: { fix: 'pick one' } });
    expect(problemsFromErrors([error], FILE)).toEqual([{ file: FILE, field: 'p', message: 'must be one of "strict", 1, null, got "lax"', fix: 'pick one' }]);
  });
});

describe('fieldName and typeName', () => {
  it('fieldName: dots between names, brackets around indexes, ~1 and ~0 decoded everywhere', () => {
    expect(fieldName('/a~1b~1c/d~0e~0f')).toBe('a/b/c.d~e~f');
    expect(fieldName('/x/12/1a/a1')).toBe('x[12].1a.a1');
    expect(fieldName('/0/y')).toBe('[0].y');
    expect(fieldName('/x', '3')).toBe('x[3]');
    expect(fieldName('/x', 'y')).toBe('x.y');
    expect(fieldName('')).toBe('');
  });

  it('typeName: "a" or "an" by the first letter, list and null by name, several joined by "or"', () => {
    expect(typeName('string')).toBe('a string');
    expect(typeName('boolean')).toBe('a boolean');
    expect(typeName('integer')).toBe('an integer');
    expect(typeName('null')).toBe('null');
    expect(typeName('array,null')).toBe('a list or null');
    expect(typeName('number,string,object')).toBe('a number or a string or an object');
  });
});

describe('the validators', () => {
  it('each one is made once and kept', () => {
    expect(scenarioValidator('scenario')).toBe(scenarioValidator('scenario'));
    expect(scenarioValidator('mockSection')).toBe(scenarioValidator('mockSection'));
    expect(scenarioValidator('mockSection')).not.toBe(scenarioValidator('scenario'));
  });

  it('the mock section validator checks a mock section alone', () => {
    const validate = scenarioValidator('mockSection');
    expect(validate({ latency: '5ms' })).toBe(true);
    expect(validate({ bogus: 1 })).toBe(false);
  });

  it('createScenarioAjv passes code options on (the build writes standalone validators with them)', () => {
    expect(createScenarioAjv({ source: true }).opts.code.source).toBe(true);
    expect(createScenarioAjv().opts.code.source).not.toBe(true);
  });

  it('reports all errors and knows the fix keyword', () => {
    const ajv = createScenarioAjv();
    expect(ajv.opts.allErrors).toBe(true);
    expect(ajv.getKeyword('fix')).toBeTruthy();
  });
});

describe('a union error', () => {
  it('without the value says "got undefined"', () => {
    expect(problemsFromErrors([{ keyword: 'oneOf', instancePath: '/x', schemaPath: '#', params: {} }], 's.yaml')).toEqual([
      { file: 's.yaml', field: 'x', message: 'has the wrong shape (got undefined)' },
    ]);
  });
});
