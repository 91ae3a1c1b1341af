import type { InputProblem } from '../errors.js';
import { checkEncodedHistogram } from '../record/hdr-check.js';
import { HIGHEST_TRACKABLE_US, LATENCY_DIGITS, MICROS_PER_MS, summarize, summarizeWindow, WINDOW_DIGITS, type Histogram, type LatencySummary } from '../record/histogram.js';
import { bucketsOf } from '../verdict/buckets.js';
import type { LatencyReport, RunReport } from '../run-report.js';

/** A problem found in a report read back; `forceable` ones (figures that do not add up) may be overridden with `--force`. */
export interface ReportProblem extends InputProblem {
  forceable: boolean;
}

const CORRUPT_FIX = 'use the report.json exactly as chatload wrote it: an hdr string is copied whole, never edited';
const TIMELINE_FIX = 'use the report.json exactly as chatload wrote it: its timeline windows are of one size, from 0 s';
const INCONSISTENT_FIX = 'use the report.json exactly as chatload wrote it: its figures were edited, or parts of two reports were mixed';
const DEFAULT_WINDOW_MS = 1000;
/** Slack on "no latency can exceed the run's duration plus its timeout": worker clocks and timers. */
const RANGE_SLACK_MS = 60_000;

const int = (n: number) => n.toLocaleString('en-US');
const ms = (us: number) => `${int(Math.round(us / MICROS_PER_MS))} ms`;
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const near = (a: number, b: number, absolute: number) => Math.abs(a - b) <= absolute + 1e-9 * Math.abs(b);

/** The timeline's window size in ms (1 s when there is one window or none): every window must have it. */
export function timelineWindowMs(report: RunReport): number {
  const tl = report.timeline;
  return tl.length > 1 ? Math.round((tl[1]!.t - tl[0]!.t) * 1000 * 1000) / 1000 : DEFAULT_WINDOW_MS;
}

interface Context {
  report: RunReport;
  file: string;
  problems: ReportProblem[];
  /** Decoded histograms by field (`latency`, `latencyByStatusClass.2xx`, `timeline[3]`); absent when it did not decode. */
  histograms: Map<string, Histogram>;
}

function corrupt(ctx: Context, field: string, message: string, fix = CORRUPT_FIX): void {
  ctx.problems.push({ file: ctx.file, field, message, fix, forceable: false });
}

function inconsistent(ctx: Context, field: string, message: string): void {
  ctx.problems.push({ file: ctx.file, field, message, fix: INCONSISTENT_FIX, forceable: true });
}

/** Every hdr decodes, in the unit, precision and range chatload records (µs from 1, 3 digits; 2 in timeline windows). */
function decodeHistograms(ctx: Context): void {
  const r = ctx.report;
  const boundUs = Math.max(HIGHEST_TRACKABLE_US, (r.durationMs + r.load.timeoutMs + RANGE_SLACK_MS) * MICROS_PER_MS);
  const fields: [string, string, number][] = [
    ['latency', r.latency.hdr, LATENCY_DIGITS],
    ['serviceTime', r.serviceTime.hdr, LATENCY_DIGITS],
    ...(r.goodLatency ? [['goodLatency', r.goodLatency.hdr, LATENCY_DIGITS] as [string, string, number]] : []),
    ...Object.entries(r.latencyByStatusClass).map(([cls, l]): [string, string, number] => [`latencyByStatusClass.${cls}`, l.hdr, LATENCY_DIGITS]),
    ...r.timeline.map((w, i): [string, string, number] => [`timeline[${i}]`, w.hdr, WINDOW_DIGITS]),
    ...groupLatencies(r).map(([field, l]): [string, string, number] => [field, l.hdr, LATENCY_DIGITS]),
    // A sweep's levels keep their own histograms (chatload sweep).
    ...(r.sweep?.levels ?? []).flatMap((l, i): [string, string, number][] => [[`sweep.levels[${i}].latency`, l.latency.hdr, LATENCY_DIGITS], [`sweep.levels[${i}].serviceTime`, l.serviceTime.hdr, LATENCY_DIGITS]]),
  ];
  for (const [field, encoded, digits] of fields) {
    const checked = checkEncodedHistogram(encoded);
    if (!checked.ok) corrupt(ctx, `${field}.hdr`, checked.problem);
    else if (checked.lowest !== 1) corrupt(ctx, `${field}.hdr`, `declares a lowest value of ${checked.lowest}: chatload records whole microseconds (lowest 1)`);
    else if (checked.digits < digits) corrupt(ctx, `${field}.hdr`, `has ${checked.digits} significant digits, chatload records ${digits}: percentiles drawn from it would be coarser than they claim`);
    else if (checked.histogram.maxValue > boundUs) {
      corrupt(ctx, `${field}.hdr`, `holds values up to ${ms(checked.histogram.maxValue)}, more than this run could measure (${ms(boundUs)}: its duration plus its timeout): not microseconds, or not this run's histogram`);
    } else ctx.histograms.set(field, checked.histogram);
  }
}

