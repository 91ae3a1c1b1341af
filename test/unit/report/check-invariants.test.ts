import * as hdr from 'hdr-histogram-js';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../../src/record/histogram.js';
import { Recorder } from '../../../src/record/recorder.js';
import { buildReport, latencyReport } from '../../../src/report/build.js';
import { checkReportInvariants, timelineWindowMs, type ReportProblem } from '../../../src/report/check-invariants.js';
import { mergeReports } from '../../../src/report/merge-reports.js';
import type { RunReport } from '../../../src/run-report.js';
import { emptyReport, exchange, meta, millionReport, mixedReport, onlyErrorsReport, onlyTransportErrorsReport, recorderWith } from '../../helpers/report-fixtures.js';
import { latencies, reportOf } from '../../helpers/reports.js';

/** Reports as they are read back: through JSON. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const check = (report: RunReport) => checkReportInvariants(report, 'r.json');
const lines = (problems: ReportProblem[]) => problems.map((p) => `${p.field}: ${p.message}`);
const at = (report: RunReport, field: string) => check(report).filter((p) => p.field === field);

/** An open-model run whose schedule fell behind (corrected latency above service time), with 2xx, 4xx, 5xx and resets. */
const MIXED = clone(mixedReport());
/** 2xx answers and timeouts. */
const TIMEOUTS = clone(buildReport(recorderWith(Array.from({ length: 300 }, (_, i) => (i % 10 === 3 ? { at: i * 10, serviceMs: 1000, transport: 'timeout' as const } : { at: i * 10, serviceMs: 5 + (i % 13) }))).state(), meta({ durationMs: 5000 })));

describe('checkReportInvariants: what the recorder and buildReport write holds every invariant', () => {
  it('accepts every kind of report chatload builds, and an exact merge of them', () => {
    const parts = [0, 1, 2].map((seed) => reportOf(latencies(500, 20, 0.5, seed).map((ms, i) => ({ ms, ...(i % 50 === 0 ? { status: 500 } : {}), ...(i % 70 === 0 ? { transport: true } : {}) }))));
    for (const report of [MIXED, TIMEOUTS, emptyReport(), onlyErrorsReport(), onlyTransportErrorsReport(), millionReport(), ...parts, mergeReports(parts).report]) {
      expect(lines(check(clone(report)))).toEqual([]);
    }
  });
});

describe('checkReportInvariants: a run of a few milliseconds', () => {
  // rps is rated over the unrounded duration, report.json keeps it rounded to the millisecond: at a
  // few milliseconds that half millisecond moves rps by more than a first-order allowance (a real
  // 3-request run of 7.525 ms, rps 398.66 against 3 / 8 ms = 375, was refused when read back).
  it('accepts the rps of a run whose duration was rounded, with or without a warm-up', () => {
    for (const durationMs of [1.6, 2.49, 4.5, 7.525, 9.5, 30.49]) {
      const fakes = Array.from({ length: 3 }, (_, i) => ({ at: (i * durationMs) / 4, serviceMs: durationMs / 8 }));
      const report = clone(buildReport(recorderWith(fakes).state(), meta({ durationMs })));
      expect(lines(check(report)), `${durationMs} ms`).toEqual([]);
    }
    for (const [warmupMs, durationMs] of [[2.5, 7.49], [1.5, 4.51], [3.49, 9.5]] as const) {
      const fakes = Array.from({ length: 6 }, (_, i) => ({ at: (i * durationMs) / 7, serviceMs: 0.1 }));
      const report = clone(buildReport(recorderWith(fakes, { warmup: { durationMs: warmupMs } }).state(), meta({ durationMs })));
      expect(lines(check(report)), `${warmupMs} ms of ${durationMs} ms`).toEqual([]);
    }
  });
});

