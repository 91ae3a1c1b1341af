import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { Recorder } from '../../../src/record/recorder.js';
import { buildReport, type RunMeta } from '../../../src/report/build.js';
import { renderSummary } from '../../../src/report/summary.js';
import { fakeMeta } from '../../helpers/reports.js';
import { overloadReport, warmupReport } from '../../helpers/report-fixtures.js';
import { gateReport } from '../../../src/commands/gate.js';
import { checkReportShape } from '../../../src/report/check-report.js';
import { mergedLoad, mergeReports } from '../../../src/report/merge-reports.js';
import { evaluateThresholds, parseThresholds } from '../../../src/verdict/thresholds.js';

const META: RunMeta = fakeMeta({
  scenario: { name: 'unit', file: 'unit.yaml' },
  load: { model: 'closed', concurrency: 2, durationMs: 2000, timeoutMs: 1000 },
  seed: 7,
  startedAtEpochMs: Date.UTC(2026, 10, 27, 12),
  endedAtEpochMs: Date.UTC(2026, 10, 27, 12) + 2000,
  durationMs: 2000,
});

const exchange = (seq: number, endAt: number, status = 201): Exchange => ({
  request: { seq, body: { agentId: 'a', input: 'i' } },
  sentAt: endAt - 10,
  endAt,
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{}'),
});

describe('buildReport', () => {
  it('fills the report.json contract from a recorder state', () => {
    const r = new Recorder({ startedAt: 0 });
    for (let i = 0; i < 100; i++) r.record(exchange(i, 10 + i * 15), []);
    const report = buildReport(r.state(), META);
    expect(report).toMatchObject({
      schemaVersion: 2,
      scenario: { name: 'unit' },
      seed: 7,
      startedAt: '2026-11-27T12:00:00.000Z',
      totals: { requests: 100, responses: 100, errors: 0, errorRate: 0, rps: 50 },
      status: { '201': 100 },
      conformance: { profile: 'strict', checked: 100, violating: 0, byRule: {} },
      verdict: 'pass',
      verdictReasons: [],
      baseline: null,
    });
    expect(report.latency.unit).toBe('ms');
    expect(report.latency.p50).toBeCloseTo(10, 0);
    expect(report.timeline).toHaveLength(2);
    expect(report.timeline[0]).toMatchObject({ t: 0, requests: 66, rps: 66 });
  });

  it('fails the verdict on any violation and says why', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(exchange(0, 10), [{ rule: 'body-schema', message: 'bad' }]);
    r.record(exchange(1, 20), []);
    const report = buildReport(r.state(), META);
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons).toEqual(['1 of 2 exchanges broke the contract: 1 rule violation (body-schema 1)']);
    expect(report.conformance.samples).toHaveLength(1);
  });

  it('keeps the generator’s own failures out of the target’s error rate, and says the generator was the bottleneck', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(exchange(0, 10), []);
    r.record(exchange(1, 20, 500), []);
    for (let i = 2; i < 10; i++) r.record({ request: { seq: i, body: { agentId: 'a', input: 'i' } }, sentAt: 30, endAt: 30, error: { kind: 'generator', code: 'EMFILE', message: 'connect EMFILE' } }, []);
    const report = buildReport(r.state(), META);
    expect(report.totals).toMatchObject({ requests: 10, responses: 2, transportErrors: 8, generatorErrors: 8, errors: 1, errorRate: 0.5 });
    expect(report.transportErrors).toEqual({ generator: 8 });
    expect(report.verdict).toBe('fail');
    expect(report.verdictReasons).toEqual(['the load generator was the bottleneck: 8 of 10 requests failed on this machine before reaching the target (out of file descriptors or local ports; raise ulimit -n or lower the load)']);
    expect(renderSummary(report)).toContain('generator 8');
    expect(buildReport(new Recorder({ startedAt: 0 }).state(), META).totals).not.toHaveProperty('generatorErrors');
  });

  it('counts violating exchanges apart from rule violations', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(exchange(0, 10), [{ rule: 'soft-failure', message: 'error' }, { rule: 'fields-present', message: 'lacks /agent/status' }]);
    r.record(exchange(1, 20), [{ rule: 'soft-failure', message: 'error' }]);
    r.record(exchange(2, 30), []);
    const report = buildReport(r.state(), META);
    expect(report.conformance).toMatchObject({ checked: 3, violating: 2, ruleViolations: 3 });
    expect(report.verdictReasons).toEqual(['2 of 3 exchanges broke the contract: 3 rule violations (soft-failure 2, fields-present 1)']);
  });

  it('makes the rows add up: timed (all) + untimed = requests, and the transport class holds only timeouts', () => {
    const r = new Recorder({ startedAt: 0 });
    r.record(exchange(0, 10), []);
    r.record({ request: { seq: 1, body: { agentId: 'a', input: 'i' } }, sentAt: 0, endAt: 1000, error: { kind: 'timeout', message: 't' } }, []);
    r.record({ request: { seq: 2, body: { agentId: 'a', input: 'i' } }, sentAt: 0, endAt: 1.5, error: { kind: 'reset', message: 'r' } }, []);
    r.record({ request: { seq: 3, body: { agentId: 'a', input: 'i' } }, sentAt: 0, endAt: 2, error: { kind: 'refused', message: 'r' } }, []);
    const report = buildReport(r.state(), META);
    expect(report.totals).toMatchObject({ requests: 4, transportErrors: 3, timeouts: 1, untimed: 2 });
    expect(report.latency.count + report.totals.untimed!).toBe(report.totals.requests);
    expect(report.latencyByStatusClass.transport!.count).toBe(1);
    expect(report.latencyByStatusClass.transport!.min).toBeGreaterThan(999);
    const classes = Object.values(report.latencyByStatusClass).reduce((n, l) => n + l.count, 0);
    expect(classes).toBe(report.latency.count);
  });

  it('fails an empty run and marks a partial one', () => {
    const empty = buildReport(new Recorder({ startedAt: 0 }).state(), { ...META, partial: true });
    expect(empty.latency.p99).toBeNull();
    expect(empty.verdictReasons).toEqual(['no request was sent', 'the run was interrupted: the figures are partial']);
  });

  it('renders a terminal summary with the verdict, percentiles and statuses', () => {
    const r = new Recorder({ startedAt: 0 });
    for (let i = 0; i < 10; i++) r.record(exchange(i, 10 + i), []);
    r.record(exchange(10, 30, 503), [{ rule: 'status-declared', message: 'status 503 is not declared' }]);
    const text = renderSummary(buildReport(r.state(), META), ['out/report.json']);
    expect(text).toContain('closed 2 VUs, 2s');
    expect(text).toMatch(/latency\s+count\s+min\s+p50\s+p90\s+p95\s+p99\s+p99\.9\s+max/);
    expect(text).toContain('201 10 (90.91%)');
    expect(text).toContain('503 1 (9.09%)');
    expect(text).toContain('status-declared');
    expect(text).toContain('verdict    FAIL');
    expect(text).toContain('WARNING: 1 of 11 requests failed (9.09%) and no threshold bounds errors');
    expect(text).toContain('out/report.json');
  });

  it('counts conversations cut short by the end of the run beside those a failed turn ended', () => {
    const r = new Recorder({ startedAt: 0 });
    for (let i = 0; i < 10; i++) r.record(exchange(i, 10 + i), []);
    const report = buildReport(r.state(), { ...META, load: { ...META.load, turns: 3 }, conversationsAborted: 1, conversationsCut: 2 });
    expect(report.totals).toMatchObject({ conversationsAborted: 1, conversationsCut: 2 });
    expect(renderSummary(report)).toContain('conversations (3 turns): 1 ended by a failed turn, 2 cut short by the end');
  });
});

