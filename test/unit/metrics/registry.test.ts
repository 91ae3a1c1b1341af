import { describe, expect, it } from 'vitest';
import { emptyFigures, type MetricsFigures } from '../../../src/metrics/figures.js';
import { LATENCY_BUCKETS_SECONDS } from '../../../src/metrics/names.js';
import { createMetricsRegistry, targetOrigin } from '../../../src/metrics/registry.js';
import { RULES } from '../../../src/contract/types.js';
import { parseExposition, sampleKey, sumOf } from '../../helpers/exposition.js';

const INFO = { runId: '20261201-120000Z-smoke', scenario: 'smoke', targetOrigin: 'mock' };

function figures(): MetricsFigures {
  const f = emptyFigures();
  f.requests = { '201': { agent_support_01: 7, other: 2 }, '429': { agent_support_01: 1 }, timeout: { other: 1 } };
  f.warmupRequests = 3;
  f.violations = { 'body-schema': 2 };
  for (const us of [4_000, 20_000, 20_000, 150_000, 10_000_000]) f.latency.recordValue(us);
  for (const us of [3_000, 10_000]) f.service.recordValue(us);
  f.latencySumUs = 10_194_000;
  f.serviceSumUs = 13_000;
  f.inFlight = 4;
  f.late = 5;
  f.dropped = 6;
  f.offeredRate = 12.5;
  return f;
}

const scrape = async (read: () => MetricsFigures, options = { offeredRate: true }, secrets: string[] = []) => {
  const registry = createMetricsRegistry(read, INFO, secrets, options);
  const text = await registry.metrics();
  return { text, exposition: parseExposition(text), contentType: registry.contentType };
};

describe('the metrics exposition', () => {
  it('names every metric with its type, in the Prometheus text format', async () => {
    const { exposition, contentType } = await scrape(figures);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(Object.fromEntries(exposition.types)).toEqual({
      chatload_requests_total: 'counter',
      chatload_warmup_requests_total: 'counter',
      chatload_violations_total: 'counter',
      chatload_latency_seconds: 'histogram',
      chatload_service_seconds: 'histogram',
      chatload_in_flight: 'gauge',
      chatload_late_total: 'counter',
      chatload_dropped_total: 'counter',
      chatload_offered_rate: 'gauge',
      chatload_run_info: 'gauge',
    });
    for (const name of exposition.types.keys()) expect(exposition.help.get(name)).toBeTruthy();
  });

  it('gives requests by status and agent, violations by rule (every rule, zero or not), and the counters as they are', async () => {
    const { exposition: e } = await scrape(figures);
    expect(e.samples.get(sampleKey('chatload_requests_total', { status: '201', agent: 'agent_support_01' }))).toBe(7);
    expect(e.samples.get(sampleKey('chatload_requests_total', { status: '201', agent: 'other' }))).toBe(2);
    expect(e.samples.get(sampleKey('chatload_requests_total', { status: '429', agent: 'agent_support_01' }))).toBe(1);
    expect(e.samples.get(sampleKey('chatload_requests_total', { status: 'timeout', agent: 'other' }))).toBe(1);
    expect(sumOf(e, 'chatload_requests_total')).toBe(11);
    expect(RULES.map((rule) => e.samples.get(sampleKey('chatload_violations_total', { rule })))).toEqual(RULES.map((rule) => (rule === 'body-schema' ? 2 : 0)));
    expect(e.samples.get('chatload_warmup_requests_total')).toBe(3);
    expect(e.samples.get('chatload_late_total')).toBe(5);
    expect(e.samples.get('chatload_dropped_total')).toBe(6);
    expect(e.samples.get('chatload_in_flight')).toBe(4);
    expect(e.samples.get('chatload_offered_rate')).toBe(12.5);
    expect(e.samples.get(sampleKey('chatload_run_info', { run_id: INFO.runId, scenario: 'smoke', target_origin: 'mock' }))).toBe(1);
  });

  it('derives the histograms from the HDR histograms: cumulative buckets, +Inf and _count equal to the values timed', async () => {
    const { exposition: e } = await scrape(figures);
    const bucket = (le: string) => e.samples.get(sampleKey('chatload_latency_seconds_bucket', { le }));
    expect(LATENCY_BUCKETS_SECONDS.map((s) => bucket(String(s)))).toEqual(LATENCY_BUCKETS_SECONDS.map((s) => [0.004, 0.02, 0.02, 0.15, 10].filter((v) => v <= s).length));
    expect(bucket('+Inf')).toBe(5);
    expect(e.samples.get('chatload_latency_seconds_count')).toBe(5);
    expect(e.samples.get('chatload_latency_seconds_sum')).toBe(10.194);
    expect(e.samples.get('chatload_service_seconds_count')).toBe(2);
    expect(e.samples.get('chatload_service_seconds_sum')).toBe(0.013);
  });

  it('has no offered rate outside the open model', async () => {
    const { exposition } = await scrape(figures, { offeredRate: false });
    expect(exposition.types.has('chatload_offered_rate')).toBe(false);
  });

  it('reads the figures once per scrape, and again at the next', async () => {
    let reads = 0;
    const registry = createMetricsRegistry(() => (reads++, figures()), INFO, [], { offeredRate: true });
    await registry.metrics();
    expect(reads).toBe(1);
    await registry.metrics();
    expect(reads).toBe(2);
  });

  it('never shows the API key in a label value (a canary key in every label)', async () => {
    const canary = 'sk-canary-9f8e7d6c5b4a';
    const f = figures();
    f.requests = { '201': { [`agent-${canary}`]: 1 } };
    const registry = createMetricsRegistry(() => f, { runId: `run-${canary}`, scenario: `s-${canary}`, targetOrigin: targetOrigin(`https://user:${canary}@api.example.com/v1?key=${canary}`) }, [canary], { offeredRate: true });
    const text = await registry.metrics();
    expect(text).not.toContain(canary);
    expect(text).toContain('target_origin="https://api.example.com"');
    expect(text).toContain('agent="agent-[REDACTED]"');
  });

  it('shows a target by its origin only', () => {
    expect(targetOrigin('mock')).toBe('mock');
    expect(targetOrigin('https://api.sigmamind.ai/base?x=1')).toBe('https://api.sigmamind.ai');
    expect(targetOrigin('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
  });
});
