import { OTHER_GROUP } from '../record/groups.js';
import { formatMs } from '../units.js';
import type { GroupReport, RunReport } from '../run-report.js';

const int = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(2)}%` : '-');
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`);

function rowOf(name: string, g: GroupReport): string[] {
  const reached = g.totals.requests - (g.totals.generatorErrors ?? 0);
  return [name, int(g.totals.requests), percent(g.totals.errors, reached), int(g.conformance.violating), formatMs(g.latency.p50), formatMs(g.latency.p99)];
}

/** One table: the first column (group names) is cut to what the width leaves after the numbers. */
function groupTable(title: string, groups: [string, GroupReport][], width: number): string[] {
  const rows = [[title, 'requests', 'errors', 'violating', 'p50', 'p99'], ...groups.map(([name, g]) => rowOf(name, g))];
  const numberWidths = rows[0]!.slice(1).map((_, i) => Math.max(...rows.map((r) => r[i + 1]!.length)));
  const gap = 2;
  const numbers = numberWidths.reduce((sum, w) => sum + w + gap, 0);
  const nameWidth = Math.max(8, Math.min(Math.max(...rows.map((r) => r[0]!.length)), width - 2 - numbers));
  return rows.map((r) => `  ${cut(r[0]!, nameWidth).padEnd(nameWidth)}${r.slice(1).map((cell, i) => `${' '.repeat(gap)}${cell.padStart(numberWidths[i]!)}`).join('')}`.trimEnd());
}

/**
 * The terminal's breakdown: a per-agent table when the run had more than one agent, a per-turn
 * one when its conversations had more than one turn (requests, error %, violating exchanges, p50,
 * p99), fitted to `width`. Pure.
 */
export function renderBreakdownLines(report: RunReport, width = 80): string[] {
  const b = report.breakdown;
  if (!b) return [];
  const lines: string[] = [];
  const agents = Object.entries(b.agent).map(([name, g]): [string, GroupReport] => [name === OTHER_GROUP && b.folded.agents ? `other (${int(b.folded.agents)} agents)` : name, g]);
  if (agents.length > 1) lines.push('', ...groupTable('by agent', agents, width));
  const turns = Object.entries(b.turn).map(([name, g]): [string, GroupReport] => [name === OTHER_GROUP ? `turns > ${b.maxGroups}` : `turn ${name}`, g]);
  if (turns.length > 1) lines.push('', ...groupTable('by turn', turns, width));
  return lines;
}
