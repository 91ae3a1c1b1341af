/**
 * The bound on per-agent groups, shared by the report's breakdown and any other per-agent figure
 * (metrics labels): agent number i of the scenario's agent list keeps its id while
 * i < maxGroups; later ones fold into `other`. Every worker and shard knows the list up front,
 * so all of them fold the same agents. Pure.
 */
export const DEFAULT_MAX_GROUPS = 50;
export const OTHER_GROUP = 'other';

/** The group of agent number `index` in `agents` (the scenario's list). Pure. */
export function agentGroup(index: number, agents: readonly string[], maxGroups: number): string {
  return index >= 0 && index < maxGroups && index < agents.length ? agents[index]! : OTHER_GROUP;
}
