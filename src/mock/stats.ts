import { DRIFT_KINDS, FAULT_KINDS, type DriftKind, type FaultKind } from './settings.js';

/** What the mock served, counted by status and by fault kind: the truth tests compare the harness with. */
export interface MockStats {
  /** Requests to the API (not to /__mock/*). */
  requests: number;
  /** Responses written, by status; hangs and resets write none. */
  byStatus: Record<string, number>;
  /** Requests by what was served: `none` is a response as the contract says. */
  byFault: Record<FaultKind | 'none', number>;
  /** Schema drift by sub-kind; their sum is byFault.schemaDrift. */
  drift: Record<DriftKind, number>;
}

export function emptyStats(): MockStats {
  const byFault = { none: 0 } as Record<FaultKind | 'none', number>;
  for (const kind of FAULT_KINDS) byFault[kind] = 0;
  const drift = {} as Record<DriftKind, number>;
  for (const kind of DRIFT_KINDS) drift[kind] = 0;
  return { requests: 0, byStatus: {}, byFault, drift };
}

/** "201:950 500:10 hang:3 …": the per-second log line's tail. Faults with no count are left out. */
export function formatStats(stats: MockStats): string {
  const statuses = Object.entries(stats.byStatus).map(([s, n]) => `${s}:${n}`);
  const faults = FAULT_KINDS.filter((k) => stats.byFault[k] > 0).map((k) => `${k}:${stats.byFault[k]}`);
  return [...statuses, ...(faults.length ? ['faults', ...faults] : [])].join(' ');
}
