import { describe, expect, it } from 'vitest';
import { inputsSteps, parseInputs, parseVariablesCsv, parseVariablesJson, variablesJsonSteps } from '../../../src/scenario/data.js';

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

describe('parsing in steps (so a large file can yield to the event loop)', () => {
  const stepsOf = <T>(steps: Generator<void, T, void>): { steps: number; value: T } => {
    let count = 0;
    for (;;) {
      const next = steps.next();
      if (next.done) return { steps: count, value: next.value };
      count++;
    }
  };

  it('yields every 20,000 lines and ends with what a parse in one piece gives', () => {
    const text = Array.from({ length: 50_001 }, (_, i) => (i % 3 === 0 ? '' : `line ${i}\r`)).join('\n');
    const { steps, value } = stepsOf(inputsSteps(text, 'in.txt'));
    expect(steps).toBe(2);
    expect(value).toEqual(parseInputs(text, 'in.txt'));
    expect((value as { value: string[] }).value[0]).toBe('line 1');
  });

  it('keeps line numbers and a trailing carriage return as before', () => {
    expect(parseInputs('a\r\nb\r', 'in.txt')).toEqual({ ok: true, value: ['a', 'b\r'] });
    const jsonl = `${Array.from({ length: 20_005 }, () => '{"a":1}').join('\n')}\n[1]\n`;
    const { steps, value } = stepsOf(variablesJsonSteps(jsonl, 'v.jsonl'));
    expect(steps).toBe(1);
    expect(value).toMatchObject({ ok: false, problems: [{ field: 'line 20006' }] });
  });
});
