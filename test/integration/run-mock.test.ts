import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { CommandIo } from '../../src/commands/io.js';
import type { ChatloadError } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers/cli.js';

function captureIo(): CommandIo & { text: () => string } {
  let text = '';
  return { out: (t) => (text += t), err: (t) => (text += t), isTty: false, text: () => text };
}

async function scenarioFile(dir: string, body: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, body);
  return file;
}

describe('runScenario against the embedded mock', () => {
  it('closed model: every request answered 201, checked and recorded', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: closed\nagents: [a1, a2]\ninputs: [hello, "where is my order?"]\nvariables: [{customer_name: Ann}]\nload: { concurrency: 4, requests: 200 }\n');
    const io = captureIo();
    const result = await runScenario({ scenario: file, out: dir, seed: 1 }, io);
    expect(result.exitCode).toBe(0);
    expect(result.report.totals.requests).toBe(200);
    expect(result.report.status).toEqual({ '201': 200 });
    expect(result.report.conformance).toMatchObject({ checked: 200, violating: 0 });
    expect(io.text()).toContain('verdict    PASS');
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(json.totals.requests).toBe(200);
  });

  it('open model: sends at the planned rate and records intended-start latency', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: open\nagents: [a1]\ninputs: [hello]\nload: { rate: 100, duration: 1s }\nmock: { latency: 5ms }\n');
    const result = await runScenario({ scenario: file, out: dir }, captureIo());
    expect(result.exitCode).toBe(0);
    expect(result.report.totals.requests).toBe(100);
    expect(result.report.load).toMatchObject({ model: 'open', rate: 100 });
    expect(result.report.latency.p50).toBeGreaterThanOrEqual(4);
    expect(result.report.totals.dropped).toBe(0);
  });

  it('many virtual users thinking at once raise no listener-leak warning', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: thinkers\nagents: [a1]\ninputs: [hello]\nconversation: { turns: 2 }\nload: { concurrency: 25, thinkTime: 50ms, requests: 100 }\n');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const result = await runScenario({ scenario: file, out: dir }, captureIo());
      expect(result.report.totals.requests).toBe(100);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('scenarios/conversation.yaml: every turn goes to the agent, with the variable set, its conversation began with', async () => {
    const dir = await tempDir();
    const io = captureIo();
    const result = await runScenario({ scenario: join(ROOT, 'scenarios/conversation.yaml'), out: dir, duration: '2s' }, io);
    expect(result.report.totals.requests).toBeGreaterThan(30);
    // The mock refuses (400) a previousChatId held with another agent: only 201s means no conversation switched.
    expect(result.report.status, io.text()).toEqual({ '201': result.report.totals.requests });
    expect(result.report.totals.conversationsAborted).toBe(0);
    expect(result.exitCode).toBe(0);
  });

  it('a wrong key: 401 on every request is a conformant error, and still an error: exit 3, saying which variable to check', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: wrong-key\nagents: [agent_support_01]\ninputs: [hello]\nload: { concurrency: 2, requests: 40 }\nmock: { apiKeys: [sk-test-right-key] }\n');
    const io = captureIo();
    const result = await runScenario({ scenario: file, out: dir, env: { SIGMAMIND_API_KEY: 'sk-test-wrong-key' } }, io);
    expect(result.report.status).toEqual({ '401': 40 });
    expect(result.report.conformance.violating).toBe(0);
    expect(result.report.verdict).toBe('fail');
    expect(result.exitCode).toBe(3);
    expect(io.text()).toContain('chatload: every request was refused with 401: check SIGMAMIND_API_KEY (the embedded mock does not accept the key)');
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).verdictReasons).toEqual(['every request was refused with 401']);
  });

  it('an unknown agent: 404 on every request asks whether the agent exists (exit 3)', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: no-agent\nagents: [agent_nobody]\ninputs: [hello]\nload: { concurrency: 2, requests: 10 }\nmock: { agents: [{ id: agent_support_01 }] }\n');
    const io = captureIo();
    const result = await runScenario({ scenario: file, out: dir }, io);
    expect(result.report.status).toEqual({ '404': 10 });
    expect(result.exitCode).toBe(3);
    expect(io.text()).toContain('every request was refused with 404: does agent agent_nobody exist');
  });

  it('a scenario that tests refusals says `expect: errors`: then the verdict and thresholds decide', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: refusals\nagents: [agent_support_01]\ninputs: [hello]\nload: { concurrency: 2, requests: 10 }\nmock: { apiKeys: [sk-test-right-key] }\nexpect: errors\nthresholds: ["errorRate==100%"]\n');
    const io = captureIo();
    const result = await runScenario({ scenario: file, out: dir, env: { SIGMAMIND_API_KEY: 'sk-test-wrong-key' } }, io);
    expect(result.report.status).toEqual({ '401': 10 });
    expect(result.report.scenario.expect).toBe('errors');
    expect(result.exitCode, io.text()).toBe(0);
    expect(io.text()).toContain('verdict    PASS');
  });

  it('a request the mock rejects still passes the contract (declared 400 with an Error body)', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, `name: too-long\nagents: [a1]\ninputs: ["${'x'.repeat(20_481)}"]\nload: { concurrency: 1, requests: 3 }\n`);
    const result = await runScenario({ scenario: file, out: dir }, captureIo());
    expect(result.report.status).toEqual({ '400': 3 });
    expect(result.report.conformance.violating).toBe(0);
    expect(result.report.totals.errorRate).toBe(1);
  });
});

describe('runScenario against a misbehaving loopback server', () => {
  let server: Server;
  let url: string;
  let calls = 0;
  beforeAll(async () => {
    // Cycles through the ways a server can break the contract.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const n = calls++ % 4;
        if (n === 0) res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ chatId: 42 }));
        else if (n === 1) res.writeHead(429, { 'content-type': 'application/json' }).end('{}');
        else if (n === 2) res.writeHead(201, { 'content-type': 'text/html' }).end('<html></html>');
        else res.writeHead(201, { 'content-type': 'application/json' }).end('{"chatId": "chat_');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts each violation under its rule, fails the verdict and exits 1', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'name: broken\nagents: [a1]\ninputs: [hi]\nload: { concurrency: 1, requests: 40 }\nprofile: spec\n');
    const result = await runScenario({ scenario: file, out: dir, target: url, env: { SIGMAMIND_API_KEY: 'test-key-123456' } }, captureIo());
    expect(result.exitCode).toBe(1);
    expect(result.report.conformance.byRule).toEqual({ 'body-schema': 10, 'status-declared': 10, 'content-type': 10, 'json-parse': 10 });
    expect(result.report.conformance.violating).toBe(40);
    expect(result.report.verdict).toBe('fail');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('status-declared');
  });

  it('exits 3 when nothing answers', async () => {
    const dir = await tempDir();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const file = await scenarioFile(dir, 'name: refused\nagents: [a1]\ninputs: [hi]\nload: { concurrency: 1, requests: 3 }\ntimeout: 2s\n');
    const io = captureIo();
    // The pre-run probe (issue 8) finds the target down: exit 3 before anything is sent.
    const error = await runScenario({ scenario: file, out: dir, target: `http://127.0.0.1:${port}`, env: { SIGMAMIND_API_KEY: 'test-key-123456' } }, io).catch((e: unknown) => e);
    expect((error as ChatloadError).exitCode).toBe(3);
    expect((error as ChatloadError).message).toContain('connection refused');
  });
});
