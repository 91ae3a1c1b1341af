import { describe, expect, it } from 'vitest';
import { historyEntry, joinHistograms, kindOf, parseTags, seriesOf, splitHistograms, targetForHistory } from '../../../src/history/record.js';
import { mixedReport } from '../../helpers/report-fixtures.js';
import { reportOf } from '../../helpers/reports.js';

const context = { command: 'run', recordedAt: '2025-01-02T00:00:00.000Z', commit: 'abc123', branch: 'main', tags: { release: '1.4.2' }, reportDir: '/tmp/r' };

describe('history records', () => {
  it('keeps the target without credentials, query or fragment', () => {
    expect(targetForHistory('https://user:s3cret@api.example.com/base/?key=s3cret#x')).toBe('https://api.example.com/base');
    expect(targetForHistory('https://api.sigmamind.ai')).toBe('https://api.sigmamind.ai');
    expect(targetForHistory('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
    expect(targetForHistory('mock')).toBe('mock');
  });

  it('takes the histograms out of a report and puts them back exactly', () => {
    const report = mixedReport();
    const { rest, histograms } = splitHistograms(report);
    expect(Object.keys(histograms).sort()).toEqual(['goodLatency', 'latency', 'latencyByStatusClass.2xx', 'latencyByStatusClass.4xx', 'latencyByStatusClass.5xx', 'serviceTime']);
    expect(histograms.latency).toBe(report.latency.hdr);
    expect(JSON.stringify(rest)).not.toContain(report.latency.hdr);
    expect(rest.latency.p99).toBe(report.latency.p99);
    expect(joinHistograms(JSON.parse(JSON.stringify(rest)), histograms)).toEqual(report);
  });

  it('reads the summary columns from the report as written', () => {
    const report = reportOf([{ ms: 10 }, { ms: 20 }, { ms: 30, status: 500 }], { scenario: { name: 'smoke', file: 'scenarios/smoke.yaml' } });
    const entry = historyEntry(JSON.stringify(report), context);
    expect(entry).toMatchObject({
      scenario: 'smoke',
      target: 'mock',
      kind: 'load',
      shard: null,
      command: 'run',
      commit: 'abc123',
      branch: 'main',
      tags: { release: '1.4.2' },
      requests: 3,
      errors: 1,
      errorRate: 1 / 3,
      statuses: { '201': 2, '500': 1 },
      verdict: report.verdict,
      capacity: null,
      reportDir: '/tmp/r',
    });
    expect(entry.latency.p50).toBe(report.latency.p50);
    expect(entry.histograms.latency).toBe(report.latency.hdr);
  });

  it('puts shards, conformance runs and sweeps in series of their own', () => {
    const report = reportOf([{ ms: 10 }]);
    expect(seriesOf({ ...report, shard: { index: 2, count: 3 } }).shard).toBe('2/3');
    expect(kindOf({ ...report, conform: { profile: 'strict', cases: 0, passed: 0, failed: 0, results: [] } as never })).toBe('conform');
    const sweep = { ...report, sweep: { capacity: 320 } as never };
    expect(kindOf(sweep)).toBe('sweep');
    expect(historyEntry(JSON.stringify(sweep), context).capacity).toBe(320);
  });

  it('parses --tag key=value, and refuses a malformed or repeated key', () => {
    expect(parseTags(['release=1.4.2', 'env = staging', 'empty='])).toEqual({ release: '1.4.2', env: 'staging', empty: '' });
    expect(() => parseTags(['release'])).toThrow(/--tag: "release" is not key=value \(fix: write --tag key=value/);
    expect(() => parseTags(['=x'])).toThrow(/is not key=value/);
    expect(() => parseTags(['a=1', 'a=2'])).toThrow(/"a" is given twice/);
  });
});
