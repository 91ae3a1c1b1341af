import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const SUMMARY_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}\d+ req\/s {2}total \d+ /;

/** Starts `chatload mock` on port 0, sends `requests` requests, waits, then sends `signal`. */
async function runAndStop(signal: NodeJS.Signals, requests: number, configText: string) {
  const dir = await tempDir();
  const config = join(dir, 'mock.yaml');
  await writeFile(config, configText);
  let started = false;
  return runCli(['mock', '--port', '0', '--config', config], {
    timeoutMs: 20_000,
    onStdout: (chunk, child) => {
      const url = /listening on (http:\/\/\S+)/.exec(chunk)?.[1];
      if (!url || started) return;
      started = true;
      void (async () => {
        for (let i = 0; i < requests; i++) {
          await fetch(`${url}/v1/chats`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test-e2e-key' }, body: JSON.stringify({ agentId: 'agent_e2e', input: `hello ${i}` }) }).then((r) => r.text());
        }
        // Long enough for at least one summary line after the last request.
        await new Promise((r) => setTimeout(r, 1500));
        child.kill(signal);
      })();
    },
  });
}

describe('chatload mock (CLI, child process)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`logs one summary line per second, never one per request, and stops cleanly on ${signal}`, async () => {
      const result = await runAndStop(signal, 300, 'agents: [{ id: agent_e2e }]\napiKeys: [sk-test-e2e-key]\nfaults: { http500: 0.1 }\nseed: 3\n');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.signal).toBeNull();
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^chatload mock listening on http:\/\/127\.0\.0\.1:\d+ .*X-API-Key: sk-test-e2e-key, agents: agent_e2e, faults on \(seed 3\)/);
      expect(lines.at(-1)).toBe('chatload mock stopped');
      const summaries = lines.filter((l) => SUMMARY_LINE.test(l));
      expect(summaries.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBe(summaries.length + 2);
      expect(summaries.length).toBeLessThan(15);
      expect(summaries.at(-1)).toMatch(/total 300 .*201:\d+ 500:\d+ faults http500:\d+/);
    });
  }

  it('exits 2 naming file, field and fix for a bad --config', async () => {
    const dir = await tempDir();
    const config = join(dir, 'mock.yaml');
    await writeFile(config, 'faults: { http500: 1.5 }\napiKeys: [live-key-123]\n');
    const result = await runCli(['mock', '--port', '0', '--config', config], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}: faults.http500: must be <= 1 (fix: a rate is a fraction`);
    expect(result.stderr).toContain(`${config}: apiKeys[0]: has the wrong shape`);
    expect(result.stderr).toContain('never a production key');
    expect(result.stdout).not.toContain('listening');
  });
});

describe('chatload mock: bad listen options', () => {
  it('a port in use or out of range is bad input (exit 2) naming the flag, never a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const inUse = await runCli(['mock', '--port', String(port)], { timeoutMs: 20_000 });
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain(`--port: ${port} is already in use`);
      expect(inUse.stderr).not.toMatch(/\n\s+at /);
      const range = await runCli(['mock', '--port', '99999'], { timeoutMs: 20_000 });
      expect(range.code).toBe(2);
      expect(range.stderr).toContain('--port: must be a whole number from 0 to 65535');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
