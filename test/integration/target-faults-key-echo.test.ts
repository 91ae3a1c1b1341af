import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/redact.js';
import { renderReportFiles } from '../../src/commands/report.js';
import { bufferIo, createTextAnswerer, startFaultServer, TEST_KEY, type FaultServer } from '../helpers/fault-server.js';
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

describe('an API key that is (part of) a report field name', () => {
  it.each(['requests', 'violatio'])('key %j: the run reports, its files read back, and the key only goes where values were', async (key) => {
    const answer = createTextAnswerer();
    server = await startFaultServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, payload } = answer(Buffer.concat(chunks).toString('utf8'), TEST_KEY);
        res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
      });
    });
    const run = await runAgainst(server.url, '{ concurrency: 1, requests: 3 }', 'timeout: 2s\n', { SIGMAMIND_API_KEY: key });
    expect(run.written.totals.requests).toBe(3);
    expect(run.written.status['201']).toBe(3);
    expect(run.written.conformance.violating).toBe(0);
    expect(run.stdout).toMatch(/3 requests|requests\s+3/);
    const junit = await readFile(join(run.outDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).toContain('</testsuites>');
    // Read back: `chatload report` accepts what `run` wrote.
    const io = bufferIo();
    expect(await renderReportFiles({ file: join(run.outDir, 'report.json'), out: join(run.outDir, 'again') }, io)).toBe(0);
  });
});