/** The figures stored beside an hdr are the ones it gives. */
function checkSummary(ctx: Context, field: string, stored: Partial<Record<keyof LatencySummary, number | null>>, window = false): void {
  const histogram = ctx.histograms.get(field);
  if (!histogram) return;
  const actual: Partial<LatencySummary> = window ? summarizeWindow(histogram) : summarize(histogram);
  for (const key of Object.keys(actual) as (keyof LatencySummary)[]) {
    const a = stored[key] ?? null;
    const b = actual[key] ?? null;
    if (a === b || (a !== null && b !== null && near(a, b, 0.0015))) continue;
    const show = (v: number | null) => (v === null ? 'null' : key === 'count' ? int(v) : `${v} ms`);
    inconsistent(ctx, `${field}.${key}`, `is ${show(a)}, but its histogram (${field}.hdr) gives ${show(b)}: the figure was edited, or the hdr belongs to another report`);
    return;
  }
}

const countOf = (ctx: Context, field: string) => ctx.histograms.get(field)?.totalCount;

/** Requests, responses, transport errors, timeouts, errors and rates add up. */
function checkTotals(ctx: Context): void {
  const { totals: t, status, transportErrors: byKind } = ctx.report;
  if (t.requests !== t.responses + t.transportErrors) {
    inconsistent(ctx, 'totals.requests', `is ${int(t.requests)}, but responses + transportErrors = ${int(t.responses)} + ${int(t.transportErrors)} = ${int(t.responses + t.transportErrors)} (every request ends in one or the other)`);
  }
  const answered = sum(Object.values(status));
  if (answered !== t.responses) inconsistent(ctx, 'status', `counts ${int(answered)} responses, but totals.responses is ${int(t.responses)}`);
  const failedTransport = sum(Object.values(byKind));
  if (failedTransport !== t.transportErrors) inconsistent(ctx, 'transportErrors', `counts ${int(failedTransport)} transport errors, but totals.transportErrors is ${int(t.transportErrors)}`);
  if (t.timeouts !== (byKind['timeout'] ?? 0)) inconsistent(ctx, 'totals.timeouts', `is ${int(t.timeouts)}, but transportErrors.timeout is ${int(byKind['timeout'] ?? 0)}`);
  // Requests that failed on this machine (generator errors) are transport errors, but not the target's errors.
  const generator = t.generatorErrors ?? 0;
  if (generator !== (byKind['generator'] ?? 0)) inconsistent(ctx, 'totals.generatorErrors', `is ${int(generator)}, but transportErrors.generator is ${int(byKind['generator'] ?? 0)}`);
  const targetTransport = t.transportErrors - generator;
  const failedStatus = sum(Object.entries(status).filter(([code]) => Number(code) >= 400).map(([, n]) => n));
  if (t.errors !== targetTransport + failedStatus) {
    inconsistent(ctx, 'totals.errors', `is ${int(t.errors)}, but transport errors (other than the generator's) + responses with status ≥ 400 = ${int(targetTransport)} + ${int(failedStatus)} = ${int(targetTransport + failedStatus)}`);
  }
  const reached = t.requests - generator;
  const errorRate = reached > 0 ? t.errors / reached : 0;
  if (!near(t.errorRate, errorRate, 1e-9)) inconsistent(ctx, 'totals.errorRate', `is ${t.errorRate}, but errors / (requests − generatorErrors) = ${errorRate}`);
  // The measured requests are rated over the time after the warm-up (buildReport).
  const warmupMs = ctx.report.warmup?.durationMs ?? 0;
  const durationMs = ctx.report.durationMs - warmupMs;
  // rps was computed from the unrounded duration: allow its rounding (half a millisecond, one with a
  // warm-up: both ends were rounded) exactly, as a short run's rps moves by more than rps × slack / duration;
  // and the rounding to 0.01.
  const slackMs = warmupMs ? 1 : 0.5;
  const rps = durationMs > 0 ? (t.requests / durationMs) * 1000 : 0;
  if (durationMs > slackMs && !near(t.rps, rps, 0.011 + (rps * slackMs) / (durationMs - slackMs))) {
    const over = warmupMs ? `the ${durationMs / 1000} s after the warm-up` : `${durationMs / 1000} s`;
    inconsistent(ctx, 'totals.rps', `is ${t.rps}, but requests / duration = ${int(t.requests)} / ${over} = ${Math.round(rps * 100) / 100}`);
  }
}

