import type { ChildProcess } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { createAnswerer, startFaultServer, TEST_KEY, writeScenario } from '../helpers/fault-server.js';

const CANARY_KEY = 'chatload-canary-K3y-9f8e7d6c5b4a3210';
const REMOTE = 'https://api.sigmamind.invalid';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the API key', () => {
  it('a full run with a distinctive key: the key is in no file written and nowhere printed', async () => {
    const out = await tempDir();
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--duration', '1s', '--out', out], { env: { SIGMAMIND_API_KEY: CANARY_KEY } });
    expect(result.code, result.stderr).toBe(0);
    // The mock was given the same key and accepted every request with it.
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.status['201']).toBe(report.totals.requests);
    const files = await filesUnder(out);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(CANARY_KEY);
    expect(result.stdout + result.stderr).not.toContain(CANARY_KEY);
  });

  // Keys that JSON, HTML, XML and URLs each write differently: the raw key and every escaped form must stay out.
  const HOSTILE_KEYS = [`chat"load\\canary<b>&amp;'K3y-9f8e`, 'chatload-cañary-µ-K3y+%2F/=ü 9f8e'];
  const escapedForms = (key: string): Record<string, string> => {
    const json = JSON.stringify(key).slice(1, -1);
    const entities = (text: string, map: Record<string, string>) => text.replace(/[&<>"']/g, (c) => map[c]!);
    const html = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    const xml = { ...html, "'": '&apos;' };
    const numeric = { '&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;' };
    return {
      raw: key,
      json,
      'json, ASCII only': json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      'json twice': JSON.stringify(json).slice(1, -1),
      html: entities(key, html),
      'html of json': entities(json, html),
      xml: entities(key, xml),
      'xml of json': entities(json, xml),
      'numeric entities': entities(key, numeric),
      url: encodeURIComponent(key),
      'url, form': new URLSearchParams({ k: key }).toString().slice(2),
    };
  };

  it.each(HOSTILE_KEYS)('a key full of characters that need escaping (%s), echoed back by the target in every form: no form of it is written or printed, and report.json parses', async (key) => {
    const out = await tempDir();
    const forms = escapedForms(key);
    const received = new Set<string>();
    const server = await startFaultServer((req, res) => {
      req.resume();
      // Header bytes are Latin-1: read back, they are the key exactly.
      const sent = String(req.headers['x-api-key']);
      received.add(sent);
      // Every form at once, in a body the contract rejects (an undeclared content-type), so it lands in the samples.
      const body = JSON.stringify({ status: 401, error: 'Unauthorized', message: `key ${sent} is not valid`, forms: escapedForms(sent) }) + `\nraw: ${sent}`;
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'x-echo-key': sent }).end(body);
    });
    try {
      const scenario = await writeScenario(out, server.url, '{ concurrency: 2, requests: 6 }', 'timeout: 2s\nthresholds: ["errorRate<1%"]\n');
      const result = await runCli(['run', scenario, '--out', join(out, 'report')], { env: { SIGMAMIND_API_KEY: key }, timeoutMs: 30_000 });
      // Every request refused with 401: the run ends 3, saying to check the key — without showing it.
      expect(result.code, result.stderr).toBe(3);
      // The server did get the key: the echo is real.
      expect(server.requests).toBe(6);
      expect([...received]).toEqual([key]);
      const report = JSON.parse(await readFile(join(out, 'report', 'report.json'), 'utf8')) as RunReport;
      expect(report.status['401']).toBe(6);
      expect(JSON.stringify(report.conformance.samples)).toContain('[REDACTED]');
      const texts: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
      for (const name of ['report.json', 'report.html', 'junit.xml']) texts[name] = await readFile(join(out, 'report', name), 'utf8');
      for (const [where, text] of Object.entries(texts)) {
        for (const [form, value] of Object.entries(forms)) expect(text.includes(value), `${form} form of the key in ${where}`).toBe(false);
      }
    } finally {
      await server.close();
    }
  });

  it.each([
    ['shorter than 8 characters', '1000'],
    ['with a line break inside', 'chatload-key\nX-Evil: 1'],
    ['with a character outside Latin-1', 'chatload-ключ-9f8e'],
  ])('a key %s is refused at start, exit 2, naming the variable and not the value', async (_, key) => {
    const out = await tempDir();
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--requests', '5', '--out', out], { env: { SIGMAMIND_API_KEY: key } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('(environment): SIGMAMIND_API_KEY: ');
    expect(result.stderr).toContain('fix: ');
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(await readdir(out)).toEqual([]);
  });

  it('--api-key-env names the variable to read the key from', async () => {
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', 'http://127.0.0.1:9', '--api-key-env', 'MY_CHAT_KEY', '--requests', '1'], { env: { SIGMAMIND_API_KEY: CANARY_KEY, MY_CHAT_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MY_CHAT_KEY: is not set');
  });

  it('a scenario holding a literal key is refused with a message pointing to the environment', async () => {
    const dir = await tempDir();
    const file = join(dir, 'leaky.yaml');
    await writeFile(file, 'name: leaky\nagents: [agent_support_01]\ninputs: [hi]\nload: { concurrency: 1, requests: 1 }\nvariables: [{ api_key: sk-live-4f9a8b7c6d5e4f3a2b1c }]\n');
    const result = await runCli(['run', file, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: variables[0].api_key: holds a credential`);
    expect(result.stderr).toContain('export SIGMAMIND_API_KEY=<your key>');
    expect(result.stderr + result.stdout).not.toContain('sk-live-4f9a8b7c6d5e4f3a2b1c');
  });
});

describe('target safety', () => {
  it('a non-loopback target without a terminal is refused unless --yes, after printing the plan; nothing is sent', async () => {
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', REMOTE, '--rate', '5', '--duration', '10s', '--out', await tempDir()], { env: { SIGMAMIND_API_KEY: CANARY_KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`target     ${REMOTE}/v1/chats`);
    expect(result.stderr).toContain('requests   50 (cap 10,000');
    expect(result.stderr).toContain('peak rate  5 requests/s');
    expect(result.stderr).toContain('--yes: refusing to load');
    expect(result.stderr).toContain('fix: add --yes');
  });

  it('the default cap of 10,000 requests refuses a bigger remote plan until raised explicitly', async () => {
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', REMOTE, '--rate', '500', '--duration', '1m', '--yes', '--out', await tempDir()], { env: { SIGMAMIND_API_KEY: CANARY_KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-requests: the plan sends 30,000 requests');
    expect(result.stderr).toContain('fix: raise the cap explicitly with --max-requests 30000');
  });

  it('--dry-run prints the plan and the first bodies, sends nothing, needs no key', async () => {
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--target', REMOTE, '--dry-run', '--rate', '2', '--duration', '5s'], { env: { SIGMAMIND_API_KEY: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('nothing is sent');
    expect(result.stdout).toContain('requests   10 (cap 10,000');
    const bodies = result.stdout.split('\n').filter((l) => /^ {2}#\d+ {2}\{/.test(l));
    expect(bodies).toHaveLength(3);
    expect(JSON.parse(bodies[0]!.replace(/^ {2}#0 {2}/, ''))).toMatchObject({ agentId: expect.any(String), input: expect.any(String) });
  });

  it('Ctrl-C during a run: exit 130, and the partial report is written and says so', async () => {
    const out = await tempDir();
    const answer = createAnswerer();
    let child: ChildProcess | undefined;
    // A loopback target of our own: its first request proves the run is under way before the Ctrl-C.
    const server = await startFaultServer((req, res, self) => {
      if (self.requests === 1) setTimeout(() => child?.kill('SIGINT'), 300);
      void answer(req).then(({ status, payload }) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload));
    });
    try {
      const scenario = await writeScenario(out, server.url, '{ rate: 20, duration: 30s }', 'timeout: 2s\n');
      const result = await runCli(['run', scenario, '--out', join(out, 'report')], { env: { SIGMAMIND_API_KEY: TEST_KEY }, timeoutMs: 30_000, onStarted: (c) => (child = c) });
      expect(result.code, result.stderr).toBe(130);
      const report = JSON.parse(await readFile(join(out, 'report', 'report.json'), 'utf8')) as RunReport;
      expect(report.partial).toBe(true);
      expect(report.totals.requests).toBeGreaterThan(0);
      expect(report.verdictReasons.join(' ')).toContain('partial');
      expect(result.stdout).toContain('(PARTIAL)');
    } finally {
      await server.close();
    }
  });
});

describe('--dry-run prepares exactly as the run would', () => {
  it('counts every turn of a conversation against the cap, and checks thresholds, baseline and shard', async () => {
    const dir = await tempDir();
    const file = join(dir, 'conv.yaml');
    await writeFile(file, 'name: conv\nagents: [a1]\ninputs: [hi]\nconversation: { turns: 3 }\nload: { rate: 10, duration: 10s }\n');
    const over = await runCli(['run', file, '--target', 'http://127.0.0.2:9', '--max-requests', '200', '--dry-run'], { env: { SIGMAMIND_API_KEY: '' } });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('the plan sends 300 requests');
    const bad = await runCli(['run', file, '--dry-run', '--threshold', 'bogus<1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bogus');
    const shard = await runCli(['run', file, '--dry-run', '--shard', '9/4']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard');
  });

  it('--warmup: shown in the plan, and refused with the flag and the fix when it keeps nothing to measure', async () => {
    const ok = await runCli(['run', 'scenarios/smoke.yaml', '--dry-run', '--requests', '400', '--warmup', '40']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('  warm-up    the first 40 requests, sent and checked, kept out of the figures');
    const bad = await runCli(['run', 'scenarios/smoke.yaml', '--dry-run', '--requests', '400', '--warmup', '400']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--warmup: keeps 400 requests apart of a run of 400: nothing would be measured');
  });
});
