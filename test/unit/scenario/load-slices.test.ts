import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterruptedError } from '../../../src/errors.js';
import { loadScenario, readScenario } from '../../../src/scenario/load.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * How the loader feeds a large data file to its parser: a CSV in slices cut after a line feed, a
 * text or JSONL file in steps, and an interrupt heard between two of them. The parsers are the
 * real ones, watched: csv-parse's stream Parser records what it is given, the steps are counted.
 */

const hooks: { onWrite?: (chunk: string) => void; onEnd?: () => void; onStep?: () => void } = {};

vi.mock('csv-parse', async (importOriginal) => {
  const real = await importOriginal<typeof import('csv-parse')>();
  class Parser extends real.Parser {
    // Chunks are strings here (the loader writes text slices).
    override write(chunk: unknown, ...rest: never[]): boolean {
      hooks.onWrite?.(chunk as string);
      return super.write(chunk, ...rest);
    }
    override end(...args: never[]): this {
      hooks.onEnd?.();
      return super.end(...args);
    }
  }
  return { ...real, Parser };
});

vi.mock('../../../src/scenario/data.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/scenario/data.js')>();
  function* inputsSteps(text: string, file: string): ReturnType<typeof real.inputsSteps> {
    const inner = real.inputsSteps(text, file);
    for (;;) {
      const next = inner.next();
      if (next.done) return next.value;
      hooks.onStep?.();
      yield;
    }
  }
  return { ...real, inputsSteps };
});

const SLICE = 64 * 1024;
const HEAD = 'name: t\ntarget: mock\nagents: [a1]\nload: { concurrency: 1, requests: 1 }\n';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await tempDir('chatload-slices-');
});
beforeEach(() => {
  delete hooks.onWrite;
  delete hooks.onEnd;
  delete hooks.onStep;
});

async function scenarioWith(data: Record<string, string>, fields: string): Promise<string> {
  const at = join(dir, `case-${n++}`);
  await mkdir(at, { recursive: true });
  for (const [name, text] of Object.entries(data)) await writeFile(join(at, name), text);
  await writeFile(join(at, 's.yaml'), `${HEAD}${fields}`);
  return join(at, 's.yaml');
}

/** A CSV of `rows` rows of about 40 characters: some 200 KiB for 5,000. */
const bigCsv = (rows: number) => `name,note\n${Array.from({ length: rows }, (_, i) => `Customer ${i},${'x'.repeat(24)}`).join('\n')}\n`;

describe('a large variables CSV', () => {
  it('goes to the parser in slices of just over 64 KiB, each ending after a line feed, together the whole text', async () => {
    const text = bigCsv(5000);
    const slices: string[] = [];
    hooks.onWrite = (chunk) => slices.push(chunk);
    const scenario = await loadScenario(await scenarioWith({ 'v.csv': text }, 'inputs: [hi]\nvariables: { file: v.csv }\n'));
    expect(scenario.variables).toHaveLength(5000);
    expect(slices.join('')).toBe(text);
    expect(slices.length).toBe(Math.ceil(text.length / SLICE));
    for (const slice of slices.slice(0, -1)) {
      expect(slice.endsWith('\n')).toBe(true);
      expect(slice.length).toBeGreaterThan(SLICE);
      expect(slice.length).toBeLessThanOrEqual(SLICE + 40);
    }
  });

  it('a CSV smaller than one slice goes in one piece', async () => {
    const slices: string[] = [];
    hooks.onWrite = (chunk) => slices.push(chunk);
    await loadScenario(await scenarioWith({ 'v.csv': 'name\nAnn\nBo\n' }, 'inputs: [hi]\nvariables: { file: v.csv }\n'));
    expect(slices).toEqual(['name\nAnn\nBo\n']);
  });

  it('stops feeding the parser at its first error', async () => {
    const text = bigCsv(5000).replace('Customer 10,', 'Customer 10,,');
    const slices: string[] = [];
    hooks.onWrite = (chunk) => slices.push(chunk);
    const result = await readScenario(await scenarioWith({ 'v.csv': text }, 'inputs: [hi]\nvariables: { file: v.csv }\n'));
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'line 12', message: 'has a different number of cells than the header row' }] });
    expect(result.ok === false && result.problems).toHaveLength(1);
    expect(slices).toHaveLength(1);
  });

  it('an interrupt during a slice stops the parse before the next slice', async () => {
    const controller = new AbortController();
    let writes = 0;
    hooks.onWrite = () => {
      writes++;
      controller.abort();
    };
    const file = await scenarioWith({ 'v.csv': bigCsv(5000) }, 'inputs: [hi]\nvariables: { file: v.csv }\n');
    await expect(readScenario(file, { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(writes).toBe(1);
  });

  it('an interrupt as the last data file finishes still stops the load', async () => {
    const controller = new AbortController();
    hooks.onEnd = () => controller.abort();
    const file = await scenarioWith({ 'v.csv': 'name\nAnn\n' }, 'inputs: [hi]\nvariables: { file: v.csv }\n');
    await expect(readScenario(file, { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('a large inputs file', () => {
  const lines = Array.from({ length: 50_001 }, (_, i) => `question ${i}`).join('\n');

  it('is parsed to the end through all its steps', async () => {
    let steps = 0;
    hooks.onStep = () => steps++;
    const scenario = await loadScenario(await scenarioWith({ 'in.txt': lines }, 'inputs: { file: in.txt }\n'));
    expect(steps).toBe(2);
    expect(scenario.inputs).toHaveLength(50_001);
  });

  it('an interrupt during a step stops the parse before the next step', async () => {
    const controller = new AbortController();
    let steps = 0;
    hooks.onStep = () => {
      steps++;
      controller.abort();
    };
    const file = await scenarioWith({ 'in.txt': lines }, 'inputs: { file: in.txt }\n');
    await expect(readScenario(file, { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(steps).toBe(1);
  });
});
