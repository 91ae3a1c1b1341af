import type { RuleName, Violation } from '../contract/types.js';
import type { Exchange } from '../exchange.js';
import { BucketCounts, bucketIndexOf } from './bucket-counts.js';
import { agentGroup, OTHER_GROUP } from './groups.js';
import { encodeHistogram } from './histogram.js';
import type { BreakdownState, GroupState } from './state.js';

export interface BreakdownOptions {
  /** The scenario's agent list, in order: agent number i is `agents[i]`. */
  agents: readonly string[];
  /** The index in `agents` of the agent a request went to, from its seq (the request source knows it). */
  agentOf(seq: number): number;
  /** Requests per conversation: turn k of a conversation is seq mod turns (load/plan.ts seqOf). */
  turns: number;
  /** `checks.maxGroups`: agents and turns past it fold into `other`. */
  maxGroups: number;
}

const STATUS_SLOTS = 600;

/** One group's tally: the whole run's counts and histograms, without samples, classes or timeline. */
class GroupTally {
  readonly latency = new BucketCounts();
  readonly service = new BucketCounts();
  readonly good = new BucketCounts();
  requests = 0;
  responses = 0;
  transportErrors = 0;
  timeouts = 0;
  errors = 0;
  checked = 0;
  violating = 0;
  /** Statuses 100–599 by code (an array: no Map lookup per exchange); others, rare, in `otherStatus`. */
  private readonly status = new Uint32Array(STATUS_SLOTS);
  private readonly otherStatus = new Map<number, number>();
  private readonly transportByKind = new Map<string, number>();
  private readonly byRule = new Map<RuleName, number>();

  countStatus(status: number): void {
    if (status >= 0 && status < STATUS_SLOTS) this.status[status]!++;
    else this.otherStatus.set(status, (this.otherStatus.get(status) ?? 0) + 1);
  }

  countKind(kind: string): void {
    this.transportByKind.set(kind, (this.transportByKind.get(kind) ?? 0) + 1);
  }

  countRules(violations: readonly Violation[]): void {
    for (const v of violations) this.byRule.set(v.rule, (this.byRule.get(v.rule) ?? 0) + 1);
  }

  /** Bytes held by the histograms' counts and the status array. */
  get bytes(): number {
    return this.latency.bytes + this.service.bytes + this.good.bytes + this.status.byteLength;
  }

  state(): GroupState {
    const status: [number, number][] = [...this.otherStatus];
    this.status.forEach((n, code) => n && status.push([code, n]));
    return {
      latency: encodeHistogram(this.latency.toHistogram()),
      service: encodeHistogram(this.service.toHistogram()),
      good: encodeHistogram(this.good.toHistogram()),
      requests: this.requests,
      responses: this.responses,
      transportErrors: this.transportErrors,
      timeouts: this.timeouts,
      errors: this.errors,
      status: Object.fromEntries(status.sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n])),
      transportByKind: Object.fromEntries(this.transportByKind),
      checked: this.checked,
      violating: this.violating,
      byRule: Object.fromEntries(this.byRule),
    };
  }
}

/**
 * Per-agent and per-turn tallies beside the recorder's whole-run one. Groups are found by small
 * integers (the agent's index from seq, the turn from seq mod turns) through arrays filled on first
 * use: nothing is looked up by string, nor built, per exchange. Groups are made when first seen.
 */
export class Breakdown {
  private readonly byAgentIndex: (GroupTally | undefined)[] = [];
  private readonly byTurnIndex: (GroupTally | undefined)[] = [];
  private readonly agentGroups = new Map<string, GroupTally>();
  private readonly turnGroups = new Map<string, GroupTally>();

  constructor(private readonly options: BreakdownOptions) {}

  private agentTally(index: number): GroupTally {
    const name = agentGroup(index, this.options.agents, this.options.maxGroups);
    let tally = this.agentGroups.get(name);
    if (!tally) this.agentGroups.set(name, (tally = new GroupTally()));
    return (this.byAgentIndex[index] = tally);
  }

  private turnTally(index: number): GroupTally {
    const name = index < this.options.maxGroups ? String(index + 1) : OTHER_GROUP;
    let tally = this.turnGroups.get(name);
    if (!tally) this.turnGroups.set(name, (tally = new GroupTally()));
    return (this.byTurnIndex[index] = tally);
  }

  /** One measured exchange, with what the recorder found: its latency and service time (µs) when timed. */
  record(exchange: Exchange, violations: readonly Violation[], latencyUs: number | undefined, serviceUs: number, failed: boolean): void {
    const { seq } = exchange.request;
    const agentIndex = this.options.agentOf(seq);
    const turnIndex = seq % this.options.turns;
    const agent = this.byAgentIndex[agentIndex] ?? this.agentTally(agentIndex);
    const turn = this.byTurnIndex[turnIndex] ?? this.turnTally(turnIndex);
    tally(agent, exchange, violations, failed);
    tally(turn, exchange, violations, failed);
    if (latencyUs === undefined) return;
    const latencyAt = bucketIndexOf(latencyUs);
    const serviceAt = bucketIndexOf(serviceUs);
    agent.latency.addAt(latencyAt);
    turn.latency.addAt(latencyAt);
    agent.service.addAt(serviceAt);
    turn.service.addAt(serviceAt);
    if (violations.length === 0 && exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300) {
      agent.good.addAt(latencyAt);
      turn.good.addAt(latencyAt);
    }
  }

  /** A request that failed on this machine: counted (requests, transport errors), as the whole run counts it. */
  recordGeneratorError(seq: number): void {
    const agentIndex = this.options.agentOf(seq);
    const turnIndex = seq % this.options.turns;
    for (const group of [this.byAgentIndex[agentIndex] ?? this.agentTally(agentIndex), this.byTurnIndex[turnIndex] ?? this.turnTally(turnIndex)]) {
      group.requests++;
      group.transportErrors++;
      group.countKind('generator');
    }
  }

  /** Bytes the groups' counts hold (what grows with the number of groups). */
  get bytes(): number {
    let bytes = 0;
    for (const group of [...this.agentGroups.values(), ...this.turnGroups.values()]) bytes += group.bytes;
    return bytes;
  }

  state(): BreakdownState {
    const { agents, maxGroups, turns } = this.options;
    // In the scenario's order (agents) and in turn order, `other` last; not in the order first seen.
    const order = (map: Map<string, GroupTally>, names: string[]) => Object.fromEntries([...new Set(names)].flatMap((name) => (map.has(name) ? [[name, map.get(name)!.state()]] : [])));
    const agentNames = agents.map((_, i) => agentGroup(i, agents, maxGroups));
    const turnNames = Array.from({ length: Math.min(turns, maxGroups) }, (_, i) => String(i + 1));
    return {
      maxGroups,
      folded: { agents: Math.max(0, agents.length - maxGroups), turns: Math.max(0, turns - maxGroups) },
      agent: order(this.agentGroups, [...agentNames, OTHER_GROUP]),
      turn: order(this.turnGroups, [...turnNames, OTHER_GROUP]),
    };
  }
}

/** The counts of one exchange in one group (the histograms are the caller's: their index is found once for both groups). */
function tally(group: GroupTally, exchange: Exchange, violations: readonly Violation[], failed: boolean): void {
  group.requests++;
  if (failed) group.errors++;
  if (exchange.error) {
    group.transportErrors++;
    if (exchange.error.kind === 'timeout') group.timeouts++;
    group.countKind(exchange.error.kind);
  } else {
    group.responses++;
    group.countStatus(exchange.status!);
  }
  group.checked++;
  if (violations.length) {
    group.violating++;
    group.countRules(violations);
  }
}