/** Every exchange is checked once; an exchange that broke the contract broke at least one rule. */
function checkConformance(ctx: Context): void {
  const { conformance: c, totals: t } = ctx.report;
  const reached = t.requests - (t.generatorErrors ?? 0);
  if (c.checked !== reached) inconsistent(ctx, 'conformance.checked', `is ${int(c.checked)}, but ${int(reached)} requests reached the target (each exchange is checked once; generator errors are not)`);
  if (c.violating > c.checked) inconsistent(ctx, 'conformance.violating', `is ${int(c.violating)}, more than the ${int(c.checked)} exchanges checked`);
  const hits = sum(Object.values(c.byRule).map((n) => n ?? 0));
  if (c.violating > hits) inconsistent(ctx, 'conformance.byRule', `counts ${int(hits)} rule violations, fewer than the ${int(c.violating)} violating exchanges (each broke at least one rule)`);
  const kept = new Map<string, number>();
  for (const s of c.samples) kept.set(s.rule, (kept.get(s.rule) ?? 0) + 1);
  for (const [rule, n] of kept) {
    const seen = c.byRule[rule as keyof typeof c.byRule] ?? 0;
    if (n > seen) inconsistent(ctx, 'conformance.samples', `keeps ${int(n)} samples of ${rule}, which conformance.byRule counts ${int(seen)} times`);
  }
}

/** Sorted bucket values (µs) and the count in each. */
function bucketCounts(histogram: Histogram): Map<number, number> {
  const b = bucketsOf(histogram);
  const counts = new Map<number, number>();
  b.values.forEach((value, i) => counts.set(value, b.cumulative[i]! - (i ? b.cumulative[i - 1]! : 0)));
  return counts;
}

/** The first bucket (µs) where `smaller` holds more than `larger`, bucket by bucket, if any. */
function firstExcess(smaller: Map<number, number>, larger: Map<number, number>): { value: number; smaller: number; larger: number } | undefined {
  for (const [value, n] of [...smaller].sort(([a], [b]) => a - b)) if (n > (larger.get(value) ?? 0)) return { value, smaller: n, larger: larger.get(value) ?? 0 };
  return undefined;
}

