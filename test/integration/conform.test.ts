import { isUtf8 } from 'node:buffer';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import type { CommandIo } from '../../src/commands/io.js';
import { loadContract } from '../../src/contract/index.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { createChatHandler, type MockResponse } from '../../src/mock/create-chat.js';
import { createRng } from '../../src/random.js';
import { tempDir } from '../helpers/cli.js';

const KEY = 'sk-conform-integration-7f3a9c';
const AGENTS = ['agent_support_01', 'agent_billing_02'];

function bufferIo(): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, stdout: () => out, stderr: () => err };
}

async function scenarioFile(dir: string, extra = ''): Promise<string> {
  const file = join(dir, 'conform.yaml');
  await writeFile(file, `name: conform-test\nagents: [${AGENTS.join(', ')}]\ninputs: ["Where is my order?"]\nload: { concurrency: 1, requests: 1 }\ntimeout: 5s\n${extra}`);
  return file;
}

type Fault = (request: { apiKey?: string; body: unknown }, answer: MockResponse) => { status: number; contentType: string; text: string } | undefined;

/** The mock's own handler behind a server that misbehaves in one chosen way. */
async function faultyServer(fault: Fault): Promise<{ url: string; close(): Promise<void> }> {
  const handle = createChatHandler(mockConfigFor({ agents: AGENTS, apiKey: KEY }), loadContract().validateRequest, createRng(3));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const bodyText = bytes.toString('utf8');
      const apiKey = req.headers['x-api-key'] as string | undefined;
      // Other methods as the mock answers them: 405 naming POST.
      if (req.method !== 'POST') {
        const text = JSON.stringify({ timestamp: new Date().toISOString(), status: 405, error: 'Method Not Allowed', message: 'use POST', path: '/v1/chats' });
        res.writeHead(405, { allow: 'POST', 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      const answer = handle({ method: 'POST', path: '/v1/chats', apiKey, contentType: req.headers['content-type'], bodyText, ...(isUtf8(bytes) ? {} : { validUtf8: false }) }).response;
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = undefined;
      }
      const faulty = fault({ ...(apiKey ? { apiKey } : {}), body }, answer);
      const out = faulty ?? { status: answer.status, contentType: 'application/json', text: answer.json };
      res.writeHead(out.status, { 'content-type': out.contentType, 'content-length': Buffer.byteLength(out.text) });
      res.end(out.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('chatload conform (integration)', () => {
  let dir: string;
  const servers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('passes every case against the embedded mock, in both profiles', async () => {
    for (const profile of ['strict', 'spec'] as const) {
      const io = bufferIo();
      const result = await runConform({ scenario: await scenarioFile(dir), out: join(dir, `mock-${profile}`), profile, env: { SIGMAMIND_API_KEY: KEY } }, io);
      const failed = result.report.conform!.results.filter((r) => !r.ok);
      expect(failed).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.report.conform!.cases).toBeGreaterThan(40);
      expect(result.report.conformance.violating).toBe(0);
      expect(io.stdout()).toContain(`${result.report.conform!.cases} passed, 0 failed`);
    }
  });

  it('fails the matching cases, saying what was expected and what came back, when the server misbehaves', async () => {
    const lenient = createChatHandler(mockConfigFor({ agents: AGENTS, apiKey: KEY }), loadContract().validateRequest, createRng(9));
    const server = await faultyServer((request, answer) => {
      const input = (request.body as { input?: unknown } | undefined)?.input;
      // Fault 1: accepts an over-long input (in UTF-16 units) with 201 (answers as if it had been cut to size).
      if (typeof input === 'string' && input.length > 20480 && request.apiKey === KEY) {
        const ok = lenient({
          method: 'POST', path: '/v1/chats', apiKey: KEY, contentType: 'application/json', bodyText: JSON.stringify({ ...(request.body as object), input: input.slice(0, 100) }),
        }).response;
        return { status: ok.status, contentType: 'application/json', text: ok.json };
      }
      // Fault 2: answers 401 with an HTML page.
      if (answer.status === 401) return { status: 401, contentType: 'text/html', text: '<html><body><h1>401 Unauthorized</h1></body></html>' };
      return undefined;
    });
    servers.push(server);
    const io = bufferIo();
    const result = await runConform({ scenario: await scenarioFile(dir), target: server.url, out: join(dir, 'faulty'), env: { SIGMAMIND_API_KEY: KEY } }, io);
    expect(result.exitCode).toBe(1);
    const failed = Object.fromEntries(result.report.conform!.results.filter((r) => !r.ok).map((r) => [r.id, r.failures]));
    // Every case whose input is over maxLength in UTF-16 units: ASCII, the non-ASCII ones past the maximum, the oversized body.
    const overLong = ['boundary/input/max+1', 'boundary/input/max+1/cjk', 'boundary/input/max+1/combining', 'boundary/input/max+1/emoji', 'raw/oversized-body'];
    expect(Object.keys(failed).sort()).toEqual(['auth/invalid-key', 'auth/missing-key', ...overLong]);
    for (const id of overLong) expect(failed[id]).toEqual(['expected 400, got 201']);
    expect(failed['auth/missing-key']).toEqual(['content-type: status 401 content-type is "text/html", declared: application/json']);
    expect(result.report.verdict).toBe('fail');
    expect(result.report.conformance.byRule['content-type']).toBe(2);
    expect(io.stdout()).toMatch(/FAIL {2}boundary\/input\/max\+1 +400 +201/);
    expect(io.stdout()).toContain(`${result.report.conform!.cases - 7} passed, 7 failed`);
  });

  it('applies the checks: body size cap to every response', async () => {
    const padding = 'x'.repeat(8192);
    const server = await faultyServer((_request, answer) =>
      answer.status === 201 ? { status: 201, contentType: 'application/json', text: JSON.stringify({ ...(JSON.parse(answer.json) as object), padding }) } : undefined,
    );
    servers.push(server);
    const result = await runConform({ scenario: await scenarioFile(dir, 'checks: { bodySizeLimit: 4KiB }\n'), target: server.url, out: join(dir, 'big'), env: { SIGMAMIND_API_KEY: KEY } }, bufferIo());
    const valid = result.report.conform!.results.find((r) => r.id === 'valid/agent_support_01')!;
    expect(valid.ok).toBe(false);
    expect(valid.failures[0]).toMatch(/^body-size: response body exceeded the size cap; reading stopped at 4096 bytes/);
    expect(result.report.conform!.results.find((r) => r.id === 'required/input')!.ok).toBe(true);
  });

  it('exits 3 when nothing answers', async () => {
    const server = await faultyServer(() => undefined);
    const url = server.url;
    await server.close();
    // The connectivity probe finds it before any case is sent: a target error (exit 3), nothing written.
    await expect(runConform({ scenario: await scenarioFile(dir), target: url, out: join(dir, 'down'), env: { SIGMAMIND_API_KEY: KEY } }, bufferIo())).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('cannot connect'),
    });
  });
});
