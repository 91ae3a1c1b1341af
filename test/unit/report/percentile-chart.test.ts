import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram } from '../../../src/record/histogram.js';
import { curvePoints, percentileChart } from '../../../src/report/charts/percentile-chart.js';
import { emptyReport, meta, mixedReport, onlyTransportErrorsReport, recorderWith } from '../../helpers/report-fixtures.js';
import { buildReport } from '../../../src/report/build.js';

describe('curvePoints', () => {
  it('gives a fixed number of non-decreasing points from 0 % to 99.99 %, however many values', () => {
    const small = createLatencyHistogram();
    const large = createLatencyHistogram();
    for (let i = 1; i <= 100; i++) small.recordValue(i * 1000);
    for (let i = 1; i <= 200_000; i++) large.recordValue(i);
    const a = curvePoints(small);
    const b = curvePoints(large);
    expect(a).toHaveLength(b.length);
    expect(a.length).toBe(65);
    expect(a[0]!.percentile).toBe(0);
    expect(a.at(-1)!.percentile).toBeCloseTo(99.99, 6);
    for (let i = 1; i < b.length; i++) expect(b[i]!.ms).toBeGreaterThanOrEqual(b[i - 1]!.ms);
    // 200 000 values of 1..200 000 µs: the median is about 100 ms.
    const median = b.find((p) => p.percentile >= 50)!;
    expect(median.ms).toBeGreaterThan(95);
    expect(median.ms).toBeLessThan(135);
  });

  it('is empty for an empty histogram', () => {
    expect(curvePoints(createLatencyHistogram())).toEqual([]);
  });
});

describe('percentileChart', () => {
  it('draws corrected latency, the uncorrected service time (open model) and each status class', () => {
    const chart = percentileChart(mixedReport());
    // Its resets are counted, not timed: they draw no curve.
    expect(chart.series.map((s) => s.name)).toEqual(['latency (from intended start)', 'service time (uncorrected)', '2xx', '4xx', '5xx']);
    expect(chart.series[1]!.dashed).toBe(true);
    expect(chart.x.ticks.at(-1)!.label).toBe('99.99%');
    expect(chart.x.label).toMatch(/percentile/);
    expect(chart.y.label).toBe('latency (ms)');
    // The service time excludes queueing, so its p99 is below the corrected one.
    const p99 = (i: number) => chart.series[i]!.points[32]![1]!;
    expect(p99(1)).toBeLessThan(p99(0));
  });

  it('does not repeat a status class that holds all the responses, nor the service time of a closed run', () => {
    const state = recorderWith([{ at: 0, serviceMs: 10 }, { at: 5, serviceMs: 20 }]).state();
    const report = buildReport(state, meta({ load: { model: 'closed', concurrency: 1, timeoutMs: 1000 } }));
    expect(percentileChart(report).series.map((s) => s.name)).toEqual(['latency']);
  });

  it('draws the timeouts (the only timed transport failures) as their own curve; refused connections draw none', () => {
    const state = recorderWith([{ at: 0, serviceMs: 10 }, { at: 5, serviceMs: 1000, transport: 'timeout' }, { at: 6, serviceMs: 1, transport: 'reset' }]).state();
    const report = buildReport(state, meta({ load: { model: 'closed', concurrency: 1, timeoutMs: 1000 } }));
    expect(percentileChart(report).series.map((s) => [s.name, s.note])).toEqual([
      ['latency', expect.stringMatching(/^n=2 /)],
      ['2xx', expect.stringMatching(/^n=1 /)],
      ['timeouts', expect.stringMatching(/^n=1 /)],
    ]);
    expect(percentileChart(onlyTransportErrorsReport()).series).toEqual([]);
  });

  it('has no series for an empty run, and survives a damaged histogram', () => {
    expect(percentileChart(emptyReport()).series).toEqual([]);
    const damaged = mixedReport();
    damaged.latency = { ...damaged.latency, hdr: 'not-base64-hdr' };
    damaged.latencyByStatusClass = { '2xx': { ...damaged.latency, hdr: encodeHistogram(createLatencyHistogram()).slice(0, 5) } };
    expect(() => percentileChart(damaged)).not.toThrow();
  });
});
