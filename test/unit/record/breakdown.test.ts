import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../src/contract/types.js';
import type { Exchange } from '../../../src/exchange.js';
import { Breakdown } from '../../../src/record/breakdown.js';
import { agentGroup, DEFAULT_MAX_GROUPS, OTHER_GROUP } from '../../../src/record/groups.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, summarize } from '../../../src/record/histogram.js';
import { mergeStates } from '../../../src/record/merge.js';
import { Recorder } from '../../../src/record/recorder.js';
import { createRequestSource } from '../../../src/scenario/source.js';

const AGENTS = ['agent_support_01', 'agent_billing_02', 'agent_returns_03'];
const TURNS = 3;
const source = createRequestSource({ agents: AGENTS, inputs: ['a', 'b'], variables: [], strategy: 'cartesian', seed: 1, turns: TURNS });
const breakdown = (agents = AGENTS, maxGroups = DEFAULT_MAX_GROUPS, agentOf = source.agentIndexAt, turns = TURNS) => ({ agents, agentOf, turns, maxGroups });

/** Agent billing is slow, turn k costs k × 10 ms more; every 40th a 500, every 50th a violation, every 97th a reset. */
function exchangeAt(seq: number): { exchange: Exchange; violations: Violation[] } {
  const body = source.at(seq);
  const slow = body.agentId === 'agent_billing_02' ? 200 : 20;
  const ms = slow + (seq % TURNS) * 10 + (seq % 7);
  const base = { request: { seq, intendedAt: seq, body }, sentAt: seq + (seq % 3), endAt: seq + ms };
  const violations: Violation[] = seq % 50 === 0 ? [{ rule: 'body-schema', message: 'm' }] : [];
  if (seq % 97 === 0) return { exchange: { ...base, error: { kind: 'reset', message: 'reset' } }, violations: [{ rule: 'transport', message: 'reset' }] };
  return { exchange: { ...base, status: seq % 40 === 0 ? 500 : 201, headers: {}, body: Buffer.from('{}') }, violations };
}

const feed = (recorders: Recorder[], count: number, pick = (seq: number) => seq % recorders.length) => {
  for (let seq = 0; seq < count; seq++) {
    const { exchange, violations } = exchangeAt(seq);
    recorders[pick(seq)]!.record(exchange, violations);
  }
};

describe('agent groups', () => {
  it('keep agent number i while i < maxGroups, then fold into other', () => {
    const agents = Array.from({ length: 5 }, (_, i) => `a${i}`);
    expect(agents.map((_, i) => agentGroup(i, agents, 3))).toEqual(['a0', 'a1', 'a2', OTHER_GROUP, OTHER_GROUP]);
    expect(agentGroup(7, agents, 50)).toBe(OTHER_GROUP);
    expect(DEFAULT_MAX_GROUPS).toBe(50);
  });
});

describe('the breakdown', () => {
  it('keeps per agent and per turn what the run keeps, and the groups add up to the run', () => {
    const recorder = new Recorder({ startedAt: 0, breakdown: breakdown() });
    feed([recorder], 3000);
    const state = recorder.state();
    const b = state.breakdown!;
    expect(Object.keys(b.agent)).toEqual(AGENTS);
    expect(Object.keys(b.turn)).toEqual(['1', '2', '3']);
    expect(b.folded).toEqual({ agents: 0, turns: 0 });
    for (const dimension of [b.agent, b.turn]) {
      const groups = Object.values(dimension);
      for (const key of ['requests', 'responses', 'transportErrors', 'timeouts', 'errors', 'checked', 'violating'] as const) expect(groups.reduce((n, g) => n + g[key], 0)).toBe(state[key]);
      for (const key of ['latency', 'service', 'good'] as const) {
        const sum = createLatencyHistogram();
        for (const g of groups) sum.add(decodeHistogram(g[key]));
        expect(encodeHistogram(sum)).toBe(encodeHistogram(decodeHistogram(state[key]!)));
      }
    }
    expect(b.agent.agent_billing_02!.status).toEqual({ '201': expect.any(Number), '500': expect.any(Number) });
    expect(b.agent.agent_billing_02!.byRule['body-schema']).toBeGreaterThan(0);
    expect(b.turn['1']!.transportByKind).toEqual({ reset: expect.any(Number) });
    // The slow agent shows, and later turns are slower.
    const p50 = (encoded: string) => summarize(decodeHistogram(encoded)).p50!;
    expect(p50(b.agent.agent_billing_02!.latency)).toBeGreaterThan(200);
    expect(p50(b.agent.agent_support_01!.latency)).toBeLessThan(60);
    expect(p50(b.turn['1']!.latency)).toBeLessThan(p50(b.turn['2']!.latency));
    expect(p50(b.turn['2']!.latency)).toBeLessThan(p50(b.turn['3']!.latency));
  });

  it('merges exactly: three parts of the run equal the run, group by group', () => {
    const whole = new Recorder({ startedAt: 0, breakdown: breakdown() });
    const parts = [0, 1, 2].map(() => new Recorder({ startedAt: 0, breakdown: breakdown() }));
    feed([whole], 3000);
    feed(parts, 3000, (seq) => Math.floor(seq / TURNS) % 3);
    expect(mergeStates(parts.map((p) => p.state())).breakdown).toEqual(whole.state().breakdown);
    // A part without a breakdown (an older report) leaves the merge without one, rather than groups that do not add up.
    expect(mergeStates([parts[0]!.state(), new Recorder({ startedAt: 0 }).state()]).breakdown).toBeUndefined();
  });

  it('keeps the warm-up out, and counts generator errors as the run does', () => {
    const recorder = new Recorder({ startedAt: 0, warmup: { requests: 10 }, breakdown: breakdown() });
    feed([recorder], 100);
    const { exchange } = exchangeAt(100);
    recorder.record({ ...exchange, error: { kind: 'generator', message: 'EMFILE' } }, []);
    const state = recorder.state();
    const groups = Object.values(state.breakdown!.agent);
    expect(groups.reduce((n, g) => n + g.requests, 0)).toBe(state.requests);
    expect(state.requests).toBe(91);
    expect(groups.reduce((n, g) => n + (g.transportByKind.generator ?? 0), 0)).toBe(1);
    expect(state.warmup!.breakdown).toBeUndefined();
  });

  it('bounds 200 agents to maxGroups groups and other, and its memory with them', () => {
    const agents = Array.from({ length: 200 }, (_, i) => `agent_${String(i).padStart(3, '0')}`);
    const many = createRequestSource({ agents, inputs: ['a'], variables: [], strategy: 'round-robin', seed: 1 });
    const sized = (maxGroups: number) => {
      const b = new Breakdown(breakdown(agents, maxGroups, many.agentIndexAt, 1));
      for (let seq = 0; seq < 4000; seq++) {
        const exchange: Exchange = { request: { seq, body: many.at(seq) }, sentAt: 0, endAt: 20 + (seq % 13), status: 201 };
        b.record(exchange, [], 20_000 + (seq % 13) * 1000, 20_000, false);
      }
      return b;
    };
    const bounded = sized(50);
    const state = bounded.state();
    expect(Object.keys(state.agent)).toHaveLength(51);
    expect(Object.keys(state.agent).slice(0, 50)).toEqual(agents.slice(0, 50));
    expect(state.agent[OTHER_GROUP]!.requests).toBe(3000);
    expect(state.folded.agents).toBe(150);
    // 200 agents cost what 51 groups cost: the bound holds the memory, whatever the number of agents.
    expect(bounded.bytes).toBeLessThan((sized(200).bytes * 52) / 200);
  });
});
