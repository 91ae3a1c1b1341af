import type { InputProblem } from '../errors.js';
import { agentGroup, OTHER_GROUP } from '../record/groups.js';
import type { BreakdownReport } from '../run-report.js';

/** `{agent=agent_billing_02}` or `{turn=3}` after a metric: the threshold is taken on that group of the breakdown. */
export interface Selector {
  key: GroupKey;
  value: string;
}

export type GroupKey = 'agent' | 'turn';
export const GROUP_KEYS: readonly GroupKey[] = ['agent', 'turn'];

/** The groups a run has (or will have), by key: what a selector may name. */
export type Groups = Record<GroupKey, readonly string[]>;

type Parsed = { ok: true; value: Selector } | { ok: false; message: string; fix: string };

const EXAMPLE = 'e.g. p99{agent=agent_billing_02}<2s or errorRate{turn=3}<1%';

/** Parses the inside of `{…}`: one `key=value`, the value optionally quoted. Pure. */
export function parseSelector(text: string): Parsed {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length !== 1) {
    return { ok: false, message: parts.length ? `has ${parts.length} selectors` : 'has an empty selector', fix: `give one group, agent=… or turn=…: the breakdown keeps agents and turns apart, not their combinations; ${EXAMPLE}` };
  }
  const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(parts[0]!);
  if (!match) return { ok: false, message: `has a selector "${parts[0]}" without "="`, fix: `write key=value, ${EXAMPLE}` };
  const key = match[1]!;
  const value = match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (!(GROUP_KEYS as readonly string[]).includes(key)) {
    const near = nearest(key.toLowerCase().replace(/id$/, ''), GROUP_KEYS);
    return { ok: false, message: `selects by "${key}", which chatload does not group by`, fix: `${near ? `did you mean ${near}? ` : ''}the keys are agent and turn, ${EXAMPLE}` };
  }
  if (!value) return { ok: false, message: `selects ${key}= without a value`, fix: `name the group, ${EXAMPLE}` };
  if (key === 'turn' && !/^[1-9]\d*$/.test(value) && value !== OTHER_GROUP) return { ok: false, message: `selects turn=${value}, not a turn number`, fix: 'turns are numbered from 1: turn=1 is the first request of each conversation, e.g. errorRate{turn=3}<1%' };
  return { ok: true, value: { key: key as GroupKey, value } };
}

/** The groups a run of these agents and turns will have: agents bounded by `maxGroups` (the rest in `other`), turns 1…K. Pure. */
export function scenarioGroups(agents: readonly string[], turns: number, maxGroups: number): Groups {
  const agentGroups = new Set(agents.map((_, i) => agentGroup(i, agents, maxGroups)));
  const turnGroups = Array.from({ length: Math.min(turns, maxGroups) }, (_, i) => String(i + 1));
  return { agent: [...agentGroups], turn: turns > maxGroups ? [...turnGroups, OTHER_GROUP] : turnGroups };
}

/** The groups a report holds; undefined when it has no breakdown (an older chatload, or `conform`). */
export function reportGroups(breakdown: BreakdownReport | undefined): Groups | undefined {
  return breakdown ? { agent: Object.keys(breakdown.agent), turn: Object.keys(breakdown.turn) } : undefined;
}

/**
 * A selector must name a group the run has (`what`: "the scenario", "the merged run", "CURRENT"):
 * an unknown value is a typo or another scenario's agent, and a threshold on it would pass on no data. Returns one problem per such threshold, with the
 * values the run has (and the nearest, "did you mean"). Pure.
 */
export function checkSelectors(thresholds: readonly { expression: string; selector?: Selector; where?: { file: string; field: string } }[], groups: Groups | undefined, what: string): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const t of thresholds) {
    if (!t.selector) continue;
    const where = t.where ?? { file: '(command line)', field: '--threshold' };
    const { key, value } = t.selector;
    if (!groups) {
      problems.push({ ...where, message: `"${t.expression}" selects ${key}=${value}, but ${what} has no breakdown by agent or turn (written by an older chatload, or by conform)`, fix: 'drop the selector, or gate a report this chatload wrote' });
      continue;
    }
    const seen = groups[key];
    if (seen.includes(value)) continue;
    // A turn number is no typo of another: only agent ids get a "did you mean".
    const near = key === 'agent' ? nearest(value, seen) : undefined;
    const list = seen.length > 12 ? `${seen.slice(0, 12).join(', ')} … and ${seen.length - 12} more` : seen.join(', ');
    problems.push({ ...where, message: `"${t.expression}" selects ${key}=${value}, but ${what} has no such ${key}`, fix: `${near ? `did you mean ${key}=${near}? ` : ''}${what}'s ${key === 'agent' ? 'agents' : 'turns'}: ${list || 'none'}` });
  }
  return problems;
}

/** The candidate closest to `text` by edit distance, when close enough to be a typo. */
export function nearest(text: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(text.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(text.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
