import type { TransportErrorKind } from '../../src/exchange.js';
import { createLatencyHistogram, createWindowHistogram, encodeHistogram } from '../../src/record/histogram.js';
import { Recorder } from '../../src/record/recorder.js';
import { buildReport, type RunMeta } from '../../src/report/build.js';
import type { RunReport, ThresholdResult } from '../../src/run-report.js';
import { checkAndRecord, exchangeOf, refuseHandMadeViolations, strictChecker, type Fault } from './exchanges.js';

/**
 * Synthetic reports for renderer tests: every exchange goes through the real checker (strict
 * profile) and the real Recorder, then buildReport; never hand-written JSON or violations.
 */

export function meta(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    tool: { name: 'chatload', version: '0.0.0-test' },
    scenario: { name: 'synthetic', file: 'scenarios/synthetic.yaml' },
    target: { url: 'mock', kind: 'mock' },
    load: { model: 'open', rate: 100, durationMs: 30_000, maxInFlight: 100, timeoutMs: 10_000 },
    profile: 'strict',
    seed: 7,
    startedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 5),
    endedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 35),
    durationMs: 30_000,
    dropped: 0,
    late: 0,
    partial: false,
    ...overrides,
  };
}

export interface FakeExchange {
  /** ms since the start the request was intended to go. */
  at: number;
  /** ms from intended start to send (queueing in the open model). */
  queueMs?: number;
  serviceMs: number;
  status?: number;
  transport?: TransportErrorKind;
  /** What is wrong with the answer (test/helpers/exchanges.ts): the checker finds it. */
  fault?: Fault | Fault[];
}

export function exchange(seq: number, f: FakeExchange) {
  refuseHandMadeViolations(f);
  const sentAt = f.at + (f.queueMs ?? 0);
  return exchangeOf(seq, { intendedAt: f.at, sentAt, endAt: sentAt + f.serviceMs }, { ...(f.status !== undefined ? { status: f.status } : {}), ...(f.transport ? { transport: f.transport } : {}), ...(f.fault ? { fault: f.fault } : {}) });
}

/** The exchanges, in the order they ended, through one run's checker and recorder. */
export function recorderWith(exchanges: FakeExchange[], options: Partial<ConstructorParameters<typeof Recorder>[0]> = {}): Recorder {
  const recorder = new Recorder({ startedAt: 0, seed: 1, ...options });
  const checker = strictChecker();
  exchanges
    .map((f, i) => exchange(i, f))
    .sort((a, b) => a.endAt - b.endAt)
    .forEach((e) => checkAndRecord(recorder, checker, e));
  return recorder;
}

/**
 * A 30 s open-model run with a latency spike, 500s, resets, and schema violations in bursts:
 * every section of the page has something to draw.
 */
export function mixedReport(thresholds: ThresholdResult[] = []): RunReport {
  const exchanges: FakeExchange[] = [];
  for (let i = 0; i < 3000; i++) {
    const at = i * 10;
    const second = Math.floor(at / 1000);
    const spike = second >= 12 && second < 15;
    const serviceMs = 20 + ((i * 7919) % 97) * (spike ? 4 : 0.5) + (i % 500 === 0 ? 600 : 0);
    const queueMs = spike ? 50 + (i % 40) * 3 : 0;
    if (second === 20 && i % 3 === 0) exchanges.push({ at, serviceMs: 5, transport: 'reset' });
    else if (spike && i % 7 === 0) exchanges.push({ at, queueMs, serviceMs, status: 500 });
    else if (second >= 24 && i % 11 === 0) exchanges.push({ at, serviceMs, status: 201, fault: 'bad-enum' });
    else if (i % 400 === 0) exchanges.push({ at, serviceMs, status: 400, fault: 'html' });
    else exchanges.push({ at, queueMs, serviceMs });
  }
  const state = recorderWith(exchanges).state();
  return buildReport(state, meta(), thresholds);
}

/**
 * A 10 s open run at 100/s whose first second (the warm-up: 100 requests) is slow, one of them refused
 * and one with an undeclared 503; after them, 900 fast answers and (by default) 2 resets.
 */
export function warmupReport(thresholds: ThresholdResult[] = [], options: { resets?: number } = {}): RunReport {
  const exchanges: FakeExchange[] = [];
  const resets = options.resets ?? 2;
  for (let i = 0; i < 1000 + resets; i++) {
    const at = i * 10;
    if (i === 5) exchanges.push({ at, serviceMs: 2, transport: 'refused' });
    else if (i === 7) exchanges.push({ at, serviceMs: 300, status: 503 });
    else if (i >= 1000) exchanges.push({ at: 9000 + i - 1000, serviceMs: 1, transport: 'reset' });
    else exchanges.push({ at, serviceMs: i < 100 ? 250 + (i % 10) : 20 + (i % 7) });
  }
  const load = { model: 'open' as const, rate: 100, durationMs: 10_000, maxInFlight: 100, timeoutMs: 10_000, warmup: { durationMs: 1000 } };
  return buildReport(recorderWith(exchanges, { warmup: { durationMs: 1000 } }).state(), meta({ load, durationMs: 10_000, endedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 15) }), thresholds);
}

