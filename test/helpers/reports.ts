import { createRng } from '../../src/random.js';
import { Recorder } from '../../src/record/recorder.js';
import { buildReport, type RunMeta } from '../../src/report/build.js';
import type { RunReport } from '../../src/run-report.js';
import { checkAndRecord, exchangeOf, refuseHandMadeViolations, strictChecker, type Fault } from './exchanges.js';

/** One synthetic exchange for a recorder: latency in ms, a status (or a refused connection), what is wrong with the answer. */
export interface FakeExchange {
  ms: number;
  status?: number;
  /** What is wrong with the answer (test/helpers/exchanges.ts): the checker finds it. */
  fault?: Fault | Fault[];
  /** The connection was refused: no answer. */
  transport?: boolean;
}

export function fakeMeta(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    tool: { name: 'chatload', version: 'test' },
    scenario: { name: 'synthetic', file: 'synthetic.yaml' },
    target: { url: 'mock', kind: 'mock' },
    load: { model: 'closed', concurrency: 4, requests: 100, timeoutMs: 1000 },
    profile: 'strict',
    seed: 1,
    startedAtEpochMs: Date.parse('2025-01-01T00:00:00Z'),
    endedAtEpochMs: Date.parse('2025-01-01T00:00:10Z'),
    durationMs: 10_000,
    dropped: 0,
    late: 0,
    partial: false,
    ...overrides,
  };
}

/** Checks and records the exchanges (sent 10 ms apart) as a run does, with no sockets. */
export function recordExchanges(exchanges: FakeExchange[]): Recorder {
  const recorder = new Recorder({ startedAt: 0 });
  const checker = strictChecker();
  exchanges.forEach((e, seq) => {
    refuseHandMadeViolations(e);
    const sentAt = seq * 10;
    checkAndRecord(recorder, checker, exchangeOf(seq, { sentAt, endAt: sentAt + e.ms }, { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.transport ? { transport: 'refused' } : {}), ...(e.fault ? { fault: e.fault } : {}) }));
  });
  return recorder;
}

export function reportOf(exchanges: FakeExchange[], meta: Partial<RunMeta> = {}): RunReport {
  return buildReport(recordExchanges(exchanges).state(), fakeMeta(meta));
}

/** n latencies (ms) from a seeded lognormal-ish spread around `median`. */
export function latencies(n: number, median: number, spread: number, seed = 1): number[] {
  const random = createRng(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return median * Math.exp(spread * z);
  });
}
