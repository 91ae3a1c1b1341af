import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** A loopback target that counts every request it gets (the run's probe included). */
async function countingTarget(): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('chatload run --metrics-port', () => {
  it('a port in use: exit 2 naming the flag and the fix, before any request is sent or any file written', async () => {
    const target = await countingTarget();
    const busy = await countingTarget();
    servers.push(target.server, busy.server);
    const port = new URL(busy.url).port;
    const out = join(await tempDir(), 'out');
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', target.url, '--requests', '20', '--metrics-port', port, '--out', out], { env: { SIGMAMIND_API_KEY: 'sk-test-metrics-0001' } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`chatload: (command line): --metrics-port: ${port} is already in use on 127.0.0.1 (fix: choose another port, or --metrics-port 0 for any free one)`);
    expect(target.requests()).toBe(0);
    expect(busy.requests()).toBe(0);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('a host that is not this machine’s: exit 2 naming --metrics-host, nothing sent', async () => {
    const target = await countingTarget();
    servers.push(target.server);
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', target.url, '--requests', '20', '--metrics-port', '0', '--metrics-host', '192.0.2.1', '--out', join(await tempDir(), 'out')], { env: { SIGMAMIND_API_KEY: 'sk-test-metrics-0001' } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('--metrics-host: 192.0.2.1 is not an address of this machine');
    expect(target.requests()).toBe(0);
  });

  it('a bad value is refused in a dry run too', async () => {
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--dry-run', '--metrics-port', '9464', '--metrics-linger', 'a while']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--metrics-linger: "a while" is not a duration');
  });

  it('is listed in --help', async () => {
    const result = await runCli(['run', '--help']);
    expect(result.stdout).toMatch(/--metrics-port[\s\S]*--metrics-host[\s\S]*--metrics-linger/);
  });
});

describe('chatload sweep --metrics-port', () => {
  it('a port in use: exit 2 before the ceiling run or any level sends a request', async () => {
    const target = await countingTarget();
    const busy = await countingTarget();
    servers.push(target.server, busy.server);
    const port = new URL(busy.url).port;
    const out = join(await tempDir(), 'out');
    const result = await runCli(['sweep', 'scenarios/smoke.yaml', '--target', target.url, '--slo', 'p99<1s', '--yes', '--metrics-port', port, '--out', out], { env: { SIGMAMIND_API_KEY: 'sk-test-metrics-0001' } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`--metrics-port: ${port} is already in use on 127.0.0.1`);
    expect(target.requests()).toBe(0);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('is listed in sweep --help', async () => {
    const result = await runCli(['sweep', '--help']);
    expect(result.stdout).toMatch(/--metrics-port[\s\S]*--metrics-host[\s\S]*--metrics-linger/);
  });
});