function addInto(into: Map<number, number>, from: Map<number, number>): void {
  for (const [value, n] of from) into.set(value, (into.get(value) ?? 0) + n);
}

/**
 * The latency histograms against the counts and each other: every answer and timeout is timed once;
 * each class holds its own statuses; the service time never exceeds the corrected latency.
 */
function checkLatencyHistograms(ctx: Context): void {
  const r = ctx.report;
  const t = r.totals;
  const timed = countOf(ctx, 'latency');
  if (timed !== undefined && timed !== t.responses + t.timeouts) {
    inconsistent(ctx, 'latency.hdr', `holds ${int(timed)} latencies, but responses + timeouts = ${int(t.responses)} + ${int(t.timeouts)} = ${int(t.responses + t.timeouts)} (every answer and every timeout is timed once)`);
  }
  if (timed !== undefined && t.untimed !== undefined && timed + t.untimed !== t.requests) {
    inconsistent(ctx, 'totals.untimed', `is ${int(t.untimed)}, but requests − timed latencies = ${int(t.requests)} − ${int(timed)} = ${int(t.requests - timed)} (all + untimed = requests)`);
  }
  const service = countOf(ctx, 'serviceTime');
  if (service !== undefined && timed !== undefined && service !== timed) inconsistent(ctx, 'serviceTime.hdr', `holds ${int(service)} values, but latency.hdr holds ${int(timed)} (both time the same exchanges)`);
  const latencyHistogram = ctx.histograms.get('latency');
  const serviceHistogram = ctx.histograms.get('serviceTime');
  if (latencyHistogram && serviceHistogram && service === timed) {
    // Per exchange, service time (send → end) ≤ latency (intended start → end), so at every value at least as many service times lie below.
    const s = bucketsOf(serviceHistogram);
    const l = bucketsOf(latencyHistogram);
    let j = 0;
    for (let i = 0; i < l.values.length; i++) {
      while (j + 1 < s.values.length && s.values[j + 1]! <= l.values[i]!) j++;
      const serviceBelow = s.values[j]! <= l.values[i]! ? s.cumulative[j]! : 0;
      if (serviceBelow < l.cumulative[i]!) {
        inconsistent(ctx, 'serviceTime.hdr', `is slower than latency.hdr (${int(l.cumulative[i]!)} latencies ≤ ${ms(l.values[i]!)}, only ${int(serviceBelow)} service times): a service time (send → end) never exceeds its corrected latency (intended start → end), so the two were swapped or come from different runs`);
        break;
      }
    }
  }
  const good = countOf(ctx, 'goodLatency');
  if (good !== undefined && good > r.conformance.checked - r.conformance.violating) {
    inconsistent(ctx, 'goodLatency.hdr', `holds ${int(good)} values, more than the ${int(r.conformance.checked - r.conformance.violating)} exchanges that met the contract`);
  }

  // Each class histogram holds its own statuses (transport: every transport error).
  // Refused and reset connections are counted, not timed: the transport class holds the timeouts.
  const expected = new Map<string, number>([['transport', t.timeouts]]);
  for (const [code, n] of Object.entries(r.status)) expected.set(`${code[0]}xx`, (expected.get(`${code[0]}xx`) ?? 0) + n);
  for (const cls of Object.keys(r.latencyByStatusClass)) {
    if (expected.has(cls)) continue;
    const held = countOf(ctx, `latencyByStatusClass.${cls}`);
    if (!/^[1-5]xx$/.test(cls)) inconsistent(ctx, `latencyByStatusClass.${cls}`, 'is not a class chatload records (1xx … 5xx, transport)');
    else if (held) inconsistent(ctx, `latencyByStatusClass.${cls}.hdr`, `holds ${int(held)} latencies, but no ${cls} response was counted (status)`);
  }
  for (const [cls, n] of expected) {
    const field = `latencyByStatusClass.${cls}`;
    if (!(cls in r.latencyByStatusClass)) {
      if (n > 0) inconsistent(ctx, field, `is missing, but ${int(n)} ${cls === 'transport' ? 'timeouts were' : `${cls} responses were`} counted`);
      continue;
    }
    const held = countOf(ctx, field);
    if (held !== undefined && held !== n) inconsistent(ctx, `${field}.hdr`, `holds ${int(held)} latencies, but ${int(n)} ${cls === 'transport' ? 'timeouts were counted (totals.timeouts)' : `${cls} responses were counted (status)`}: a histogram of another class or report`);
  }

  // Bucket by bucket: the answers' classes lie within the overall histogram, which lies within all classes (timeouts are transport).
  const classes = Object.keys(r.latencyByStatusClass);
  if (!latencyHistogram || classes.some((cls) => !ctx.histograms.has(`latencyByStatusClass.${cls}`))) return;
  const answers = new Map<number, number>();
  const all = new Map<number, number>();
  for (const cls of classes) {
    const counts = bucketCounts(ctx.histograms.get(`latencyByStatusClass.${cls}`)!);
    if (cls !== 'transport') addInto(answers, counts);
    addInto(all, counts);
  }
  const overall = bucketCounts(latencyHistogram);
  const extra = firstExcess(answers, overall);
  if (extra) {
    inconsistent(ctx, 'latencyByStatusClass', `holds ${int(extra.smaller)} answers at ${ms(extra.value)}, where latency.hdr holds ${int(extra.larger)}: a class histogram belongs to another class or report`);
    return;
  }
  const missing = firstExcess(overall, all);
  if (missing) inconsistent(ctx, 'latency.hdr', `holds ${int(missing.smaller)} latencies at ${ms(missing.value)}, where the status classes hold ${int(missing.larger)}: a histogram belongs to another report`);
}

