import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { checkReportShape } from '../../../src/report/check-report.js';
import { judgeCase } from '../../../src/conform/judge.js';
import { conformReport } from '../../../src/conform/render.js';
import { mixedReport } from '../../helpers/report-fixtures.js';

const messages = (value: unknown) => checkReportShape(value, 'out/report.json').map(formatProblem);

describe('checkReportShape', () => {
  it('accepts a report the run wrote (after a JSON round trip)', () => {
    expect(messages(JSON.parse(JSON.stringify(mixedReport())))).toEqual([]);
  });

  it('names the file, the field and the fix', () => {
    expect(messages([1, 2])).toEqual(['out/report.json: is not a chatload report (a JSON array, not an object) (fix: pass the report.json that `chatload run` or `merge` wrote)']);
    expect(messages({ schemaVersion: 9 })[0]).toBe('out/report.json: schemaVersion: is 9, this chatload reads versions 1 to 2 (fix: pass the report.json that `chatload run` or `merge` wrote)');
    const { latency: _latency, ...noLatency } = mixedReport();
    expect(messages({ ...noLatency, verdict: 3 })).toEqual([
      'out/report.json: latency: is missing (fix: pass the report.json that `chatload run` or `merge` wrote)',
      'out/report.json: verdict: must be one of "pass", "fail" (fix: pass the report.json that `chatload run` or `merge` wrote)',
    ]);
  });

  it('checks nested fields against report.schema.json', () => {
    const report = JSON.parse(JSON.stringify(mixedReport()));
    report.latency.p99 = 'slow';
    report.totals.errorRate = 2;
    report.timeline[0].hdr = 5;
    expect(messages(report)).toEqual([
      'out/report.json: totals.errorRate: must be <= 1 (fix: pass the report.json that `chatload run` or `merge` wrote)',
      'out/report.json: latency.p99: must be a JSON number or null, not string (fix: pass the report.json that `chatload run` or `merge` wrote)',
      'out/report.json: timeline[0].hdr: must be a JSON string, not number (fix: pass the report.json that `chatload run` or `merge` wrote)',
    ]);
  });

  it('checks the conform section: each case with what was sent, expected and got, and the fuzzing summary', () => {
    const result = judgeCase({ id: 'body/null', group: 'body', title: 'null', why: 'an object is required', steps: [{ request: {}, expectStatus: 400 }] }, [
      { expectStatus: 400, status: 400, violations: [], ms: 1, sent: { method: 'POST', contentType: null, key: 'valid', bytes: 4, body: 'null' } },
    ]);
    const report = JSON.parse(JSON.stringify({ ...mixedReport(), conform: conformReport('strict', [result], { runs: 10, seed: -5, generated: 10, requests: 10, invalid: 3 }) }));
    expect(messages(report)).toEqual([]);
    report.conform.results[0].steps[0].sent.key = 'sk-live-123';
    delete report.conform.fuzz.seed;
    expect(messages(report)).toEqual([
      'out/report.json: conform.results[0].steps[0].sent.key: must be one of "valid", "missing", "invalid" (fix: pass the report.json that `chatload run` or `merge` wrote)',
      'out/report.json: conform.fuzz.seed: is missing (fix: pass the report.json that `chatload run` or `merge` wrote)',
    ]);
  });
});
