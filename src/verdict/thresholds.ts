import { RULES, type RuleName } from '../contract/types.js';
import { InputError, type InputProblem } from '../errors.js';
import { decodeHistogram } from '../record/histogram.js';
import type { GroupReport, RunReport, ThresholdResult } from '../run-report.js';
import { formatMs, parseDuration } from '../units.js';
import { countAtOrBelow } from './buckets.js';
import { parseSelector, type Selector } from './selectors.js';
import { ruleViolationsOf } from './verdict.js';

/**
 * Threshold grammar (one expression per string):
 *
 *   expression := metric [selector] op value
 *   selector   := "{" ("agent" | "turn") "=" value "}"   (the metric of one group of the breakdown)
 *   metric     := [class "."] latency | "errorRate" | "violatingExchanges" | "ruleViolations" ["." rule]
 *               | "rps" | "requests" | "dropped" | "late" | "goodput(" duration ")"
 *               | "capacity"   (a sweep's: the highest rate that met every SLO, per second)
 *                  ("violations" ["." rule] is the old name of ruleViolations, kept as an alias)
 *   latency    := "p" digits (p50, p90, p99, p999 = 99.9, p99.9, p9999 = 99.99) | "min" | "mean" | "max"
 *   class      := "1xx" … "5xx" | "transport"
 *   op         := "<" | "<=" | ">" | ">=" | "==" | "!="
 *   value      := duration for latencies (800ms, 2s), "N%" or a fraction for rates, a number otherwise
 */

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LatencyStat = { kind: 'percentile'; percentile: number } | { kind: 'min' } | { kind: 'mean' } | { kind: 'max' };

export type Metric =
  | { kind: 'latency'; statusClass?: string; stat: LatencyStat }
  | { kind: 'errorRate' }
  /** Exchanges that broke at least one rule, each counted once. */
  | { kind: 'violatingExchanges' }
  /** Rules broken, one per rule per exchange (all rules, or one). */
  | { kind: 'ruleViolations'; rule?: RuleName }
  | { kind: 'rps' }
  | { kind: 'requests' }
  | { kind: 'dropped' }
  | { kind: 'late' }
  | { kind: 'goodput'; sloMs: number }
  /** `chatload sweep`: the highest offered rate (per second) that met every SLO. */
  | { kind: 'capacity' };

export interface Threshold {
  expression: string;
  metric: Metric;
  op: Operator;
  /** In the metric's unit: ms for latencies, a fraction (0–1) for rates, a count or rps otherwise. */
  limit: number;
  /** `{agent=…}` / `{turn=…}`: the metric of that group of the breakdown, not of the whole run. */
  selector?: Selector;
  /** Where the expression came from (file and field, or the flag), for errors found after parsing. */
  where?: { file: string; field: string };
}

export const METRIC_HELP =
  'known metrics: p50 … p999, min, mean, max, each also per status class such as 2xx.p99; errorRate, violatingExchanges, ruleViolations, ruleViolations.<rule>, rps, requests, dropped, late, goodput(<slo>), capacity for a sweep; one group with {agent=<id>} or {turn=<n>}; e.g. "p99<800ms", "errorRate<1%", "violatingExchanges==0", "goodput(500ms)>95%", "p99{agent=agent_billing_02}<2s"';

const EXPRESSION = /^\s*([A-Za-z0-9_.()-]+?)\s*(?:\{([^}]*)\})?\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$/;
const PERCENTILE = /^p(\d+(?:\.\d+)?)$/;
const STATUS_CLASS = /^([1-5]xx|transport)$/;
const SIMPLE_METRICS = ['errorRate', 'rps', 'requests', 'dropped', 'late', 'violatingExchanges', 'ruleViolations', 'capacity'] as const;
/** Old names, kept working: `violations` always counted rule violations, not violating exchanges. */
const ALIASES: Record<string, string> = { violations: 'ruleViolations' };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; fix: string };
const fail = (message: string, fix: string = METRIC_HELP): Parsed<never> => ({ ok: false, message, fix });

/** "p99" → 99, "p999" → 99.9, "p995" → 99.5, "p99.9" → 99.9, "p9999" → 99.99, "p50" → 50; "p100" is not one (use max). */
export function percentileOf(name: string): number | undefined {
  const match = PERCENTILE.exec(name);
  if (!match) return undefined;
  const digits = match[1]!;
  if (!digits.includes('.') && digits.length > 2 && !digits.startsWith('9')) return undefined;
  const value = digits.includes('.') || digits.length <= 2 ? Number(digits) : Number(`${digits.slice(0, 2)}.${digits.slice(2)}`);
  return value > 0 && value < 100 ? value : undefined;
}

function latencyStat(name: string): LatencyStat | undefined {
  if (name === 'min' || name === 'mean' || name === 'max') return { kind: name };
  const percentile = percentileOf(name);
  return percentile === undefined ? undefined : { kind: 'percentile', percentile };
}

