import { describe, expect, it } from 'vitest';
import { parseInputs, parseVariablesCsv, parseVariablesJson } from '../../../src/scenario/data.js';

describe('inputs files', () => {
  it('reads one message per line, skipping blanks', () => {
    expect(parseInputs('a\n\nb\r\nc\n', 'in.txt')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
  });
  it('reads JSONL strings and {input} objects', () => {
    expect(parseInputs('"a"\n{"input":"b"}\n', 'in.jsonl')).toEqual({ ok: true, value: ['a', 'b'] });
  });
  it('names the bad JSONL line', () => {
    const result = parseInputs('"a"\n{oops\n42\n', 'in.jsonl');
    expect(result).toMatchObject({ ok: false, problems: [{ file: 'in.jsonl', field: 'line 2' }, { field: 'line 3' }] });
  });
  it('rejects a file with no inputs', () => {
    expect(parseInputs('\n\n', 'in.txt')).toMatchObject({ ok: false, problems: [{ message: 'has no inputs' }] });
  });
});

describe('variables files', () => {
  it('reads CSV with a header into objects of strings', () => {
    expect(parseVariablesCsv('name,order\nAnn,1\n"Bo, Jr",2\n', 'v.csv')).toEqual({ ok: true, value: [{ name: 'Ann', order: '1' }, { name: 'Bo, Jr', order: '2' }] });
  });
  it('names the ragged row and says how to fix it', () => {
    const result = parseVariablesCsv('name,order\nAnn,1\nBo\n', 'v.csv');
    expect(result).toMatchObject({ ok: false, problems: [{ file: 'v.csv', field: 'line 3', message: 'has a different number of cells than the header row' }] });
  });
  it('rejects a header without rows', () => {
    expect(parseVariablesCsv('name,order\n', 'v.csv')).toMatchObject({ ok: false, problems: [{ message: 'has a header but no rows' }] });
  });
  it('reads JSON arrays and JSONL objects', () => {
    expect(parseVariablesJson('[{"a":1}]', 'v.json')).toEqual({ ok: true, value: [{ a: 1 }] });
    expect(parseVariablesJson('{"a":1}\n{"a":2}\n', 'v.jsonl')).toEqual({ ok: true, value: [{ a: 1 }, { a: 2 }] });
    expect(parseVariablesJson('{"a":1}', 'v.json')).toMatchObject({ ok: false });
    expect(parseVariablesJson('[1]\n', 'v.jsonl')).toMatchObject({ ok: false, problems: [{ field: 'line 1' }] });
  });
});
