import { createRng } from '../random.js';
import type { RuleName } from '../contract/types.js';
import { OTHER_GROUP } from './groups.js';
import { createLatencyHistogram, createWindowHistogram, decodeHistogram, encodeHistogram } from './histogram.js';
import type { BreakdownState, ExchangeCounts, GroupState, RecorderState, ViolationSample, WarmupState, WindowState } from './state.js';

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const [key, n] of Object.entries(from) as [K, number][]) into[key] = (into[key] ?? 0) + n;
}

type OptionalCount = 'warmup' | 'inFlightMs' | 'offered' | 'late' | 'dropped';

/** The sum of a field windows carry only when it is not zero: present when any has it. */
function optionalSum(windows: WindowState[], key: OptionalCount): Partial<Record<OptionalCount, number>> {
  return windows.some((w) => w[key]) ? { [key]: windows.reduce((n, w) => n + (w[key] ?? 0), 0) } : {};
}

/** The counts of workers, shards or groups, summed; status codes in numeric order. */
function sumCounts(items: readonly ExchangeCounts[]): ExchangeCounts {
  const sum: ExchangeCounts = { requests: 0, responses: 0, transportErrors: 0, timeouts: 0, errors: 0, status: {}, transportByKind: {}, checked: 0, violating: 0, byRule: {} };
  for (const item of items) {
    for (const key of ['requests', 'responses', 'transportErrors', 'timeouts', 'errors', 'checked', 'violating'] as const) sum[key] += item[key];
    addCounts(sum.status, item.status);
    addCounts(sum.transportByKind, item.transportByKind);
    addCounts(sum.byRule, item.byRule);
  }
  sum.status = Object.fromEntries(Object.entries(sum.status).sort(([a], [b]) => Number(a) - Number(b)));
  return sum;
}

function mergeHistograms(encoded: string[], create = createLatencyHistogram): string {
  const merged = create();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return encodeHistogram(merged);
}

/**
 * Merges recorder states (workers of one run, shards of one test) exactly: histograms are
 * added bucket by bucket, counts summed, timeline windows added by index. Samples are
 * pooled and thinned back to `samplesPerRule` per rule with a seeded draw. Pure.
 */
export function mergeStates(states: RecorderState[], samplesPerRule = 5, seed = 1): RecorderState {
  if (states.length === 0) throw new Error('nothing to merge');
  const windowMs = states[0]!.windowMs;
  if (states.some((s) => s.windowMs !== windowMs)) throw new Error('cannot merge timelines with different window sizes');
  const merged: RecorderState = {
    windowMs,
    latency: mergeHistograms(states.map((s) => s.latency)),
    service: mergeHistograms(states.map((s) => s.service)),
    byStatusClass: {},
    ...sumCounts(states),
    samples: {},
    timeline: [],
  };
  const good = states.flatMap((s) => (s.good ? [s.good] : []));
  if (good.length === states.length) merged.good = mergeHistograms(good);
  const classes = new Set(states.flatMap((s) => Object.keys(s.byStatusClass)));
  for (const cls of classes) merged.byStatusClass[cls] = mergeHistograms(states.flatMap((s) => (s.byStatusClass[cls] ? [s.byStatusClass[cls]] : [])));

  const random = createRng(seed);
  const rules = new Set(states.flatMap((s) => Object.keys(s.samples))) as Set<RuleName>;
  for (const rule of rules) {
    const pool: ViolationSample[] = states.flatMap((s) => s.samples[rule] ?? []);
    while (pool.length > samplesPerRule) pool.splice(Math.floor(random() * pool.length), 1);
    merged.samples[rule] = pool;
  }

  const windows = new Map<number, WindowState[]>();
  for (const s of states) for (const w of s.timeline) windows.set(w.index, [...(windows.get(w.index) ?? []), w]);
  merged.timeline = [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, ws]) => {
      const classes: Record<string, number> = {};
      for (const w of ws) addCounts(classes, w.classes ?? {});
      return {
        index,
        requests: ws.reduce((n, w) => n + w.requests, 0),
        errors: ws.reduce((n, w) => n + w.errors, 0),
        violating: ws.reduce((n, w) => n + w.violating, 0),
        ...optionalSum(ws, 'warmup'),
        ...(Object.keys(classes).length ? { classes } : {}),
        ...optionalSum(ws, 'inFlightMs'),
        ...optionalSum(ws, 'offered'),
        ...optionalSum(ws, 'late'),
        ...optionalSum(ws, 'dropped'),
        hdr: mergeHistograms(ws.map((w) => w.hdr), createWindowHistogram),
      };
    });
  // The groups add up exactly as the whole does; a state without a breakdown (an older report) drops it.
  const breakdowns = states.flatMap((s) => (s.breakdown ? [s.breakdown] : []));
  if (breakdowns.length === states.length) merged.breakdown = mergeBreakdowns(breakdowns);
  // Warm-ups stay apart in the merge too; the last one to end ends the merged warm-up.
  const warmups = states.flatMap((s) => (s.warmup ? [s.warmup] : []));
  if (warmups.length) merged.warmup = { ...mergeStates(warmups, samplesPerRule, seed), timeline: [], endedAtMs: Math.max(...warmups.map((w) => w.endedAtMs)) } satisfies WarmupState;
  return merged;
}

function mergeGroups(groups: GroupState[]): GroupState {
  return {
    latency: mergeHistograms(groups.map((g) => g.latency)),
    service: mergeHistograms(groups.map((g) => g.service)),
    good: mergeHistograms(groups.map((g) => g.good)),
    ...sumCounts(groups),
  };
}

/** Groups of workers or shards of one run, by name (the same scenario folds the same agents): histograms added, counts summed. Pure. */
export function mergeBreakdowns(breakdowns: BreakdownState[]): BreakdownState {
  const dimension = (pick: (b: BreakdownState) => Record<string, GroupState>) => {
    const seen = [...new Set(breakdowns.flatMap((b) => Object.keys(pick(b))))];
    const names = [...seen.filter((n) => n !== OTHER_GROUP), ...seen.filter((n) => n === OTHER_GROUP)];
    return Object.fromEntries(names.map((name) => [name, mergeGroups(breakdowns.flatMap((b) => (pick(b)[name] ? [pick(b)[name]!] : [])))]));
  };
  return {
    maxGroups: Math.max(...breakdowns.map((b) => b.maxGroups)),
    folded: { agents: Math.max(...breakdowns.map((b) => b.folded.agents)), turns: Math.max(...breakdowns.map((b) => b.folded.turns)) },
    agent: dimension((b) => b.agent),
    turn: dimension((b) => b.turn),
  };
}