function parseMetric(name: string): Parsed<Metric> {
  const goodput = /^goodput\((.*)\)$/.exec(name);
  if (goodput) {
    const sloMs = parseDuration(goodput[1]!);
    if (!sloMs) return fail(`goodput needs a latency objective, got "${goodput[1]}"`, 'write it as goodput(500ms)>95%');
    return { ok: true, value: { kind: 'goodput', sloMs } };
  }
  if (name === 'goodput') return fail('goodput needs a latency objective', 'write it as goodput(500ms)>95%');
  const dotAt = name.indexOf('.');
  const head = dotAt === -1 ? name : name.slice(0, dotAt);
  if (ALIASES[head] !== undefined) return parseMetric(`${ALIASES[head]}${name.slice(head.length)}`);
  if ((SIMPLE_METRICS as readonly string[]).includes(name)) return { ok: true, value: { kind: name as (typeof SIMPLE_METRICS)[number] } };
  if (name.startsWith('ruleViolations.')) {
    const rule = name.slice('ruleViolations.'.length);
    if (!(RULES as readonly string[]).includes(rule)) return fail(`names an unknown contract rule "${rule}"`, `use one of: ${RULES.join(', ')}`);
    return { ok: true, value: { kind: 'ruleViolations', rule: rule as RuleName } };
  }
  const dot = name.indexOf('.');
  const classPart = dot > 0 && STATUS_CLASS.test(name.slice(0, dot)) ? name.slice(0, dot) : undefined;
  const stat = latencyStat(classPart ? name.slice(dot + 1) : name);
  if (stat) return { ok: true, value: { kind: 'latency', ...(classPart ? { statusClass: classPart } : {}), stat } };
  const known = [...SIMPLE_METRICS, ...Object.keys(ALIASES), 'goodput', 'min', 'mean', 'max'];
  const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
  return fail(`names an unknown metric "${name}"`, near ? `did you mean ${near}? (${METRIC_HELP})` : METRIC_HELP);
}

function parseLimit(metric: Metric, text: string): Parsed<number> {
  if (metric.kind === 'latency') {
    const ms = parseDuration(text);
    if (ms === undefined) return fail(`"${text}" is not a duration`, 'give latencies with a unit, e.g. p99<800ms or p99<2s');
    return { ok: true, value: ms };
  }
  if (metric.kind === 'errorRate' || metric.kind === 'goodput') {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
    const value = percent ? Number(percent[1]) / 100 : /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= 0 && value <= 1)) return fail(`"${text}" is not a rate`, `write a percentage or a fraction between 0 and 1, e.g. ${metric.kind === 'goodput' ? 'goodput(500ms)>95%' : 'errorRate<1%'}`);
    return { ok: true, value };
  }
  if (!/^\d+(\.\d+)?$/.test(text)) return fail(`"${text}" is not a number`, `write a plain number, e.g. ${metric.kind === 'rps' ? 'rps>50' : metric.kind === 'capacity' ? 'capacity>=150 (requests per second)' : `${metric.kind}==0`}`);
  return { ok: true, value: Number(text) };
}

/** Parses one expression; problems name where it came from (file and field, or the flag). */
export function parseThreshold(expression: string, where: { file: string; field: string }): Threshold | InputProblem {
  const problem = (message: string, fix: string): InputProblem => ({ file: where.file, field: where.field, message: `"${expression}" ${message}`, fix });
  const match = EXPRESSION.exec(expression);
  if (!match) return problem('is not a threshold expression', `write metric, comparison and value, e.g. "p99<800ms" (${METRIC_HELP})`);
  const [, name, selectorText, op, valueText] = match;
  const metric = parseMetric(name!);
  if (!metric.ok) return problem(metric.message, metric.fix);
  const limit = parseLimit(metric.value, valueText!);
  if (!limit.ok) return problem(limit.message, limit.fix);
  const parsed: Threshold = { expression: expression.trim(), metric: metric.value, op: op as Operator, limit: limit.value, where: { file: where.file, field: where.field } };
  if (selectorText === undefined) return parsed;
  const selector = parseSelector(selectorText);
  if (!selector.ok) return problem(selector.message, selector.fix);
  const m = metric.value;
  if (m.kind === 'dropped' || m.kind === 'late') return problem(`selects a group, but ${m.kind} arrivals are counted for the whole run only (before a request exists to group)`, `drop the selector: ${m.kind}<10`);
  if (m.kind === 'capacity') return problem('selects a group, but capacity is a whole sweep\'s figure (the highest rate that met every SLO)', 'drop the selector: capacity>=150');
  if (m.kind === 'latency' && m.statusClass) return problem('selects a group of a status class, which the breakdown does not keep', `take the group's latency of all answers, e.g. p99{${selector.value.key}=${selector.value.value}}<2s`);
  return { ...parsed, selector: selector.value };
}

/** Parses a list; every bad expression is reported at once (exit 2). */
export function parseThresholds(expressions: readonly { expression: string; file: string; field: string }[]): Threshold[] {
  const problems: InputProblem[] = [];
  const thresholds: Threshold[] = [];
  for (const e of expressions) {
    const parsed = parseThreshold(e.expression, e);
    if ('metric' in parsed) thresholds.push(parsed);
    else problems.push(parsed);
  }
  if (problems.length) throw new InputError(problems);
  return thresholds;
}