/** A run where nothing was sent. */
export function emptyReport(): RunReport {
  return buildReport(new Recorder({ startedAt: 0 }).state(), meta({ durationMs: 0, endedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 5) }));
}

/** Every request failed: half connection resets, half HTTP 500. */
export function onlyErrorsReport(): RunReport {
  const exchanges: FakeExchange[] = [];
  for (let i = 0; i < 400; i++) exchanges.push(i % 2 ? { at: i * 5, serviceMs: 3, transport: i % 4 === 1 ? 'refused' : 'reset' } : { at: i * 5, serviceMs: 12, status: 500 });
  return buildReport(recorderWith(exchanges).state(), meta({ durationMs: 2000, load: { model: 'closed', concurrency: 4, durationMs: 2000, timeoutMs: 10_000 } }));
}

/** Every request failed at the transport level: nothing answered at all. */
export function onlyTransportErrorsReport(): RunReport {
  const exchanges: FakeExchange[] = [];
  for (let i = 0; i < 200; i++) exchanges.push({ at: i * 10, serviceMs: 1, transport: 'refused' });
  return buildReport(recorderWith(exchanges).state(), meta({ durationMs: 2000 }));
}

/**
 * One million answered requests over 100 s, latencies spread from 1 ms to 2 s, every one recorded.
 * The answers are one conformant 201 (the checker says so once): checking a million of them would
 * take a minute of a test's time and find the same nothing.
 */
export function millionReport(): RunReport {
  const recorder = new Recorder({ startedAt: 0, seed: 1 });
  const answer = exchangeOf(0, { sentAt: 0, endAt: 1 });
  const { violations } = strictChecker().check(answer);
  if (violations.length) throw new Error(`the million-request fixture's answer breaks ${violations[0]!.rule}`);
  for (let i = 0; i < 1_000_000; i++) {
    const u = ((i * 2654435761) % 1_000_003) / 1_000_003;
    const ms = 1 + Math.exp(u * u * 7.6);
    // 10,000 answers end in each second, in order.
    const endAt = i / 10 + 0.05;
    recorder.record({ ...answer, request: { ...answer.request, seq: i }, sentAt: endAt - ms, endAt }, violations);
  }
  return buildReport(recorder.state(), meta({ durationMs: 100_000, load: { model: 'closed', concurrency: 1500, durationMs: 100_000, timeoutMs: 10_000 } }));
}

/**
 * An open run of 10.5 s against a 50-request in-flight cap: 50 arrivals/s for 5 s, then 100/s. Second 3
 * answers every other request with 429; seconds 6–8 are slow (400 ms), so the flight fills to the cap,
 * arrivals go late and, in second 8, 30 are dropped. The last window is half covered (10 s – 10.5 s), and
 * one in ten of its answers is a 500.
 */
export function overloadReport(): RunReport {
  const exchanges: FakeExchange[] = [];
  const arrivals: number[] = [];
  for (let at = 0; at < 10_500; at += at < 5000 ? 20 : 10) arrivals.push(at);
  for (const at of arrivals) {
    const second = Math.floor(at / 1000);
    const slow = second >= 6 && second < 8;
    if (second === 8 && at % 100 < 30) continue; // dropped, never sent
    const status = second === 3 && at % 40 === 0 ? 429 : second === 10 && at % 100 === 0 ? 500 : 201;
    exchanges.push({ at, queueMs: slow ? 15 : 0, serviceMs: slow ? 400 : 20, status });
  }
  const recorder = recorderWith(exchanges);
  for (const at of arrivals) recorder.offered(at);
  for (const f of exchanges) if ((f.queueMs ?? 0) > 10) recorder.late(f.at + (f.queueMs ?? 0));
  recorder.dropped(8500, 30);
  const load = { model: 'open' as const, rate: 100, stages: [{ rate: 50, durationMs: 5000 }, { rate: 100, durationMs: 5500 }], durationMs: 10_500, maxInFlight: 50, timeoutMs: 2000 };
  return buildReport(recorder.state(), meta({ load, durationMs: 10_500, dropped: 30, late: exchanges.filter((f) => (f.queueMs ?? 0) > 10).length, endedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 15, 500) }));
}