describe('checkReportInvariants: a run with a warm-up', () => {
  it('rates the measured requests over the time after the warm-up, as buildReport does', () => {
    const fakes = Array.from({ length: 300 }, (_, i) => ({ at: i * 10, serviceMs: 5 }));
    const report = clone(buildReport(recorderWith(fakes, { warmup: { durationMs: 1000 } }).state(), meta({ durationMs: 3000 })));
    expect(report.warmup!.durationMs).toBe(1000);
    expect(report.totals.rps).toBe(100);
    expect(lines(check(report))).toEqual([]);
    report.totals.rps = 66.67;
    expect(lines(at(report, 'totals.rps'))).toEqual(['totals.rps: is 66.67, but requests / duration = 200 / the 2 s after the warm-up = 100']);
  });
});

describe('checkReportInvariants: every hdr decodes in the unit, precision and range chatload records', () => {
  it('a corrupted hdr string: not usable, even forced', () => {
    const r = clone(MIXED);
    const hdrText = r.latencyByStatusClass['5xx']!.hdr;
    const middle = Math.floor(hdrText.length / 2);
    r.latencyByStatusClass['5xx']!.hdr = `${hdrText.slice(0, middle)}${hdrText[middle] === 'A' ? 'B' : 'A'}${hdrText.slice(middle + 1)}`;
    const [problem] = at(r, 'latencyByStatusClass.5xx.hdr');
    expect(problem).toMatchObject({ file: 'r.json', forceable: false, fix: 'use the report.json exactly as chatload wrote it: an hdr string is copied whole, never edited' });
    expect(problem!.message).toMatch(/^is corrupted: its compressed data does not inflate/);
  });

  it('a wrong encoding (the uncompressed form) in a timeline window', () => {
    const r = clone(MIXED);
    const bytes = Buffer.from(r.timeline[4]!.hdr, 'base64');
    r.timeline[4]!.hdr = inflateSync(bytes.subarray(8, 8 + bytes.readUInt32BE(4))).toString('base64');
    expect(lines(at(r, 'timeline[4].hdr'))).toEqual(['timeline[4].hdr: is an uncompressed HDR encoding; chatload writes and reads the compressed V2 encoding (encodeIntoCompressedBase64)']);
  });

  it('a histogram of another unit, precision or range', () => {
    const foreign = (lowest: number, digits: 1 | 2 | 3, value: number) => {
      const h = hdr.build({ lowestDiscernibleValue: lowest, highestTrackableValue: 2 ** 40, numberOfSignificantValueDigits: digits });
      h.recordValue(value);
      return hdr.encodeIntoCompressedBase64(h);
    };
    const r = clone(TIMEOUTS);
    r.serviceTime.hdr = foreign(1000, 3, 5000);
    r.goodLatency!.hdr = foreign(1, 2, 5000);
    r.latencyByStatusClass['2xx']!.hdr = foreign(1, 3, 7_200_000_000); // 2 h in µs, in a 5 s run with a 10 s timeout
    expect(lines(check(r).filter((p) => !p.forceable))).toEqual([
      'serviceTime.hdr: declares a lowest value of 1000: chatload records whole microseconds (lowest 1)',
      'goodLatency.hdr: has 2 significant digits, chatload records 3: percentiles drawn from it would be coarser than they claim',
      "latencyByStatusClass.2xx.hdr: holds values up to 7,201,620 ms, more than this run could measure (3,600,000 ms: its duration plus its timeout): not microseconds, or not this run's histogram",
    ]);
  });
});