function compare(actual: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '==':
      return actual === limit;
    case '!=':
      return actual !== limit;
  }
}

/** `shown`: the figure as the message prints it; a metric with no figure has a `note` saying why instead. */
type Measured = { actual: number | null; shown?: string; note?: string };
const percent = (fraction: number) => `${+(fraction * 100).toFixed(3)}%`;

/** The figures `measure` reads, of the whole run or of one group. */
type Figures = Pick<RunReport, 'latency' | 'latencyByStatusClass' | 'goodLatency' | 'sweep'> & {
  totals: Pick<RunReport['totals'], 'errorRate' | 'rps' | 'requests' | 'dropped' | 'late'>;
  conformance: Pick<RunReport['conformance'], 'checked' | 'violating' | 'byRule'>;
};

/** One group of the breakdown as figures of a run (dropped and late are whole-run counts: none per group). */
function groupFigures(g: GroupReport): Figures {
  return { latency: g.latency, latencyByStatusClass: {}, totals: { ...g.totals, dropped: 0, late: 0 }, conformance: g.conformance, goodLatency: g.goodLatency };
}

function measure(metric: Metric, report: Figures): Measured {
  switch (metric.kind) {
    case 'latency': {
      const latency = metric.statusClass ? report.latencyByStatusClass[metric.statusClass] : report.latency;
      if (!latency || latency.count === 0) return { actual: null, note: `no ${metric.statusClass ?? ''} responses were measured`.replace('  ', ' ') };
      const h = decodeHistogram(latency.hdr);
      const us = metric.stat.kind === 'percentile' ? h.getValueAtPercentile(metric.stat.percentile) : metric.stat.kind === 'min' ? h.minNonZeroValue : metric.stat.kind === 'max' ? h.maxValue : h.mean;
      const ms = Math.round(us) / 1000;
      return { actual: ms, shown: formatMs(ms) };
    }
    case 'errorRate':
      return { actual: report.totals.errorRate, shown: percent(report.totals.errorRate) };
    case 'violatingExchanges':
      return { actual: report.conformance.violating, shown: `${report.conformance.violating} of ${report.conformance.checked} exchanges` };
    case 'ruleViolations': {
      const n = metric.rule ? (report.conformance.byRule[metric.rule] ?? 0) : ruleViolationsOf(report.conformance.byRule);
      return { actual: n, shown: String(n) };
    }
    case 'rps':
      return { actual: report.totals.rps, shown: `${report.totals.rps}/s` };
    case 'requests':
    case 'dropped':
    case 'late':
      return { actual: report.totals[metric.kind], shown: String(report.totals[metric.kind]) };
    case 'capacity': {
      if (!report.sweep) return { actual: null, note: 'not a sweep: capacity is measured by chatload sweep' };
      if (report.sweep.capacity === null) return { actual: null, note: `no level met every SLO (${report.sweep.slos.join(', ')})` };
      return { actual: report.sweep.capacity, shown: `${report.sweep.capacity}/s` };
    }
    case 'goodput': {
      const offered = report.totals.requests + report.totals.dropped;
      if (!report.goodLatency) return { actual: null, note: 'this report has no goodput data (written by an older chatload)' };
      if (offered === 0) return { actual: null, note: 'no request was sent' };
      const good = countAtOrBelow(decodeHistogram(report.goodLatency.hdr), metric.sloMs * 1000);
      const share = good / offered;
      return { actual: share, shown: `${percent(share)}: ${good} of ${offered} were 2xx, conformant and within ${formatMs(metric.sloMs)}` };
    }
  }
}

/**
 * Evaluates thresholds on a finished report. A latency bound on a class that saw no responses
 * holds for upper bounds (nothing was slow) and fails for lower ones. Pure.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], report: RunReport): ThresholdResult[] {
  return thresholds.map((t) => {
    const m = t.selector ? measureGroup(t.metric, t.selector, report) : measure(t.metric, report);
    // No capacity found is below any bound: it fails a lower one and holds an upper one.
    const ok = m.actual === null ? t.op === '<' || t.op === '<=' : compare(m.actual, t.op, t.limit);
    return { expression: t.expression, actual: m.actual, ok, message: m.note ?? `actual ${m.shown}` };
  });
}

/** A metric of one group; a group with no request (a run cut short) measures nothing, as a class with no answer does. */
function measureGroup(metric: Metric, selector: Selector, report: RunReport): Measured {
  const name = `${selector.key}=${selector.value}`;
  if (!report.breakdown) return { actual: null, note: `this report has no breakdown by ${selector.key} (written by an older chatload)` };
  const group = report.breakdown[selector.key][selector.value];
  if (!group || group.totals.requests === 0) return { actual: null, note: `no request of ${name} was measured` };
  const m = measure(metric, groupFigures(group));
  return { ...m, note: m.note ? `${name}: ${m.note}` : `${name}: actual ${m.shown}` };
}