/** Windows of one size from 0 s; their counts add up to the totals and their histograms to the overall one. */
function checkTimeline(ctx: Context): void {
  const r = ctx.report;
  const tl = r.timeline;
  const windowMs = timelineWindowMs(r);
  if (!(windowMs > 0)) corrupt(ctx, 'timeline[1].t', `is ${tl[1]?.t} s, not after timeline[0].t (${tl[0]?.t} s): windows follow each other`, TIMELINE_FIX);
  else {
    const uneven = tl.findIndex((w, i) => !near(w.t, (i * windowMs) / 1000, 1e-6));
    if (uneven === 0) corrupt(ctx, 'timeline[0].t', `is ${tl[0]!.t} s: chatload's timeline starts at 0`, TIMELINE_FIX);
    else if (uneven > 0) corrupt(ctx, `timeline[${uneven}].t`, `is ${tl[uneven]!.t} s, where windows of ${windowMs / 1000} s (as timeline[0] … timeline[1]) put ${(uneven * windowMs) / 1000} s: the windows are of different sizes`, TIMELINE_FIX);
  }
  const sums: [string, number, number, string][] = [
    ['requests', sum(tl.map((w) => w.requests)), r.totals.requests, 'totals.requests'],
    ['errors', sum(tl.map((w) => w.errors)), r.totals.errors, 'totals.errors'],
    ['violating exchanges', sum(tl.map((w) => w.violating)), r.conformance.violating, 'conformance.violating'],
  ];
  for (const [key, actual, expected, what] of sums) if (actual !== expected) inconsistent(ctx, 'timeline', `counts ${int(actual)} ${key} over its windows, but ${what} is ${int(expected)}`);
  let held = 0;
  let complete = true;
  tl.forEach((w, i) => {
    const field = `timeline[${i}]`;
    if (windowMs > 0 && !near(w.rps, Math.round((w.requests / windowMs) * 1000 * 100) / 100, 0.011)) inconsistent(ctx, `${field}.rps`, `is ${w.rps}, but ${int(w.requests)} requests in ${windowMs / 1000} s make ${Math.round((w.requests / windowMs) * 1000 * 100) / 100}`);
    const n = countOf(ctx, field);
    if (n === undefined) return void (complete = false);
    held += n;
    if (n > w.requests) inconsistent(ctx, `${field}.hdr`, `holds ${int(n)} latencies, more than the window's ${int(w.requests)} requests`);
    checkSummary(ctx, field, w, true);
  });
  const timed = countOf(ctx, 'latency');
  if (complete && timed !== undefined && held !== timed) inconsistent(ctx, 'timeline', `holds ${int(held)} latencies over its windows, but latency.hdr holds ${int(timed)}`);
}

