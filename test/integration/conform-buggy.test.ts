import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runConform } from '../../src/commands/conform.js';
import type { CommandIo } from '../../src/commands/io.js';
import { errorBody } from '../../src/mock/create-chat.js';
import { tempDir } from '../helpers/cli.js';
import { countsLengthBy, startBuggyServer, type Bug, type BuggyServer } from '../helpers/buggy-server.js';

/** conform against servers that are the embedded mock with one planted bug: the matching cases fail, and only those. */

const KEY = 'sk-conform-buggy-91c2e7';
const AGENTS = ['agent_support_01', 'agent_billing_02'];
const quiet = (): CommandIo => ({ out: () => undefined, err: () => undefined, isTty: false });

let dir: string;
let scenario: string;
const servers: BuggyServer[] = [];

beforeAll(async () => {
  dir = await tempDir();
  scenario = join(dir, 'conform.yaml');
  await writeFile(scenario, `name: conform-buggy\nagents: [${AGENTS.join(', ')}]\ninputs: ["Where is my order?"]\nload: { concurrency: 1, requests: 1 }\ntimeout: 5s\n`);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failedAgainst(bug: Bug, name: string): Promise<Record<string, string[]>> {
  const server = await startBuggyServer(AGENTS, KEY, bug);
  servers.push(server);
  const result = await runConform({ scenario, target: server.url, out: join(dir, name), env: { SIGMAMIND_API_KEY: KEY } }, quiet());
  return Object.fromEntries(result.report.conform!.results.filter((r) => !r.ok).map((r) => [r.id, r.failures]));
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const FIELDS = ['agentId', 'input', 'previousChatId'];

describe('conform catches a server that counts string length in the wrong unit', () => {
  it('counting UTF-8 bytes: the non-ASCII cases at the maximum fail, and only those', async () => {
    const failed = await failedAgainst(countsLengthBy(bytes), 'bytes');
    const expected = FIELDS.flatMap((f) => ['emoji', 'combining', 'cjk'].map((s) => `boundary/${f}/max/${s}`));
    expect(Object.keys(failed).sort()).toEqual(expected.sort());
    expect(failed['boundary/input/max/emoji']).toEqual(['expected 201, got 400']);
    expect(failed['boundary/agentId/max/cjk']).toEqual(['expected 404, got 400']);
  });

  it('counting UTF-16 units: the emoji cases at the maximum fail, and only those', async () => {
    const failed = await failedAgainst(countsLengthBy((t) => t.length), 'utf16');
    expect(Object.keys(failed).sort()).toEqual(FIELDS.map((f) => `boundary/${f}/max/emoji`).sort());
  });

  it('counting graphemes: the combining-accent cases one past the maximum fail, and only those', async () => {
    // Graphemes of these scripts: characters that are not combining marks.
    const graphemeCount = (t: string) => [...t].length - (t.match(/\p{M}/gu)?.length ?? 0);
    // Counts too few: the server's own check passes what the schema refuses, so it must answer as if it were valid.
    const failed = await failedAgainst((request, handle) => {
      const body = request.json as Record<string, unknown> | undefined;
      const input = body?.input;
      if (typeof input !== 'string' || graphemeCount(input) > 20480 || [...input].length <= 20480) return undefined;
      return handle({ bodyText: JSON.stringify({ ...body, input: input.normalize('NFC') }) });
    }, 'graphemes');
    expect(Object.keys(failed)).toEqual(['boundary/input/max+1/combining']);
    expect(failed['boundary/input/max+1/combining']![0]).toBe('expected 400, got 201');
  });
});

describe('conform catches a server that is lenient or fragile about the body', () => {
  it('accepting a null body: only body/null fails', async () => {
    const failed = await failedAgainst((request, handle) => (request.json === null ? handle({ bodyText: JSON.stringify({ agentId: AGENTS[0], input: 'null' }) }) : undefined), 'null');
    expect(failed).toEqual({ 'body/null': ['expected 400, got 201'] });
  });

  it('accepting a body without Content-Type as JSON: only raw/no-content-type fails', async () => {
    const failed = await failedAgainst((request, handle) => (request.contentType === undefined ? handle({ contentType: 'application/json' }) : undefined), 'no-content-type');
    expect(failed).toEqual({ 'raw/no-content-type': ['expected 400, got 201'] });
  });

  it('answering 500 to duplicate keys: only raw/duplicate-keys fails', async () => {
    const failed = await failedAgainst((request) => ((request.text.match(/"input"\s*:/g) ?? []).length > 1 ? errorBody(500, 'duplicate key', '/v1/chats') : undefined), 'duplicates');
    expect(failed).toEqual({ 'raw/duplicate-keys': ['expected 201 or 400, got 500'] });
  });

  it('decoding invalid UTF-8 into replacement characters: only raw/invalid-utf8 fails', async () => {
    const failed = await failedAgainst((request, handle) => (request.method === 'POST' ? handle({ validUtf8: true }) : undefined), 'utf8');
    expect(failed).toEqual({ 'raw/invalid-utf8': ['expected 400, got 201'] });
  });

  it('answering 413 to an oversized body: the case fails on status-declared, with the size', async () => {
    const failed = await failedAgainst((request) => (request.bytes.length > 1024 * 1024 ? errorBody(413, 'Payload Too Large', '/v1/chats') : undefined), 'too-large');
    expect(Object.keys(failed)).toEqual(['raw/oversized-body']);
    expect(failed['raw/oversized-body']).toEqual([
      'expected 400, got 413',
      'status-declared: status 413 is not declared for this operation (declared: 201, 400, 401, 403, 404, 500) (the request body was 1,048,577 bytes)',
    ]);
  });
});

describe('conform catches a server that ignores the method or the chat a turn continues', () => {
  it('creating a chat on PUT and PATCH: the method cases fail', async () => {
    const failed = await failedAgainst((request, handle) => (request.method !== 'POST' ? handle({ method: 'POST' }) : undefined), 'method');
    expect(failed).toEqual({ 'method/PUT': ['expected 405 or 400/401/403/404, got 201'], 'method/PATCH': ['expected 405 or 400/401/403/404, got 201'] });
  });

  it('a 405 without Allow fails the method cases', async () => {
    const failed = await failedAgainst((request) => (request.method !== 'POST' ? errorBody(405, 'no', '/v1/chats') : undefined), 'no-allow');
    expect(Object.keys(failed).sort()).toEqual(['method/PATCH', 'method/PUT']);
    expect(failed['method/PUT']![0]).toMatch(/^405 without an Allow header naming POST \(no Allow header\)/);
  });

  it("continuing another agent's chat with 201: only conversation/other-agent fails", async () => {
    // The chat store of the mock knows each chat's agent; this server forgets it by answering as the agent that took the chat.
    const owners = new Map<string, string>();
    const failed = await failedAgainst((request, handle) => {
      const body = request.json as { agentId?: string; previousChatId?: string } | undefined;
      if (request.method !== 'POST' || !body || typeof body !== 'object') return undefined;
      const owner = body.previousChatId ? owners.get(body.previousChatId) : undefined;
      const answer = owner && owner !== body.agentId ? handle({ bodyText: JSON.stringify({ ...body, agentId: owner }) }) : handle();
      const chatId = answer.status === 201 ? (JSON.parse(answer.json) as { chatId: string }).chatId : undefined;
      if (chatId && body.agentId) owners.set(chatId, body.agentId);
      // Echo the agent the client named, as the careless server would.
      return answer.status === 201 && owner && owner !== body.agentId ? { ...answer, json: answer.json.replace(`"agentId":"${owner}"`, `"agentId":"${body.agentId}"`) } : answer;
    }, 'other-agent');
    expect(failed).toEqual({ 'conversation/other-agent': ['step 2: expected 404 or 400/403, got 201'] });
  });
});
