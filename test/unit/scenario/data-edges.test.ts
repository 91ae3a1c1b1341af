import { CsvError } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvProblem, csvRows, parseInputs, parseVariablesCsv, parseVariablesJson, runSteps, variablesJsonSteps } from '../../../src/scenario/data.js';
import { NESTING_FIX, NESTING_MESSAGE } from '../../../src/scenario/nesting.js';

/** The data-file parsers' exact answers at their edges: each problem's line, message and fix. */

const NEITHER = { message: 'is neither a JSON string nor an object with a string "input"', fix: 'write "text" or {"input": "text"} on each line' };
const deepJson = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('inputs files', () => {
  it('plain text keeps each line as written, spaces included, and skips lines of spaces only', () => {
    expect(parseInputs('  a b  \n   \n\t\nc', 'in.txt')).toEqual({ ok: true, value: ['  a b  ', 'c'] });
  });

  it('a line of a carriage return alone is blank', () => {
    expect(parseInputs('a\n\r\nb\n', 'in.txt')).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('JSONL by extension whatever its case: strings and {input} objects, blank lines skipped', () => {
    expect(parseInputs('"a"\n  \n{"input": "b", "x": 1}\n', 'in.JSONL')).toEqual({ ok: true, value: ['a', 'b'] });
    // The same text as plain lines: kept as written.
    expect(parseInputs('"a"\n', 'in.json')).toEqual({ ok: true, value: ['"a"'] });
  });

  it('JSONL: null, numbers, lists and objects without a string input are named with the fix', () => {
    const result = parseInputs('null\n3\n["a"]\n{"input": 3}\n{"text": "a"}\n', 'in.jsonl');
    expect(result).toEqual({
      ok: false,
      problems: [1, 2, 3, 4, 5].map((line) => ({ file: 'in.jsonl', field: `line ${line}`, ...NEITHER })),
    });
  });

  it('JSONL: a line that is not JSON quotes the parser and says one value per line', () => {
    expect(parseInputs('"a"\n{oops\n', 'in.jsonl')).toEqual({
      ok: false,
      problems: [{ file: 'in.jsonl', field: 'line 2', message: "is not valid JSON (Expected property name or '}' in JSON at position 1)", fix: 'write one JSON value per line' }],
    });
  });

  it('no inputs at all: the whole file, with the fix', () => {
    expect(parseInputs('\n  \n', 'in.txt')).toEqual({ ok: false, problems: [{ file: 'in.txt', field: '', message: 'has no inputs', fix: 'write at least one message, one per line' }] });
    expect(parseInputs('', 'in.jsonl')).toEqual({ ok: false, problems: [{ file: 'in.jsonl', field: '', message: 'has no inputs', fix: 'write at least one message, one per line' }] });
  });
});

describe('variables CSV', () => {
  it('skips a byte-order mark and blank lines, and trims cells and header names', () => {
    expect(parseVariablesCsv('\ufeff name , plan \n\n Ann , gold \n\n', 'v.csv')).toEqual({ ok: true, value: [{ name: 'Ann', plan: 'gold' }] });
  });

  it('a row with more cells than the header: its line and the fix', () => {
    expect(parseVariablesCsv('a,b\n1,2\n1,2,3\n', 'v.csv')).toEqual({
      ok: false,
      problems: [{ file: 'v.csv', field: 'line 3', message: 'has a different number of cells than the header row', fix: 'give every row exactly one cell per header column, and quote cells that contain commas' }],
    });
  });

  it('a quoting error: csv-parse\'s message, its line and the quoting fix', () => {
    expect(parseVariablesCsv('a,b\n1,2\n"x"y,1\n', 'v.csv')).toEqual({
      ok: false,
      problems: [
        {
          file: 'v.csv',
          field: 'line 3',
          message: 'Invalid Closing Quote: got "y" at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment',
          fix: 'check the CSV quoting and the header row',
        },
      ],
    });
  });

  it('an empty file or a header alone has no rows', () => {
    for (const text of ['', 'name,plan\n']) {
      expect(parseVariablesCsv(text, 'v.csv')).toEqual({ ok: false, problems: [{ file: 'v.csv', field: '', message: 'has a header but no rows', fix: 'add one row per variable set under the header' }] });
    }
    expect(csvRows([{ a: '1' }], 'v.csv')).toEqual({ ok: true, value: [{ a: '1' }] });
  });

  it('a CSV error without a line names no line; any other error gives its message and no fix', () => {
    expect(csvProblem(new CsvError('CSV_INVALID_ARGUMENT', 'bad option', {} as ConstructorParameters<typeof CsvError>[2]), 'v.csv')).toEqual({ ok: false, problems: [{ file: 'v.csv', field: '', message: 'bad option', fix: 'check the CSV quoting and the header row' }] });
    expect(csvProblem(new Error('boom'), 'v.csv')).toEqual({ ok: false, problems: [{ file: 'v.csv', field: '', message: 'boom' }] });
  });
});

describe('variables JSON and JSONL', () => {
  it('a JSON array of objects, an empty one included', () => {
    expect(parseVariablesJson('[{"a": 1}, {"b": {"c": [1]}}]', 'v.json')).toEqual({ ok: true, value: [{ a: 1 }, { b: { c: [1] } }] });
    expect(parseVariablesJson('[]', 'v.json')).toEqual({ ok: true, value: [] });
  });

  it('a JSON array holding anything but objects, or no array: the shape fix', () => {
    const shape = { ok: false, problems: [{ file: 'v.json', field: '', message: 'is not a JSON array of objects', fix: 'write [{"customer_name": "Ann"}, ...]' }] };
    for (const text of ['[{"a": 1}, null]', '[{"a": 1}, [1]]', '[{"a": 1}, "x"]', '{"a": 1}', 'null']) expect(parseVariablesJson(text, 'v.json'), text).toEqual(shape);
  });

  it('JSON that does not parse: the parser message, no fix', () => {
    expect(parseVariablesJson('{x', 'v.json')).toEqual({ ok: false, problems: [{ file: 'v.json', field: '', message: "is not valid JSON (Expected property name or '}' in JSON at position 1)" }] });
  });

  it('JSON nested too deeply: the nesting message, whole file', () => {
    expect(parseVariablesJson(`[{"a": ${deepJson(70)}}]`, 'v.json')).toEqual({ ok: false, problems: [{ file: 'v.json', field: '', message: NESTING_MESSAGE, fix: NESTING_FIX }] });
  });

  it('JSONL by extension whatever its case: one object a line, blank lines skipped, every bad line named', () => {
    expect(parseVariablesJson('{"a": 1}\n  \n\n{"a": 2}', 'v.JsonL')).toEqual({ ok: true, value: [{ a: 1 }, { a: 2 }] });
    const object = (line: number) => ({ file: 'v.jsonl', field: `line ${line}`, message: 'is not a JSON object', fix: 'write one {"name": "value"} object per line' });
    expect(parseVariablesJson(`{"a": 1}\nnull\n[1]\n"x"\n{x\n{"a": ${deepJson(70)}}\n`, 'v.jsonl')).toEqual({
      ok: false,
      problems: [
        object(2),
        object(3),
        object(4),
        { file: 'v.jsonl', field: 'line 5', message: "is not valid JSON (Expected property name or '}' in JSON at position 1)", fix: 'write one JSON object per line' },
        { file: 'v.jsonl', field: 'line 6', message: NESTING_MESSAGE, fix: NESTING_FIX },
      ],
    });
  });

  it('an empty JSONL file is no problem here (no variable sets)', () => {
    expect(parseVariablesJson('', 'v.jsonl')).toEqual({ ok: true, value: [] });
  });

  it('runSteps gives what the steps end with', () => {
    expect(runSteps(variablesJsonSteps('[{"a": 1}]', 'v.json'))).toEqual({ ok: true, value: [{ a: 1 }] });
  });
});