/**
 * The invariants a report chatload wrote always satisfies, checked on one read back: every hdr
 * decodes in chatload's unit and range; the counts add up; each histogram's count matches the
 * counts it times (overall, per class, per window); the figures beside an hdr are the ones it
 * gives; timeline windows are of one size. Pure: returns the problems, each naming the file,
 * the field (a JSON path) and the fix. Run after the JSON Schema check (`checkReportShape`).
 */
export function checkReportInvariants(report: RunReport, file: string): ReportProblem[] {
  const ctx: Context = { report, file, problems: [], histograms: new Map() };
  decodeHistograms(ctx);
  checkTotals(ctx);
  checkConformance(ctx);
  const latencies: [string, LatencyReport | undefined][] = [['latency', report.latency], ['serviceTime', report.serviceTime], ['goodLatency', report.goodLatency], ...Object.entries(report.latencyByStatusClass).map(([cls, l]): [string, LatencyReport] => [`latencyByStatusClass.${cls}`, l])];
  for (const [field, l] of latencies) if (l) checkSummary(ctx, field, l);
  (report.sweep?.levels ?? []).forEach((l, i) => {
    checkSummary(ctx, `sweep.levels[${i}].latency`, l.latency);
    checkSummary(ctx, `sweep.levels[${i}].serviceTime`, l.serviceTime);
  });
  checkLatencyHistograms(ctx);
  checkTimeline(ctx);
  checkBreakdown(ctx);
  return ctx.problems;
}

const GROUP_LATENCIES = ['latency', 'serviceTime', 'goodLatency'] as const;

/** Every histogram of the breakdown, by field (`breakdown.agent.<id>.latency`). */
function groupLatencies(r: RunReport): [string, LatencyReport][] {
  const b = r.breakdown;
  if (!b) return [];
  return (['agent', 'turn'] as const).flatMap((dimension) => Object.entries(b[dimension]).flatMap(([name, g]) => GROUP_LATENCIES.map((key): [string, LatencyReport] => [`breakdown.${dimension}.${name}.${key}`, g[key]])));
}

/** Where fewer service times than latencies lie at or below a value, if anywhere (a service time never exceeds its latency). */
function slowerService(service: Histogram, latency: Histogram): { value: number; latencies: number; services: number } | undefined {
  const s = bucketsOf(service);
  const l = bucketsOf(latency);
  let j = 0;
  for (let i = 0; i < l.values.length; i++) {
    while (j + 1 < s.values.length && s.values[j + 1]! <= l.values[i]!) j++;
    const below = s.values[j]! <= l.values[i]! ? s.cumulative[j]! : 0;
    if (below < l.cumulative[i]!) return { value: l.values[i]!, latencies: l.cumulative[i]!, services: below };
  }
  return undefined;
}

/**
 * The breakdown: each group's figures add up as the whole run's do, and the groups of each
 * dimension (agents, turns) add up to the whole run: its counts, and its histograms bucket by bucket.
 */
