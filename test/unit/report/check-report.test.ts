import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { checkReportShape } from '../../../src/report/check-report.js';
import { mixedReport } from '../../helpers/report-fixtures.js';

const messages = (value: unknown) => checkReportShape(value, 'out/report.json').map(formatProblem);

describe('checkReportShape', () => {
  it('accepts a report the run wrote (after a JSON round trip)', () => {
    expect(messages(JSON.parse(JSON.stringify(mixedReport())))).toEqual([]);
  });

  it('names the file, the field and the fix', () => {
    expect(messages([1, 2])).toEqual(['out/report.json: is not a chatload report (a JSON array, not an object) (fix: pass the report.json a `chatload run` (or `merge`) wrote)']);
    expect(messages({ schemaVersion: 9 })[0]).toBe('out/report.json: schemaVersion: is 9, this chatload reads version 1 (fix: pass the report.json a `chatload run` (or `merge`) wrote)');
    const { latency: _latency, ...noLatency } = mixedReport();
    expect(messages({ ...noLatency, verdict: 3 })).toEqual([
      'out/report.json: latency: is missing (fix: pass the report.json a `chatload run` (or `merge`) wrote)',
      'out/report.json: verdict: must be one of "pass", "fail" (fix: pass the report.json a `chatload run` (or `merge`) wrote)',
    ]);
  });

  it('checks nested fields against report.schema.json', () => {
    const report = JSON.parse(JSON.stringify(mixedReport()));
    report.latency.p99 = 'slow';
    report.totals.errorRate = 2;
    report.timeline[0].hdr = 5;
    expect(messages(report)).toEqual([
      'out/report.json: totals.errorRate: must be <= 1 (fix: pass the report.json a `chatload run` (or `merge`) wrote)',
      'out/report.json: latency.p99: must be a JSON number or null, not string (fix: pass the report.json a `chatload run` (or `merge`) wrote)',
      'out/report.json: timeline[0].hdr: must be a JSON string, not number (fix: pass the report.json a `chatload run` (or `merge`) wrote)',
    ]);
  });
});