describe('checkReportInvariants: the counts add up', () => {
  it('requests = responses + transport errors', () => {
    const r = clone(MIXED);
    r.totals.requests = 1_000_199;
    expect(at(r, 'totals.requests')).toEqual([
      expect.objectContaining({ message: 'is 1,000,199, but responses + transportErrors = 2,967 + 33 = 3,000 (every request ends in one or the other)', forceable: true }),
    ]);
  });

  it('the status counts add up to the responses', () => {
    const r = clone(MIXED);
    r.status['201'] = r.status['201']! + 5;
    expect(lines(at(r, 'status'))).toEqual(['status: counts 2,972 responses, but totals.responses is 2,967']);
  });

  it('the transport errors by kind add up, and the timeouts are those of kind timeout', () => {
    const r = clone(TIMEOUTS);
    r.transportErrors = { reset: 30 };
    expect(lines(at(r, 'transportErrors'))).toEqual([]);
    expect(lines(at(r, 'totals.timeouts'))).toEqual(['totals.timeouts: is 30, but transportErrors.timeout is 0']);
    r.transportErrors = { timeout: 30, reset: 2 };
    expect(lines(at(r, 'transportErrors'))).toEqual(['transportErrors: counts 32 transport errors, but totals.transportErrors is 30']);
  });

  it('errors = transport errors + responses with status ≥ 400; the error rate and rps follow', () => {
    const r = clone(MIXED);
    r.totals.errors -= 10;
    r.totals.rps *= 2;
    expect(lines(at(r, 'totals.errors'))).toEqual(['totals.errors: is 74, but transport errors (other than the generator\'s) + responses with status ≥ 400 = 33 + 51 = 84']);
    expect(lines(at(r, 'totals.errorRate'))).toEqual(['totals.errorRate: is 0.028, but errors / (requests − generatorErrors) = 0.024666666666666667']);
    expect(lines(at(r, 'totals.rps'))).toEqual(['totals.rps: is 200, but requests / duration = 3,000 / 30 s = 100']);
  });

  it('generator errors are transport errors, but neither the target\'s errors nor checked', () => {
    const r = clone(MIXED);
    r.totals.requests += 7;
    r.totals.transportErrors += 7;
    r.transportErrors['generator'] = 7;
    r.totals.generatorErrors = 7;
    if (r.totals.untimed !== undefined) r.totals.untimed += 7;
    r.totals.rps = Math.round((r.totals.requests / r.durationMs) * 100_000) / 100;
    expect(lines(check(r).filter((p) => p.field.startsWith('totals.') || p.field.startsWith('conformance.')))).toEqual([]);
    r.totals.generatorErrors = 5;
    expect(lines(at(r, 'totals.generatorErrors'))).toEqual(['totals.generatorErrors: is 5, but transportErrors.generator is 7']);
  });

  it('each exchange is checked once, and a violating exchange broke at least one rule', () => {
    const r = clone(MIXED);
    r.conformance.checked = 2000;
    r.conformance.byRule = { 'body-schema': 3 };
    expect(lines(check(r).filter((p) => p.field.startsWith('conformance.')))).toEqual([
      'conformance.checked: is 2,000, but 3,000 requests reached the target (each exchange is checked once; generator errors are not)',
      'conformance.byRule: counts 3 rule violations, fewer than the 95 violating exchanges (each broke at least one rule)',
      'conformance.samples: keeps 5 samples of content-type, which conformance.byRule counts 0 times',
      'conformance.samples: keeps 5 samples of transport, which conformance.byRule counts 0 times',
      'conformance.samples: keeps 5 samples of body-schema, which conformance.byRule counts 3 times',
    ]);
    r.conformance.violating = 3001;
    expect(lines(at(r, 'conformance.violating'))).toEqual(['conformance.violating: is 3,001, more than the 2,000 exchanges checked']);
  });
});

