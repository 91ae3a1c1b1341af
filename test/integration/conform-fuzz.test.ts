import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import type { CommandIo } from '../../src/commands/io.js';
import { errorBody } from '../../src/mock/create-chat.js';
import { checkReportShape } from '../../src/report/check-report.js';
import type { RunReport } from '../../src/run-report.js';
import { startBuggyServer, type BuggyServer } from '../helpers/buggy-server.js';
import { tempDir } from '../helpers/cli.js';

/** `conform --fuzz`: generated bodies, a planted bug found and shrunk, the seed replaying the run. */

const KEY = 'sk-conform-fuzz-5e0b1d';
const AGENTS = ['agent_support_01', 'agent_billing_02'];

function bufferIo(): CommandIo & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTty: false, text: () => text };
}

let dir: string;
let scenario: string;
const servers: BuggyServer[] = [];

beforeAll(async () => {
  dir = await tempDir();
  scenario = join(dir, 'fuzz.yaml');
  await writeFile(scenario, `name: conform-fuzz\nagents: [${AGENTS.join(', ')}]\ninputs: ["Where is my order?"]\nvariables: [{ customer_name: Ann }]\nload: { concurrency: 1, requests: 1 }\ntimeout: 5s\n`);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that is the embedded mock except that it crashes (500) on any input holding a tab. */
async function tabServer(): Promise<BuggyServer> {
  const server = await startBuggyServer(AGENTS, KEY, (request) => {
    const input = (request.json as { input?: unknown } | null | undefined)?.input;
    return typeof input === 'string' && input.includes('\t') ? errorBody(500, 'Unexpected server error', '/v1/chats') : undefined;
  });
  servers.push(server);
  return server;
}

const fuzzResultOf = (report: RunReport) => report.conform!.results.find((r) => r.group === 'fuzz')!;

describe('chatload conform --fuzz', () => {
  it('finds a planted bug (500 on a tab in input) within 200 bodies and reports it shrunk to a body of a few characters', async () => {
    const server = await tabServer();
    const io = bufferIo();
    const result = await runConform({ scenario, target: server.url, out: join(dir, 'tab'), env: { SIGMAMIND_API_KEY: KEY }, fuzz: 200, fuzzSeed: 20240611 }, io);
    expect(result.exitCode).toBe(1);
    const fuzz = result.report.conform!.fuzz!;
    expect(fuzz).toMatchObject({ runs: 200, seed: 20240611 });
    expect(fuzz.failure!.run).toBeLessThanOrEqual(200);
    expect(fuzz.requests).toBeLessThanOrEqual(200 + 300);
    const found = fuzzResultOf(result.report);
    expect(found.ok).toBe(false);
    expect(found.actual).toBe('500');
    const sent = found.steps![0]!.sent.body;
    // The smallest failing body: the required fields (and the scenario's variables), its input a tab and little else.
    const input = /"input": "((?:[^"\\]|\\.)*)"/.exec(sent)![1]!;
    expect(JSON.parse(`"${input}"`)).toContain('\t');
    expect(JSON.parse(`"${input}"`).length).toBeLessThanOrEqual(3);
    expect(found.failures).toContain('replay with --fuzz 200 --fuzz-seed 20240611');
    // The seed is printed before fuzzing starts and in the summary, and stored in report.json.
    expect(io.text()).toContain('fuzzing 200 bodies with seed 20240611');
    expect(io.text()).toMatch(/fuzz: 200 bodies .* seed 20240611: failed at body \d+ of 200, shrunk \d+ times/);
    const written = JSON.parse(await readFile(join(dir, 'tab', 'report.json'), 'utf8')) as RunReport;
    expect(written.conform!.fuzz!.seed).toBe(20240611);
    expect(checkReportShape(written, 'report.json')).toEqual([]);
    // Only the fixed case that holds a tab in its input fails besides: the bug is real.
    expect(result.report.conform!.results.filter((r) => !r.ok).map((r) => r.id).sort()).toEqual(['fuzz/property', 'text/input/whitespace']);
  });

  it('the same seed replays the run: the same bodies, the same shrunk counterexample', async () => {
    const server = await tabServer();
    const runs = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const result = await runConform({ scenario, target: server.url, out: join(dir, `replay-${name}`), env: { SIGMAMIND_API_KEY: KEY }, fuzz: 120, fuzzSeed: 77 }, bufferIo());
        return result.report.conform!;
      }),
    );
    expect(runs[0]!.fuzz).toEqual(runs[1]!.fuzz);
    expect(runs[0]!.fuzz!.failure).toBeDefined();
    const [a, b] = runs.map((c) => fuzzResultOf({ conform: c } as RunReport));
    expect(a!.title).toBe(b!.title);
    expect(a!.steps!.map((s) => s.sent)).toEqual(b!.steps!.map((s) => s.sent));
  });

  it('against the embedded mock every generated body, valid or not, gets the answer the schema gives it', async () => {
    const io = bufferIo();
    const result = await runConform({ scenario, out: join(dir, 'mock'), env: {}, fuzz: 150, fuzzSeed: 5 }, io);
    const fuzz = result.report.conform!.fuzz!;
    expect(fuzzResultOf(result.report)).toMatchObject({ ok: true, id: 'fuzz/property' });
    expect(fuzz).toMatchObject({ runs: 150, generated: 150, requests: 150 });
    // Valid and invalid variants both: the invalid ones expected 400.
    expect(fuzz.invalid).toBeGreaterThan(20);
    expect(fuzz.invalid).toBeLessThan(130);
    expect(result.exitCode).toBe(0);
  });

  it('refuses a bad --fuzz, --fuzz-seed or --body-limit before sending anything, naming the flag and the fix', async () => {
    for (const [options, flag] of [[{ fuzz: -1 }, '--fuzz'], [{ fuzz: 2.5 }, '--fuzz'], [{ fuzz: 10, fuzzSeed: 1.5 }, '--fuzz-seed'], [{ fuzzSeed: 3 }, '--fuzz-seed needs --fuzz'], [{ bodyLimit: 'lots' }, '--body-limit']] as const) {
      await expect(runConform({ scenario, out: join(dir, 'bad'), env: {}, ...options }, bufferIo())).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(flag) });
    }
  });
});
