import type { InputProblem } from '../errors.js';
import { defaultMaxInFlight, type OpenPlan, type Plan } from './plan.js';

/**
 * What a plan asks of the machine, checked before anything is sent: file descriptors for its
 * connections and a rate the generator can schedule. Pure arithmetic; reading the limits is the
 * caller's (src/commands/machine-limits.ts).
 */

/** The process's open-file limit (`ulimit -n`) and what it holds already. */
export interface DescriptorLimit {
  /** The soft limit in force; Infinity when unlimited. */
  soft: number;
  /** The hard limit, up to which `ulimit -n` may raise the soft one without privileges; Infinity when unlimited. */
  hard: number;
  /** Descriptors the process holds already (stdio, the event loop, tsx's compiler). */
  open: number;
}

/** Kept free beyond the connections: the report writer, the probe, DNS, the mock's listener, files loaded late. */
export const DESCRIPTOR_RESERVE = 64;
/** A worker thread's own event loop, message pipes and the modules it loads while starting. */
export const DESCRIPTORS_PER_WORKER = 32;

/**
 * About what one thread can send and check per second at full speed (the open engine costs ~23 µs
 * of CPU per checked request against a fast server, docs/benchmarks.md), before the target's cost.
 */
export const RATE_PER_WORKER = 25_000;
/** Ten times that: a rate no thread can schedule, refused rather than attempted. */
export const MAX_RATE_PER_WORKER = 250_000;

/** The setting a problem is reported against: a flag, or a field of the scenario file. */
export interface Setting {
  file: string;
  field: string;
}

/**
 * Connections the plan may hold open at once: users, in-flight cap or autocannon connections, bounded by its
 * request count. An open plan never has more in flight than its requests started within one timeout (peak
 * rate × turns × timeout, with the default cap's slack for bursts), however high `maxInFlight` is set.
 */
export function plannedConnections(plan: Plan): number {
  const open = (p: OpenPlan) => Math.min(p.maxInFlight, defaultMaxInFlight(p.rate * p.turns, p.timeoutMs));
  const cap = plan.model === 'closed' ? plan.concurrency : plan.model === 'open' ? open(plan) : plan.connections;
  return Math.min(cap, plan.requests ?? Number.POSITIVE_INFINITY);
}

export interface DescriptorNeed {
  connections: number;
  /** 2 with the embedded mock: it holds the server side of every connection in the same process. */
  perConnection: number;
  reserve: number;
  needed: number;
}

export function descriptorNeed(plan: Plan, limit: Pick<DescriptorLimit, 'open'>, options: { workers: number; mockInProcess: boolean }): DescriptorNeed {
  const connections = plannedConnections(plan);
  const perConnection = options.mockInProcess ? 2 : 1;
  const reserve = limit.open + DESCRIPTOR_RESERVE + (options.workers > 1 ? options.workers * DESCRIPTORS_PER_WORKER : 0);
  return { connections, perConnection, reserve, needed: connections * perConnection + reserve };
}

export type DescriptorFit = { plan: Plan; note?: string } | { problem: InputProblem };

const int = (n: number) => n.toLocaleString('en-US');

/**
 * Checks the plan's connections against the descriptor limit. An open plan's default in-flight cap
 * (rate × timeout) is lowered to what fits, with a note; a number the user set is refused with the
 * arithmetic and both ways out. Pure.
 */
export function fitDescriptors(plan: Plan, limit: DescriptorLimit, options: { workers: number; mockInProcess: boolean; inFlightIsDefault: boolean; setting: Setting }): DescriptorFit {
  const need = descriptorNeed(plan, limit, options);
  if (need.needed <= limit.soft) return { plan };
  const most = Math.floor((limit.soft - need.reserve) / need.perConnection);
  const mock = need.perConnection > 1 ? ` + ${int(need.connections)} for the embedded mock's end of each` : '';
  if (plan.model === 'open' && options.inFlightIsDefault && most >= 1) {
    return {
      plan: { ...plan, maxInFlight: most },
      note: `at most ${int(most)} requests in flight, not ${int(plan.maxInFlight)} (rate × timeout): this process may open ${int(limit.soft)} files (ulimit -n); arrivals beyond that wait, and count as late or dropped (for the full cap: ulimit -n ${need.needed})`,
    };
  }
  const what = plan.model === 'closed' ? 'virtual users' : plan.model === 'open' ? 'requests in flight' : 'connections';
  const raise = limit.hard < need.needed ? `ask for a hard limit above its ${int(limit.hard)}, then ulimit -n ${need.needed}` : `raise the limit before the run: ulimit -n ${need.needed}`;
  const lower = most >= 1 ? `, or lower ${options.setting.field} to at most ${most}` : '';
  return {
    problem: {
      file: options.setting.file,
      field: options.setting.field,
      message: `${int(need.connections)} ${what} need ${int(need.needed)} file descriptors (${int(need.connections)}${mock} + ${int(need.reserve)} kept for the report writer, workers and files), above this process's limit of ${int(limit.soft)} (ulimit -n); nothing was sent`,
      fix: `${raise}${lower}`,
    },
  };
}

/** A rate no thread can schedule is refused; one above what the threads can carry is warned about. Pure. */
export function checkRate(plan: Plan, workers: number, setting: Setting): { problem?: InputProblem; note?: string } {
  if (plan.model !== 'open') return {};
  const threads = Math.max(1, workers);
  if (plan.rate > MAX_RATE_PER_WORKER * threads) {
    return {
      problem: {
        file: setting.file,
        field: setting.field,
        message: `${int(plan.rate)}/s is more than ${threads === 1 ? 'one generator thread' : `${threads} generator threads`} can schedule (at most ${int(MAX_RATE_PER_WORKER * threads)}/s; about ${int(RATE_PER_WORKER)}/s each can also be sent and checked); nothing was sent`,
        fix: `lower the rate, or spread it over threads and machines with --workers N and --shard i/n, about ${int(Math.ceil(plan.rate / RATE_PER_WORKER))} threads in all`,
      },
    };
  }
  if (plan.rate > RATE_PER_WORKER * threads) {
    return { note: `${int(plan.rate)}/s is above what ${threads === 1 ? 'one generator thread' : `${threads} generator threads`} can usually send and check (about ${int(RATE_PER_WORKER * threads)}/s): expect late and dropped arrivals, and a generator, not a target, at its limit. Spread the load with --workers or --shard` };
  }
  return {};
}