describe('checkReportInvariants: each histogram against the counts it times and the figures beside it', () => {
  it('the figures stored beside an hdr are the ones it gives', () => {
    const r = clone(MIXED);
    const p99 = r.latency.p99!;
    r.latency.p99 = 12.5;
    expect(lines(at(r, 'latency.p99'))).toEqual([`latency.p99: is 12.5 ms, but its histogram (latency.hdr) gives ${p99} ms: the figure was edited, or the hdr belongs to another report`]);
    r.latencyByStatusClass['4xx']!.count = 9;
    expect(lines(at(r, 'latencyByStatusClass.4xx.count'))).toEqual(['latencyByStatusClass.4xx.count: is 9, but its histogram (latencyByStatusClass.4xx.hdr) gives 8: the figure was edited, or the hdr belongs to another report']);
  });

  it('every answer and every timeout is timed once: the overall histogram holds responses + timeouts', () => {
    const r = clone(TIMEOUTS);
    const other = clone(reportOf(latencies(400, 10, 0.2, 9).map((ms) => ({ ms }))));
    r.latency = other.latency;
    expect(lines(at(r, 'latency.hdr'))[0]).toBe('latency.hdr: holds 400 latencies, but responses + timeouts = 270 + 30 = 300 (every answer and every timeout is timed once)');
    r.serviceTime = clone(TIMEOUTS).serviceTime;
    expect(lines(at(r, 'serviceTime.hdr'))).toEqual(['serviceTime.hdr: holds 300 values, but latency.hdr holds 400 (both time the same exchanges)']);
  });

  it('the corrected latency and the service time swapped', () => {
    const r = clone(MIXED);
    [r.latency, r.serviceTime] = [r.serviceTime, r.latency];
    const [problem] = at(r, 'serviceTime.hdr');
    expect(problem!.message).toMatch(/^is slower than latency\.hdr \([\d,]+ latencies ≤ [\d,]+ ms, only [\d,]+ service times\): a service time \(send → end\) never exceeds its corrected latency \(intended start → end\), so the two were swapped/);
    expect(problem!.forceable).toBe(true);
  });

  it('a status class holds its own statuses: two classes swapped', () => {
    const r = clone(MIXED);
    [r.latencyByStatusClass['4xx'], r.latencyByStatusClass['5xx']] = [r.latencyByStatusClass['5xx']!, r.latencyByStatusClass['4xx']!];
    expect(lines(check(r).filter((p) => p.field.startsWith('latencyByStatusClass')))).toEqual([
      'latencyByStatusClass.4xx.hdr: holds 43 latencies, but 8 4xx responses were counted (status): a histogram of another class or report',
      'latencyByStatusClass.5xx.hdr: holds 8 latencies, but 43 5xx responses were counted (status): a histogram of another class or report',
    ]);
  });

  it('a class missing, a class with no responses, a class chatload does not record', () => {
    const r = clone(MIXED);
    const { '4xx': fourxx, ...rest } = r.latencyByStatusClass;
    r.latencyByStatusClass = { ...rest, '3xx': fourxx!, teapot: fourxx! };
    expect(lines(check(r).filter((p) => p.field.startsWith('latencyByStatusClass')))).toEqual([
      'latencyByStatusClass.3xx.hdr: holds 8 latencies, but no 3xx response was counted (status)',
      'latencyByStatusClass.teapot: is not a class chatload records (1xx … 5xx, transport)',
      'latencyByStatusClass.4xx: is missing, but 8 4xx responses were counted',
      // The 4xx latencies are now counted twice (3xx, teapot): more answers than the overall histogram holds.
      'latencyByStatusClass: holds 29 answers at 21 ms, where latency.hdr holds 28: a class histogram belongs to another class or report',
    ]);
  });

  it('bucket by bucket, the classes lie within the overall histogram: a class histogram of another run with the same count', () => {
    const r = clone(MIXED);
    const answers = r.status['201']!;
    const other = clone(reportOf(latencies(answers, 300, 0.2, 4).map((ms) => ({ ms }))));
    r.latencyByStatusClass['2xx'] = other.latencyByStatusClass['2xx']!;
    const [problem] = at(r, 'latencyByStatusClass');
    expect(problem!.message).toMatch(/^holds \d+ answers at [\d,]+ ms, where latency\.hdr holds \d+: a class histogram belongs to another class or report$/);
  });

  it('bucket by bucket, the overall histogram lies within the classes', () => {
    const r = clone(TIMEOUTS);
    // The answers as they were, the 30 timeouts moved from 1 s to 900 ms: no class holds them there.
    const moved = createLatencyHistogram();
    moved.add(decodeHistogram(r.latencyByStatusClass['2xx']!.hdr));
    moved.recordValueWithCount(900_000, 30);
    r.latency = latencyReport(encodeHistogram(moved));
    r.serviceTime = latencyReport(encodeHistogram(moved));
    expect(lines(check(r))).toEqual(['latency.hdr: holds 30 latencies at 900 ms, where the status classes hold 0: a histogram belongs to another report']);
  });

  it('the goodput histogram holds no more than the exchanges that met the contract', () => {
    const r = clone(MIXED);
    r.goodLatency = r.latency;
    expect(lines(at(r, 'goodLatency.hdr'))).toEqual(['goodLatency.hdr: holds 2,967 values, more than the 2,905 exchanges that met the contract']);
  });
});