function checkBreakdown(ctx: Context): void {
  const r = ctx.report;
  const b = r.breakdown;
  if (!b) return;
  for (const [field, l] of groupLatencies(r)) checkSummary(ctx, field, l);
  for (const dimension of ['agent', 'turn'] as const) {
    const groups = Object.entries(b[dimension]);
    for (const [name, g] of groups) {
      const at = `breakdown.${dimension}.${name}`;
      const t = g.totals;
      if (t.requests !== t.responses + t.transportErrors) inconsistent(ctx, `${at}.totals.requests`, `is ${int(t.requests)}, but responses + transportErrors = ${int(t.responses + t.transportErrors)}`);
      const answered = sum(Object.values(g.status));
      if (answered !== t.responses) inconsistent(ctx, `${at}.status`, `counts ${int(answered)} responses, but ${at}.totals.responses is ${int(t.responses)}`);
      const timed = countOf(ctx, `${at}.latency`);
      if (timed !== undefined && timed !== t.responses + t.timeouts) inconsistent(ctx, `${at}.latency.hdr`, `holds ${int(timed)} latencies, but responses + timeouts = ${int(t.responses + t.timeouts)}`);
      const service = countOf(ctx, `${at}.serviceTime`);
      if (service !== undefined && timed !== undefined && service !== timed) inconsistent(ctx, `${at}.serviceTime.hdr`, `holds ${int(service)} values, but ${at}.latency.hdr holds ${int(timed)}`);
      else if (service !== undefined) {
        const slower = slowerService(ctx.histograms.get(`${at}.serviceTime`)!, ctx.histograms.get(`${at}.latency`)!);
        if (slower) inconsistent(ctx, `${at}.serviceTime.hdr`, `is slower than ${at}.latency.hdr (${int(slower.latencies)} latencies ≤ ${ms(slower.value)}, only ${int(slower.services)} service times): the two were swapped, or come from other groups`);
      }
      const hits = sum(Object.values(g.conformance.byRule).map((n) => n ?? 0));
      if (hits !== g.conformance.ruleViolations) inconsistent(ctx, `${at}.conformance.ruleViolations`, `is ${int(g.conformance.ruleViolations)}, but its byRule adds up to ${int(hits)}`);
    }
    const whole: [string, (g: (typeof groups)[number][1]) => number, number][] = [
      ['totals.requests', (g) => g.totals.requests, r.totals.requests],
      ['totals.responses', (g) => g.totals.responses, r.totals.responses],
      ['totals.transportErrors', (g) => g.totals.transportErrors, r.totals.transportErrors],
      ['totals.timeouts', (g) => g.totals.timeouts, r.totals.timeouts],
      ['totals.errors', (g) => g.totals.errors, r.totals.errors],
      ['conformance.checked', (g) => g.conformance.checked, r.conformance.checked],
      ['conformance.violating', (g) => g.conformance.violating, r.conformance.violating],
      ['conformance.ruleViolations', (g) => g.conformance.ruleViolations, sum(Object.values(r.conformance.byRule).map((n) => n ?? 0))],
    ];
    for (const [key, pick, expected] of whole) {
      const actual = sum(groups.map(([, g]) => pick(g)));
      if (actual !== expected) inconsistent(ctx, `breakdown.${dimension}`, `adds up to ${int(actual)} ${key}, but the run's ${key} is ${int(expected)} (every exchange is in exactly one ${dimension} group)`);
    }
    for (const key of GROUP_LATENCIES) {
      const overall = ctx.histograms.get(key);
      if (!overall || groups.some(([name]) => !ctx.histograms.has(`breakdown.${dimension}.${name}.${key}`))) continue;
      const parts = new Map<number, number>();
      for (const [name] of groups) addInto(parts, bucketCounts(ctx.histograms.get(`breakdown.${dimension}.${name}.${key}`)!));
      const all = bucketCounts(overall);
      const diff = firstExcess(parts, all) ?? firstExcess(all, parts);
      if (diff) inconsistent(ctx, `breakdown.${dimension}`, `holds ${int(parts.get(diff.value) ?? 0)} ${key} values at ${ms(diff.value)} over its groups, where ${key}.hdr holds ${int(all.get(diff.value) ?? 0)}: a group's histogram belongs to another group or report`);
    }
  }
}
