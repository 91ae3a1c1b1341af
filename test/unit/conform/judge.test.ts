import { describe, expect, it } from 'vitest';
import { judgeCase } from '../../../src/conform/judge.js';
import { conformJunitSuites, conformReport, renderConformTable } from '../../../src/conform/render.js';
import type { ConformCase } from '../../../src/conform/types.js';

const single: ConformCase = { id: 'boundary/input/max+1', group: 'boundary', title: 'input at max+1', why: 'over maxLength: 400', steps: [{ request: { body: {} }, expectStatus: 400 }] };
const twoTurns: ConformCase = { id: 'conversation/two-turns', group: 'conversation', title: 'two turns', why: 'a chat of this run: 201', steps: [{ request: { body: {} }, expectStatus: 201 }, { request: { body: {}, chainPreviousChatId: true }, expectStatus: 201 }] };

describe('judgeCase', () => {
  it('passes when the status is the expected one and no rule broke', () => {
    expect(judgeCase(single, [{ expectStatus: 400, status: 400, violations: [], ms: 2 }])).toMatchObject({ ok: true, expected: '400', actual: '400', failures: [] });
  });

  it('says what was expected and what came back', () => {
    const r = judgeCase(single, [{ expectStatus: 400, status: 201, violations: [], ms: 2 }]);
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual(['expected 400, got 201']);
  });

  it('fails on a rule violation even with the right status', () => {
    const r = judgeCase(single, [{ expectStatus: 400, status: 400, violations: [{ rule: 'content-type', message: 'status 400 content-type is "text/html", declared: application/json' }], ms: 2 }]);
    expect(r.failures).toEqual(['content-type: status 400 content-type is "text/html", declared: application/json']);
  });

  it('names transport errors and steps never sent', () => {
    const r = judgeCase(twoTurns, [{ expectStatus: 201, transportError: 'refused: connect ECONNREFUSED', violations: [], ms: 1 }]);
    expect(r.actual).toBe('no response (refused: connect ECONNREFUSED)');
    expect(r.failures).toEqual(['step 1: expected 201, got no response (refused: connect ECONNREFUSED)', 'step 2 was not sent: the step before it failed']);
  });
});

describe('conform rendering', () => {
  const results = [judgeCase(single, [{ expectStatus: 400, status: 201, violations: [], ms: 3 }]), judgeCase(twoTurns, [{ expectStatus: 201, status: 201, violations: [], ms: 2 }, { expectStatus: 201, status: 201, violations: [], ms: 2 }])];
  const report = conformReport('strict', results);

  it('counts passes and failures', () => {
    expect(report).toMatchObject({ cases: 2, passed: 1, failed: 1 });
  });

  it('prints a table with the failure under its case', () => {
    const text = renderConformTable(report, 'embedded mock');
    expect(text).toMatch(/FAIL {2}boundary\/input\/max\+1 +400 +201/);
    expect(text).toContain('expected 400, got 201');
    expect(text).toContain('1 passed, 1 failed');
  });

  it('gives one JUnit testcase per case, the failure message saying expected and got', () => {
    const suites = conformJunitSuites(report);
    expect(suites.flatMap((s) => s.cases)).toHaveLength(2);
    const failed = suites.flatMap((s) => s.cases).find((c) => c.failure);
    expect(failed).toMatchObject({ classname: 'chatload.conform.boundary', failure: { message: 'expected 400, got 201' } });
  });

  it('each JUnit testcase says what was sent (never the key), what was expected and why, and what came back; a passing one too', () => {
    const sent = { method: 'POST', contentType: null, key: 'valid' as const, bytes: 12, body: '{"input": 1}' };
    const c = judgeCase({ ...single, source: '#/properties/input/maxLength', assumption: 'counted in characters' }, [{ expectStatus: 400, status: 201, violations: [], ms: 3, sent, bodyExcerpt: '{"chatId":"chat_1"}' }]);
    const ok = judgeCase(single, [{ expectStatus: 400, status: 400, violations: [], ms: 3, sent: { ...sent, key: 'missing' } }]);
    const [failedCase, passedCase] = conformJunitSuites(conformReport('strict', [c, ok])).flatMap((s) => s.cases);
    expect(failedCase!.failure!.body).toBe(
      [
        'boundary/input/max+1: input at max+1',
        'expected 400, got 201',
        'why: over maxLength: 400 (#/properties/input/maxLength)',
        'assumed: counted in characters',
        'failure: expected 400, got 201',
        'sent: POST /v1/chats · no Content-Type · X-API-Key: [REDACTED] · 12 bytes',
        '  {"input": 1}',
        'expected: 400',
        'got: 201',
        '  {"chatId":"chat_1"}',
      ].join('\n'),
    );
    expect(passedCase!.systemOut).toContain('sent: POST /v1/chats · no Content-Type · no X-API-Key · 12 bytes');
  });

  it('names the fuzzing seed and how to replay it in the summary line', () => {
    const text = renderConformTable(conformReport('strict', results, { runs: 200, seed: 99, generated: 37, requests: 50, invalid: 12, failure: { run: 37, shrinks: 13, path: '36:1' } }), 'mock');
    expect(text).toContain('fuzz: 200 bodies from the request schema (12 invalid), seed 99: failed at body 37 of 200, shrunk 13 times; 50 requests (replay: --fuzz 200 --fuzz-seed 99)');
  });
});