describe('buildReport with a warm-up', () => {
  const report = warmupReport();

  it('keeps the warm-up out of every figure and shows it apart', () => {
    expect(report.totals).toMatchObject({ requests: 902, responses: 900, transportErrors: 2, untimed: 2, errors: 2 });
    expect(report.latency.count).toBe(900);
    expect(report.latency.max).toBeLessThan(30);
    expect(report.status).toEqual({ '201': 900 });
    // The two resets after it broke `transport`, as every connection that got no answer does.
    expect(report.conformance).toMatchObject({ checked: 902, violating: 2, byRule: { transport: 2 } });
    expect(report.timeline.reduce((n, w) => n + w.requests, 0)).toBe(902);
    expect(report.timeline.reduce((n, w) => n + (w.warmup ?? 0), 0)).toBe(100);
    expect(report.warmup).toMatchObject({
      durationMs: 1000,
      totals: { requests: 100, responses: 99, transportErrors: 1, untimed: 1, errors: 2 },
      status: { '201': 98, '503': 1 },
      transportErrors: { refused: 1 },
      conformance: { checked: 100, violating: 2, ruleViolations: 2, byRule: { 'status-declared': 1, transport: 1 } },
    });
    expect(report.warmup!.latency.count).toBe(99);
    expect(report.warmup!.latency.min).toBeGreaterThan(249);
    // The measured requests are rated over the time after the warm-up.
    expect(report.totals.rps).toBeCloseTo(902 / 9, 1);
  });

  it('judges thresholds on the measured part; a contract violation in the warm-up still fails the verdict', () => {
    // Without the resets after the warm-up, the measured part meets the contract and its thresholds.
    const clean = warmupReport([], { resets: 0 });
    const gated = warmupReport(evaluateThresholds(parseThresholds(['p99<100ms', 'errorRate<1%', 'requests==900'].map((expression) => ({ expression, file: 'f', field: 'x' }))), clean), { resets: 0 });
    expect(gated.conformance.violating).toBe(0);
    expect(gated.thresholds.map((t) => t.ok)).toEqual([true, true, true]);
    expect(gated.verdict).toBe('fail');
    expect(gated.verdictReasons).toEqual(['2 of 100 warm-up exchanges broke the contract: 2 rule violations (transport 1, status-declared 1)']);
  });

  it('says so when every request fell in the warm-up', () => {
    const r = new Recorder({ startedAt: 0, warmup: { requests: 5 } });
    for (let i = 0; i < 3; i++) r.record(exchange(i, 10 + i), []);
    expect(buildReport(r.state(), META).verdictReasons).toEqual(['every request fell in the warm-up: nothing was measured']);
  });

  it('writes a report that report.schema.json accepts, and merges it with the warm-up still apart', () => {
    expect(checkReportShape(JSON.parse(JSON.stringify(report)), 'report.json')).toEqual([]);
    const { report: merged } = mergeReports([report, report]);
    expect(merged.totals.requests).toBe(1804);
    expect(merged.latency.count).toBe(1800);
    expect(merged.warmup).toMatchObject({ durationMs: 1000, totals: { requests: 200 }, conformance: { violating: 4 } });
    expect(merged.warmup!.latency.count).toBe(198);
    expect(merged.load.warmup).toEqual({ durationMs: 1000 });
    expect(mergedLoad([{ ...report.load, warmup: { requests: 3 } }, { ...report.load, warmup: { requests: 2 } }]).warmup).toEqual({ requests: 5 });
  });
});