describe('checkReportInvariants: the timeline', () => {
  it('windows of one size from 0 s: different window sizes are not usable, even forced', () => {
    const r = clone(MIXED);
    r.timeline[7]!.t = 7.5;
    expect(at(r, 'timeline[7].t')).toEqual([expect.objectContaining({ message: 'is 7.5 s, where windows of 1 s (as timeline[0] … timeline[1]) put 7 s: the windows are of different sizes', forceable: false })]);
    const shifted = clone(MIXED);
    shifted.timeline = shifted.timeline.map((w) => ({ ...w, t: w.t + 2 }));
    expect(lines(at(shifted, 'timeline[0].t'))).toEqual(["timeline[0].t: is 2 s: chatload's timeline starts at 0"]);
  });

  it('a report of half-second windows is consistent in itself, and its window size is known', () => {
    const recorder = new Recorder({ startedAt: 0, windowMs: 500 });
    for (let i = 0; i < 200; i++) recorder.record(exchange(i, { at: i * 10, serviceMs: 5 }), []);
    const r = clone(buildReport(recorder.state(), meta({ durationMs: 2000 })));
    expect(lines(check(r))).toEqual([]);
    expect(timelineWindowMs(r)).toBe(500);
  });

  it('the windows add up to the totals: requests, errors, violating exchanges', () => {
    const r = clone(MIXED);
    r.timeline[3]!.requests += 7;
    r.timeline[3]!.rps += 7;
    r.timeline[5]!.errors += 1;
    r.timeline[9]!.violating += 2;
    expect(lines(at(r, 'timeline'))).toEqual([
      'timeline: counts 3,007 requests over its windows, but totals.requests is 3,000',
      'timeline: counts 85 errors over its windows, but totals.errors is 84',
      'timeline: counts 97 violating exchanges over its windows, but conformance.violating is 95',
    ]);
  });

  it("each window's histogram: no more latencies than requests, its figures, its rate; all of them the overall histogram's count", () => {
    const r = clone(MIXED);
    r.timeline[2]!.hdr = r.timeline[3]!.hdr;
    r.timeline[2]!.requests -= 50;
    r.timeline[2]!.rps -= 50;
    r.timeline[3]!.requests += 50;
    r.timeline[3]!.p99 = 1;
    r.timeline[4]!.rps = 1;
    const timeline = lines(check(r).filter((p) => p.field.startsWith('timeline')));
    expect(timeline).toContain('timeline[2].hdr: holds 100 latencies, more than the window\'s 50 requests');
    expect(timeline).toContainEqual(expect.stringMatching(/^timeline\[3\]\.p99: is 1 ms, but its histogram \(timeline\[3\]\.hdr\) gives [\d.]+ ms/));
    expect(timeline).toContain('timeline[3].rps: is 100, but 150 requests in 1 s make 150');
    expect(timeline).toContain('timeline[4].rps: is 1, but 101 requests in 1 s make 101');
  });

  it('the windows hold as many latencies as the overall histogram', () => {
    const r = clone(MIXED);
    r.timeline[6]!.hdr = r.timeline[20]!.hdr;
    expect(lines(at(r, 'timeline'))).toEqual(['timeline: holds 2,935 latencies over its windows, but latency.hdr holds 2,967']);
  });
});
