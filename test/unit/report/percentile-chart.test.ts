import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/units.js';
import { createLatencyHistogram, encodeHistogram } from '../../../src/record/histogram.js';
import { curvePoints, percentileChart } from '../../../src/report/charts/percentile-chart.js';
import { emptyReport, meta, mixedReport, onlyTransportErrorsReport, recorderWith } from '../../helpers/report-fixtures.js';
import { buildReport } from '../../../src/report/build.js';
import { baselineDrawing } from '../../../src/report/baseline-run.js';
import { compareReports } from '../../../src/verdict/baseline.js';

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
    // A log latency axis, and says so; its ticks carry their unit (the title names none).
    expect(chart.y.label).toBe('latency (log scale)');
    expect(chart.y.scale).toBe('log');
    expect(chart.y.ticks.filter((t) => t.label).every((t) => /^\d+(\.\d+)?(µs|ms|s)$/.test(t.label))).toBe(true);
    expect(chart.y.min).toBeGreaterThan(0);
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

  it('keeps the body readable when a few requests time out: the axis spans decades, 1-2-5 ticks between', () => {
    const exchanges = Array.from({ length: 1000 }, (_, i) => (i % 100 === 0 ? { at: i, serviceMs: 2000, transport: 'timeout' as const } : { at: i, serviceMs: 20 + (i % 30) }));
    const chart = percentileChart(buildReport(recorderWith(exchanges).state(), meta({ load: { model: 'closed', concurrency: 10, timeoutMs: 2000 } })));
    expect(chart.y.max).toBeGreaterThanOrEqual(2000);
    expect(chart.y.ticks.map((t) => t.label)).toEqual(['20ms', '50ms', '100ms', '200ms', '500ms', '1s', '2s']);
    // The body (20–50 ms) gets a sixth of the height; a linear axis to 2 s would give it 1.5 %.
    const fraction = (v: number) => Math.log10(v / chart.y.min) / Math.log10(chart.y.max / chart.y.min);
    expect(fraction(50) - fraction(20)).toBeGreaterThan(0.16);
  });

  it('draws the baseline run\'s curve beside this run\'s when the comparison carries it', () => {
    const before = mixedReport();
    const after = buildReport(recorderWith(Array.from({ length: 500 }, (_, i) => ({ at: i * 10, serviceMs: 30 + (i % 50) }))).state(), meta());
    const baseline = { ...compareReports(before, after, 'old/report.json'), ...baselineDrawing(before) };
    const chart = percentileChart({ ...after, baseline });
    const curve = chart.series.find((s) => s.name === 'baseline run')!;
    expect(curve.dashed).toBe(true);
    expect(curve.note).toBe(`n=2,967 · p99 ${formatMs(before.latency.p99)} · old/report.json`);
    expect(curve.points).toHaveLength(chart.series[0]!.points.length);
    // Every curve step's tooltip gives the baseline's value too.
    expect(chart.hover![32]!.text).toMatch(/\nbaseline run: [\d.]+m?s$/);
    expect(percentileChart(after).series.some((s) => s.name === 'baseline run')).toBe(false);
  });

  it('has no series for an empty run, and survives a damaged histogram', () => {
    expect(percentileChart(emptyReport()).series).toEqual([]);
    const damaged = mixedReport();
    damaged.latency = { ...damaged.latency, hdr: 'not-base64-hdr' };
    damaged.latencyByStatusClass = { '2xx': { ...damaged.latency, hdr: encodeHistogram(createLatencyHistogram()).slice(0, 5) } };
    expect(() => percentileChart(damaged)).not.toThrow();
  });
});
