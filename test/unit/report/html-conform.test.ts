import { describe, expect, it } from 'vitest';
import { judgeCase } from '../../../src/conform/judge.js';
import { conformReport } from '../../../src/conform/render.js';
import type { CaseResult, ConformCase, StepOutcome } from '../../../src/conform/types.js';
import { renderHtml } from '../../../src/report/html.js';
import type { RunReport } from '../../../src/run-report.js';
import { onlyErrorsReport } from '../../helpers/report-fixtures.js';

const sectionOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

const sent = { method: 'POST', contentType: 'application/json', key: 'valid' as const, bytes: 40, body: '{"agentId": "agent_a", "input": "<b>hi</b>"}' };
const step = (expectStatus: number, status: number, extra: Partial<StepOutcome> = {}): StepOutcome => ({ expectStatus, status, violations: [], ms: 2, sent, contentType: 'application/json', bodyExcerpt: `{"status":${status}}`, ...extra });
const caseOf = (id: string, expect: number, why: string, extra: Partial<ConformCase> = {}): ConformCase => ({ id, group: 'raw', title: `title of ${id}`, why, source: '#/properties/input/maxLength', steps: [{ request: {}, expectStatus: expect }], ...extra });

function conformPage(results: CaseResult[], fuzz = false): string {
  // A conform run's figures: most answers are the 4xx the cases expect.
  const report: RunReport = {
    ...onlyErrorsReport(),
    conform: conformReport('strict', results, fuzz ? { runs: 200, seed: 1234, generated: 200, requests: 200, invalid: 70 } : undefined),
    verdict: results.every((r) => r.ok) ? 'pass' : 'fail',
    verdictReasons: results.every((r) => r.ok) ? [] : ['1 of 3 conformance cases failed'],
  };
  return renderHtml(report);
}

const passing = [
  judgeCase(caseOf('valid/agent_a', 201, 'a valid body for a known agent'), [step(201, 201)]),
  judgeCase(caseOf('boundary/input/max+1', 400, 'over maxLength: a bad request'), [step(400, 400)]),
];
const failing = judgeCase(caseOf('body/null', 400, 'CreateChatRequest is an object: a bad request (400)', { assumption: 'nothing assumed here' }), [step(400, 201)]);

describe('report.html of a conform report', () => {
  it('leads with "N / M cases passed", not with exchanges or the scenario name', () => {
    const page = conformPage([...passing, failing]);
    expect(page).toContain('<h1 id="conform-headline">2 / 3 cases passed</h1>');
    expect(page).toContain('<title>chatload conform · 2 / 3 cases passed · FAIL</title>');
    expect(page).not.toContain('exchanges met the contract');
    expect(conformPage(passing)).toContain('Every case got the answer the document gives it');
  });

  it('draws no load charts and no red errors card for the 4xx the cases expect', () => {
    const page = conformPage(passing);
    const body = page.slice(page.indexOf('<body>'));
    expect(body).not.toMatch(/<svg|chart-figure|throughput|latency/i);
    const kpis = sectionOf(page, 'totals');
    expect(kpis).toContain('cases passed</span><b>2 / 2</b>');
    expect(kpis).not.toMatch(/errors/i);
    expect(kpis).not.toContain('kpi bad');
  });

  it('a table of cases, failures first: sent, expected and why with the schema path and the assumption, got', () => {
    const table = sectionOf(conformPage([...passing, failing]), 'conform');
    expect(table).toContain('<th>sent</th><th>expected, and why</th><th>got</th>');
    const rows = [...table.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['body/null', 'valid/agent_a', 'boundary/input/max+1']);
    const row = table.slice(table.indexOf('data-case="body/null"'), table.indexOf('data-case="valid/agent_a"'));
    expect(row).toContain('<span class="badge bad">FAIL</span>');
    expect(row).toContain('POST /v1/chats · application/json · X-API-Key [REDACTED] · 40 B');
    // The body as sent, escaped.
    expect(row).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(row).toContain('CreateChatRequest is an object: a bad request (400)');
    expect(row).toContain('<code>#/properties/input/maxLength</code>');
    expect(row).toContain('assumed: nothing assumed here');
    expect(row).toContain('<li>expected 400, got 201</li>');
    expect(row).toContain('{&quot;status&quot;:201}');
  });

  it('left-aligns text cells and keeps the table scrolling inside its card', () => {
    const page = conformPage(passing);
    expect(page).toContain('table.cases th,table.cases td{text-align:left');
    expect(page).toMatch(/<div class="table-wrap"><table class="cases" id="cases-table">/);
  });

  it('shows the fuzzing with its seed and how to replay it', () => {
    const page = conformPage(passing, true);
    expect(sectionOf(page, 'fuzz')).toContain('seed 1234');
    expect(sectionOf(page, 'fuzz')).toContain('--fuzz 200 --fuzz-seed 1234');
    expect(page).toContain('<dt>fuzz seed</dt><dd>1234</dd>');
  });

  it('draws a conform section written before v2 (no steps, no why) without failing', () => {
    const old: CaseResult = { id: 'auth-missing', group: 'auth', title: 'no X-API-Key', expected: '401', actual: '200', ok: false, failures: ['expected 401, got 200'], ms: 2 };
    const table = sectionOf(conformPage([old]), 'conform');
    expect(table).toContain('data-case="auth-missing"');
    expect(table).toContain('expected 401, got 200');
  });
});
