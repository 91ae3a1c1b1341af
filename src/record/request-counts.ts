import type { Exchange } from '../exchange.js';
import { agentGroup, OTHER_GROUP } from './groups.js';

/** Requests by status label, then by agent group: `{ "201": { agent_support_01: 40 }, timeout: { other: 1 } }`. */
export type StatusAgentCounts = Record<string, Record<string, number>>;

/** The status label of an exchange: its HTTP status, or the transport error's kind (`timeout`, `reset`, `generator`, …). */
export function statusLabel(exchange: Exchange): string | number {
  return exchange.error ? exchange.error.kind : exchange.status!;
}

/**
 * Requests counted by status and agent group, for the live metrics: O(1) per exchange (two map
 * lookups and an array increment), bounded by the statuses seen × the agent groups.
 */
export class RequestCounts {
  /** Agent id → its group's slot; an id not in the scenario's list goes to `other`. */
  private readonly slotOf = new Map<string, number>();
  private readonly groups: string[] = [];
  private readonly otherSlot: number;
  private readonly byStatus = new Map<string | number, number[]>();

  constructor(agents: readonly string[], maxGroups: number) {
    const slotOfGroup = new Map<string, number>();
    const slot = (group: string) => {
      let s = slotOfGroup.get(group);
      if (s === undefined) {
        slotOfGroup.set(group, (s = this.groups.length));
        this.groups.push(group);
      }
      return s;
    };
    // An id listed twice keeps the group of its first place in the list.
    agents.forEach((id, index) => {
      if (!this.slotOf.has(id)) this.slotOf.set(id, slot(agentGroup(index, agents, maxGroups)));
    });
    this.otherSlot = slot(OTHER_GROUP);
  }

  count(exchange: Exchange): void {
    const status = statusLabel(exchange);
    let row = this.byStatus.get(status);
    if (!row) this.byStatus.set(status, (row = new Array<number>(this.groups.length).fill(0)));
    row[this.slotOf.get(exchange.request.body.agentId) ?? this.otherSlot]!++;
  }

  /** The counts so far, without the zero cells. */
  snapshot(): StatusAgentCounts {
    const out: StatusAgentCounts = {};
    for (const [status, row] of this.byStatus) {
      const cells: Record<string, number> = {};
      row.forEach((n, slot) => {
        if (n > 0) cells[this.groups[slot]!] = n;
      });
      out[String(status)] = cells;
    }
    return out;
  }
}

/** Adds counts (workers' into one). Pure. */
export function addStatusAgentCounts(into: StatusAgentCounts, more: StatusAgentCounts): StatusAgentCounts {
  for (const [status, cells] of Object.entries(more)) {
    const row = (into[status] ??= {});
    for (const [agent, n] of Object.entries(cells)) row[agent] = (row[agent] ?? 0) + n;
  }
  return into;
}