describe('report.json: the load per window', () => {
  const report = overloadReport();
  const total = (key: 'offered' | 'late' | 'dropped') => report.timeline.reduce((n, w) => n + (w[key] ?? 0), 0);

  it('carries in flight, offered, late, dropped and the status classes per window, accepted by the schema', () => {
    expect(report.timeline[3]!.classes).toEqual({ '2xx': 25, '4xx': 25 });
    expect(report.timeline[6]!.offered).toBe(100);
    expect(report.timeline[6]!.inFlight).toBeGreaterThan(30);
    expect(report.timeline[2]!.inFlight).toBeCloseTo(1, 1);
    expect(report.timeline[8]!.dropped).toBe(30);
    expect(report.timeline[2]).not.toHaveProperty('late');
    expect(total('late')).toBe(report.totals.late);
    expect(total('dropped')).toBe(report.totals.dropped);
    expect(total('offered')).toBe(report.totals.requests + report.totals.dropped);
    expect(checkReportShape(JSON.parse(JSON.stringify(report)), 'report.json')).toEqual([]);
  });

  it('merges them exactly: shards side by side add up window by window', () => {
    const { report: merged } = mergeReports([report, report]);
    merged.timeline.forEach((w, i) => {
      const one = report.timeline[i]!;
      expect(w.offered ?? 0).toBe(2 * (one.offered ?? 0));
      expect(w.late ?? 0).toBe(2 * (one.late ?? 0));
      expect(w.dropped ?? 0).toBe(2 * (one.dropped ?? 0));
      expect(w.inFlight ?? 0).toBeCloseTo(2 * (one.inFlight ?? 0), 2);
      expect(w.classes).toEqual(Object.fromEntries(Object.entries(one.classes ?? {}).map(([cls, n]) => [cls, 2 * n])));
    });
  });

  it('carries the baseline run\'s latency and p50/p99 over time when gated on a baseline, accepted by the schema', () => {
    const { report: gated } = gateReport(report, { thresholds: [], baseline: { file: 'old/report.json', report: warmupReport() } });
    const before = warmupReport();
    expect(gated.baseline!.latency!.hdr).toBe(before.latency.hdr);
    expect(gated.baseline!.timeline!.map((w) => w.t)).toEqual(before.timeline.map((w) => w.t));
    expect(gated.baseline!.timeline![5]).toEqual({ t: 5, p50: before.timeline[5]!.p50, p99: before.timeline[5]!.p99 });
    expect(checkReportShape(JSON.parse(JSON.stringify(gated)), 'report.json')).toEqual([]);
  });
});
