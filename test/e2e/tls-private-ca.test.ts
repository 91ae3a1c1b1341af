import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { createTextAnswerer, startRawServer, TEST_KEY, writeScenario, type RawServer } from '../helpers/fault-server.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certs.js';

/** An HTTPS target whose certificate a private CA signed: trusted only through NODE_EXTRA_CA_CERTS. */
let certs: TestCertificates;
let server: RawServer;
beforeAll(async () => {
  certs = await makeTestCertificates();
  const answer = createTextAnswerer();
  server = await startRawServer((socket, request) => {
    const { status, payload } = answer(request.body, request.apiKey);
    socket.write(`HTTP/1.1 ${status} Created\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
  }, { tls: certs.signedByCa });
});
afterAll(() => server.close());

describe('TLS with a private CA', () => {
  it.each([
    ['max', '{ connections: 2, requests: 6 }'],
    ['closed', '{ concurrency: 2, requests: 6 }'],
  ])('%s: trusted through NODE_EXTRA_CA_CERTS, refused (exit 3, the fix named, nothing sent) without it', async (_engine, load) => {
    const dir = await tempDir();
    const scenario = await writeScenario(dir, server.url, load, 'timeout: 5s\n');
    const before = { bytes: server.bytesReceived, keys: server.keysSeen };
    const refused = await runCli(['run', scenario, '--out', join(dir, 'refused')], { env: { SIGMAMIND_API_KEY: TEST_KEY, NODE_EXTRA_CA_CERTS: '' } });
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('its TLS certificate is not trusted');
    expect(refused.stderr).toContain('NODE_EXTRA_CA_CERTS=/path/to/ca.pem');
    expect(server.bytesReceived).toBe(before.bytes);

    const out = join(dir, 'trusted');
    const trusted = await runCli(['run', scenario, '--out', out], { env: { SIGMAMIND_API_KEY: TEST_KEY, NODE_EXTRA_CA_CERTS: certs.caFile } });
    expect(trusted.code, trusted.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.status).toEqual({ '201': 6 });
    expect(server.keysSeen - before.keys).toBe(6);
  });
});