describe('judgeCase: several passing statuses, undeclared methods and sizes', () => {
  const sent = { method: 'PUT', contentType: 'application/json', key: 'valid' as const, bytes: 57, body: '{"agentId": "a"}' };
  const method: ConformCase = { id: 'method/PUT', group: 'method', title: 'PUT', why: 'only POST is declared', steps: [{ request: { method: 'PUT', body: {} }, expectStatus: 405, alsoAccept: [400, 401, 403, 404] }] };

  it('passes any of the accepted statuses and names them all when none came', () => {
    expect(judgeCase(method, [{ expectStatus: 405, alsoAccept: [400, 401, 403, 404], status: 404, violations: [], ms: 1, sent }]).ok).toBe(true);
    const r = judgeCase(method, [{ expectStatus: 405, alsoAccept: [400, 401, 403, 404], status: 201, violations: [], ms: 1, sent }]);
    expect(r.expected).toBe('405 or 400/401/403/404');
    expect(r.failures).toEqual(['expected 405 or 400/401/403/404, got 201']);
  });

  it('a 405 must name POST in Allow (RFC 9110)', () => {
    expect(judgeCase(method, [{ expectStatus: 405, status: 405, allow: 'POST', violations: [], ms: 1, sent }]).ok).toBe(true);
    expect(judgeCase(method, [{ expectStatus: 405, status: 405, violations: [], ms: 1, sent }]).failures).toEqual(['405 without an Allow header naming POST (no Allow header); RFC 9110 §15.5.6 requires it']);
    expect(judgeCase(method, [{ expectStatus: 405, status: 405, allow: 'GET', violations: [], ms: 1, sent }]).ok).toBe(false);
  });

  it('an undeclared status is reported with the size of the request that caused it', () => {
    const r = judgeCase(single, [{ expectStatus: 400, status: 413, violations: [{ rule: 'status-declared', message: 'status 413 is not declared for this operation' }], ms: 1, sent: { ...sent, method: 'POST', bytes: 1048577 } }]);
    expect(r.failures).toEqual(['expected 400, got 413', 'status-declared: status 413 is not declared for this operation (the request body was 1,048,577 bytes)']);
  });

  it('keeps, per step, what was sent, what was expected and what came back; a step never sent says so', () => {
    const r = judgeCase(twoTurns, [{ expectStatus: 201, status: 500, contentType: 'application/json', bodyExcerpt: '{"status":500}', violations: [], ms: 1, sent: { ...sent, method: 'POST' } }]);
    expect(r.why).toBe('a chat of this run: 201');
    expect(r.steps).toEqual([
      { sent: { ...sent, method: 'POST' }, expected: [201], got: { status: 500, contentType: 'application/json', body: '{"status":500}', violations: [] } },
      { sent: { method: '-', contentType: null, key: 'valid', bytes: 0, body: '(not sent)' }, expected: [201], got: { violations: [] } },
    ]);
  });
});
