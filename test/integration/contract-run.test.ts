import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/commands/io.js';
import { runScenario } from '../../src/commands/run.js';
import { tempDir } from '../helpers/cli.js';

const io: CommandIo = { out: () => undefined, err: () => undefined, isTty: false };

/** Answers every request with the same, schema-valid but incomplete 201: one chatId for all, no agent.status. */
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({
      chatId: 'chat_always_the_same',
      createdAt: new Date().toISOString(),
      status: 'in_progress',
      response: [{ id: 'item_1', role: 'assistant', type: 'message', content: ['Hello'] }],
      agent: { name: 'Grace', agentId: 'agent_a' },
    });
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});

describe('chatload run wires the checker: profile, chatId set, samples per rule', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await tempDir();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const scenario = async (profile: string) => {
    const file = join(dir, `${profile}.yaml`);
    await writeFile(file, `name: drift-${profile}\ntarget: ${url}\nagents: [agent_a]\ninputs: [hello]\nload: { concurrency: 2, requests: 30 }\nprofile: ${profile}\nchecks: { samplesPerRule: 3, clockSkew: 2s }\n`);
    return file;
  };

  it('strict counts fields-present on every exchange and chat-id-unique on all but the first', async () => {
    const { report, exitCode } = await runScenario({ scenario: await scenario('strict'), out: join(dir, 'strict'), env: { SIGMAMIND_API_KEY: 'sk-test-key-1234' } }, io);
    expect(exitCode).toBe(1);
    expect(report.conformance.byRule).toEqual({ 'fields-present': 30, 'chat-id-unique': 29 });
    expect(report.conformance.samples.filter((s) => s.rule === 'fields-present')).toHaveLength(3);
    expect(report.conformance.samples[0]).toMatchObject({ schemaPath: expect.stringMatching(/^#\/properties\//), response: { status: 201 } });
    expect(report.conformance.checks).toMatchObject({ profile: 'strict', skewMs: 2000, chatIds: { tracked: 1 } });
  });

  it('spec finds nothing wrong: the document requires no field', async () => {
    const { report, exitCode } = await runScenario({ scenario: await scenario('spec'), out: join(dir, 'spec'), env: { SIGMAMIND_API_KEY: 'sk-test-key-1234' } }, io);
    expect(report.conformance.byRule).toEqual({});
    expect(exitCode).toBe(0);
  });
});
