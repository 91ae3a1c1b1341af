import type { Violation } from '../../src/contract/types.js';
import type { Exchange } from '../../src/exchange.js';
import { DEFAULT_MAX_GROUPS } from '../../src/record/groups.js';
import { Recorder } from '../../src/record/recorder.js';
import { buildReport } from '../../src/report/build.js';
import type { RunReport } from '../../src/run-report.js';
import { createRequestSource } from '../../src/scenario/source.js';
import { meta } from './report-fixtures.js';

export const AGENTS = ['agent_support_01', 'agent_billing_02', 'agent_returns_03'];

export interface BreakdownRun {
  requests?: number;
  turns?: number;
  agents?: string[];
  /** Latency (ms) of one request, by agent id and turn (1-based). */
  latencyMs?: (agentId: string, turn: number, seq: number) => number;
  maxGroups?: number;
  /** Recorders that share the run (workers or shards): seq goes to conversation mod parts. */
  parts?: number;
  /** Requests that failed on the load generator (out of descriptors or ports), by seq: they never reach the target. */
  generatorError?: (seq: number) => boolean;
}

const defaultLatency = (agentId: string, turn: number, seq: number) => (agentId === 'agent_billing_02' ? 200 : 20) + turn * 10 + (seq % 7);

/** Recorder states of a synthetic 3-agent run (through the real Recorder, with its breakdown): 1 state, or one per part. */
export function breakdownStates(run: BreakdownRun = {}) {
  const agents = run.agents ?? AGENTS;
  const turns = run.turns ?? 3;
  const source = createRequestSource({ agents, inputs: ['hello', 'refund'], variables: [], strategy: 'cartesian', seed: 1, turns });
  const latencyMs = run.latencyMs ?? defaultLatency;
  const parts = Array.from({ length: run.parts ?? 1 }, () => new Recorder({ startedAt: 0, seed: 1, breakdown: { agents, agentOf: source.agentIndexAt, turns, maxGroups: run.maxGroups ?? DEFAULT_MAX_GROUPS } }));
  const requests = run.requests ?? 3000;
  const exchanges: { exchange: Exchange; violations: Violation[]; part: number }[] = [];
  for (let seq = 0; seq < requests; seq++) {
    const body = source.at(seq);
    const turn = (seq % turns) + 1;
    const ms = latencyMs(body.agentId, turn, seq);
    const at = seq * 5;
    const base = { request: { seq, intendedAt: at, body }, sentAt: at, endAt: at + ms };
    const part = Math.floor(seq / turns) % parts.length;
    if (run.generatorError?.(seq)) exchanges.push({ exchange: { ...base, error: { kind: 'generator', message: 'EMFILE' } }, violations: [], part });
    else if (seq % 211 === 0) exchanges.push({ exchange: { ...base, error: { kind: 'reset', message: 'reset' } }, violations: [{ rule: 'transport', message: 'connection reset' }], part });
    else exchanges.push({ exchange: { ...base, status: seq % 53 === 0 ? 500 : 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') }, violations: [], part });
  }
  exchanges.sort((a, b) => a.exchange.endAt - b.exchange.endAt).forEach(({ exchange, violations, part }) => parts[part]!.record(exchange, violations));
  return parts.map((p) => p.state());
}

/** A report of that run: agent_billing_02 at ~200 ms, the others at ~20 ms, each turn 10 ms slower. */
export function breakdownReport(run: BreakdownRun = {}): RunReport {
  const turns = run.turns ?? 3;
  const requests = run.requests ?? 3000;
  const durationMs = requests * 5 + 400;
  return buildReport(breakdownStates({ ...run, parts: 1 })[0]!, meta({ durationMs, endedAtEpochMs: Date.UTC(2025, 0, 2, 3, 4, 5) + durationMs, load: { model: 'open', rate: 200, durationMs, maxInFlight: 100, timeoutMs: 10_000, ...(turns > 1 ? { turns } : {}) } }));
}
