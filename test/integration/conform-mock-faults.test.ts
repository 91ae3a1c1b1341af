import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import type { CommandIo } from '../../src/commands/io.js';
import { tempDir } from '../helpers/cli.js';

const quietIo = (): CommandIo & { text: () => string } => {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTty: false, text: () => text };
};

async function scenario(dir: string, mock: string): Promise<string> {
  const file = join(dir, 'conform.yaml');
  await writeFile(file, `name: conform-faults\nagents: [agent_support_01]\ninputs: ["Where is my order?"]\nload: { concurrency: 1, requests: 1 }\ntimeout: 3s\nmock: ${mock}\n`);
  return file;
}

describe('chatload conform against the embedded mock with a fault switched on', () => {
  it('schema drift on every 201: the accepting cases fail naming the broken field; the rejecting ones still pass', async () => {
    const dir = await tempDir();
    const io = quietIo();
    const result = await runConform({ scenario: await scenario(dir, '{ faults: { schemaDrift: { wrongType: 1 } }, seed: 3 }'), out: dir, env: {} }, io);
    const results = result.report.conform!.results;
    const accepting = results.filter((r) => r.expected.startsWith('201'));
    const rejecting = results.filter((r) => !r.expected.startsWith('201'));
    expect(accepting.length).toBeGreaterThan(3);
    expect(rejecting.length).toBeGreaterThan(20);
    for (const r of accepting) {
      expect(r.ok, r.id).toBe(false);
      expect(r.failures.join('\n')).toMatch(/body-schema: 201 body does not match its schema: \/\S+ must be/);
    }
    // A two-turn conversation whose first turn drifted may also lose its chatId; every other rejecting case holds.
    expect(rejecting.filter((r) => !r.ok && !r.id.includes('conversation')).map((r) => r.id)).toEqual([]);
    expect(result.exitCode).toBe(1);
    expect(io.text()).toMatch(/FAIL {2}valid\/agent_support_01/);
  });

  it('without the fault every case passes', async () => {
    const dir = await tempDir();
    const result = await runConform({ scenario: await scenario(dir, '{ seed: 3 }'), out: dir, env: {} }, quietIo());
    expect(result.report.conform!.failed).toBe(0);
    expect(result.exitCode).toBe(0);
  });
});

describe('chatload conform: keys, variables and remote targets', () => {
  it('uses the key and the variables the scenario gives the mock, as run does', async () => {
    const dir = await tempDir();
    const file = join(dir, 'vars.yaml');
    await writeFile(
      file,
      'name: conform-vars\nagents: [agent_support_01]\ninputs: ["Where is my order?"]\nvariables: [{ customer_name: Ann }]\nload: { concurrency: 1, requests: 1 }\n' +
        'mock: { apiKeys: [sk-test-alpha], agents: [{ id: agent_support_01, name: Grace, status: Live, reply: "Hi {{customer_name}}", requiredVariables: [customer_name] }] }\n',
    );
    const result = await runConform({ scenario: file, out: dir, env: {} }, quietIo());
    expect(result.report.conform!.results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.failures.join('; ')}`)).toEqual([]);
  });

  it('refuses a non-loopback target without --yes when nobody can be asked, before sending anything', async () => {
    const dir = await tempDir();
    await expect(runConform({ scenario: await scenario(dir, '{ seed: 1 }'), target: 'https://api.example.invalid', out: dir, env: { SIGMAMIND_API_KEY: 'sk-test-remote-0001' } }, quietIo())).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--yes'),
    });
  });
});
