import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTarget } from '../../src/client/probe.js';
import { dryRunScenario } from '../../src/commands/dry-run.js';
import { runScenario } from '../../src/commands/run.js';
import { loadScenario, readScenario } from '../../src/scenario/load.js';
import { parseVariablesCsv } from '../../src/scenario/data.js';
import { ExitCode } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { bufferIo, startFaultServer, TEST_KEY, writeScenario, type FaultServer } from '../helpers/fault-server.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Ctrl-C before the engine starts', () => {
  it('loading, planning, checking the target: the run stops there, sends nothing, writes nothing, exit 130', async () => {
    server = await startFaultServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 2, duration: 5s }');
    const controller = new AbortController();
    // Ctrl-C while the scenario and its data are still being read.
    const run = runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, signal: controller.signal }, bufferIo());
    controller.abort();
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.interrupted, message: 'interrupted before any request was sent' });
    // Only the connectivity probe would have connected; it is not reached either.
    expect(server.connections).toBe(0);
    await expect(access(join(dir, 'out', 'report.json'))).rejects.toThrow();
  });
});

describe('Ctrl-C while --workers start', () => {
  it('ends the workers still loading at once: nothing sent, nothing written, exit 130', async () => {
    server = await startFaultServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, '{ concurrency: 4, duration: 20s }');
    const controller = new AbortController();
    // The connectivity probe's connection comes just before the workers start; they take a second or more to load.
    const watch = setInterval(() => {
      if (server!.connections === 0) return;
      clearInterval(watch);
      setTimeout(() => controller.abort(), 50);
    }, 5);
    const started = performance.now();
    const run = runScenario({ scenario, out: join(dir, 'out'), env: { SIGMAMIND_API_KEY: TEST_KEY }, workers: 4, signal: controller.signal }, bufferIo());
    await expect(run).rejects.toMatchObject({ exitCode: ExitCode.interrupted, message: 'interrupted before any request was sent' });
    clearInterval(watch);
    expect(server.requests).toBe(0);
    await expect(access(join(dir, 'out', 'report.json'))).rejects.toThrow();
    // Not held until the 20 s schedule, nor until every worker has loaded.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('Ctrl-C while the connectivity probe retries', () => {
  it('ends the probe at once, without waiting out its retries', async () => {
    // A loopback port nobody listens on: refused, then a retry after 5 s.
    const closed = await startFaultServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await expect(probeTarget(url, { retryDelayMs: 5000, signal: controller.signal })).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('Ctrl-C while a large data file loads', () => {
  it('a dry run or a run stops within moments of the signal, prints no plan and sends nothing (exit 130)', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 120_000 }, (_, i) => `Customer ${i},plan${i % 7},"region, ${i % 13}"`);
    await writeFile(join(dir, 'customers.csv'), `customer_name,plan,region\n${rows.join('\n')}\n`);
    const scenario = join(dir, 'big.yaml');
    await writeFile(scenario, 'name: big\ntarget: mock\nagents: [agent_support_01]\ninputs: [hello]\nvariables: { file: customers.csv }\nload: { concurrency: 1, requests: 3 }\n');
    // The reference: how long reading the whole file takes on this machine, now.
    let started = performance.now();
    expect((await loadScenario(scenario)).variables).toHaveLength(120_000);
    const wholeLoadMs = performance.now() - started;

    for (const command of [dryRunScenario, runScenario]) {
      const controller = new AbortController();
      const io = bufferIo();
      const delayMs = wholeLoadMs / 10;
      setTimeout(() => controller.abort(), delayMs);
      started = performance.now();
      await expect(command({ scenario, out: join(dir, 'out'), env: {}, signal: controller.signal }, io)).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
      expect(io.stdout).toBe('');
      // Stopped at the next slice, not after the whole file: well within half the time a whole load
      // takes, counted from when the signal was due (a blocked event loop would only deliver it late).
      expect(performance.now() - (started + delayMs)).toBeLessThan(wholeLoadMs / 2);
    }
    await expect(access(join(dir, 'out', 'report.json'))).rejects.toThrow();
  });

  it('read in slices, a large CSV gives the rows and the line of a ragged row exactly as one parse does', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 12_000 }, (_, i) => (i === 10_000 ? 'ragged row' : `"Customer\n${i}",plan${i % 7},"é, ${i}"`));
    const text = `\uFEFFcustomer_name,plan,region\r\n${rows.join('\r\n')}\r\n`;
    await writeFile(join(dir, 'v.csv'), text);
    await writeFile(join(dir, 's.yaml'), 'name: s\nagents: [a]\ninputs: [hi]\nvariables: { file: v.csv }\nload: { concurrency: 1, requests: 1 }\n');
    const read = await readScenario(join(dir, 's.yaml'));
    const once = parseVariablesCsv(text, join(dir, 'v.csv'));
    expect(once.ok).toBe(false);
    expect(read.ok ? [] : read.problems).toEqual(once.ok ? [] : once.problems);
    await writeFile(join(dir, 'v.csv'), text.replace('ragged row', '"Customer\n10000",plan1,"é, 10000"'));
    const whole = await loadScenario(join(dir, 's.yaml'));
    expect(whole.variables).toEqual((parseVariablesCsv(text.replace('ragged row', '"Customer\n10000",plan1,"é, 10000"'), 'v.csv') as { value: unknown[] }).value);
    expect(whole.variables).toHaveLength(12_000);
  });
});
