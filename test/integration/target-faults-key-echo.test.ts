import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/redact.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { runAgainst } from '../helpers/run-fault.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
});

const KEY = 'sk-echo-7Qm2xZ9pL4vB8nR1';

describe('a remote target that echoes the API key back', () => {
  it('never lets the key into samples, report.json, report.html or the printed summary', async () => {
    server = await startFaultServer((req, res) => {
      req.resume();
      const key = String(req.headers['x-api-key']);
      const body = JSON.stringify({ timestamp: new Date().toISOString(), status: 401, error: 'Unauthorized', message: `key ${key} is not valid here`, path: '/v1/chats' });
      // Broken on purpose so the body lands in samples: a content-type the spec does not declare, and a header echoing the key.
      res.writeHead(401, { 'content-type': 'text/plain', 'x-echo-key': key }).end(body);
    });
    const run = await runAgainst(server.url, '{ concurrency: 2, requests: 6 }', 'timeout: 2s\n', { SIGMAMIND_API_KEY: KEY });
    expect(run.written.status['401']).toBe(6);
    const sample = run.written.conformance.samples[0]!;
    expect(sample.response?.bodyExcerpt).toContain(`key ${REDACTED} is not valid`);
    expect(sample.response?.headers?.['x-echo-key']).toBe(REDACTED);

    const files = await readdir(run.outDir);
    const written = await Promise.all(files.map((f) => readFile(join(run.outDir, f), 'utf8')));
    for (const text of [...written, run.stdout, run.stderr, JSON.stringify(run.report)]) expect(text).not.toContain(KEY);
  });
});
