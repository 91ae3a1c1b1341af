import type { RuleName, Violation } from '../contract/types.js';
import type { Exchange } from '../exchange.js';
import type { Warmup } from '../load/plan.js';
import { createRng } from '../random.js';
import { redactDeep, redactSecrets } from '../redact.js';
import { Breakdown, type BreakdownOptions } from './breakdown.js';
import { emptyWindows } from './empty-window.js';
import { createLatencyHistogram, createWindowHistogram, encodeHistogram, MICROS_PER_MS, summarize, type Histogram } from './histogram.js';
import type { RequestCounts, StatusAgentCounts } from './request-counts.js';
import { LoadWindows } from './load-windows.js';
import type { RecorderState, ViolationSample, WarmupState, WindowState } from './state.js';

export interface RecorderOptions {
  /** Monotonic time (performance.now()) the run started at; windows count from it. */
  startedAt: number;
  windowMs?: number;
  samplesPerRule?: number;
  /** Seeds the sample reservoirs, so a seeded run keeps the same samples. */
  seed?: number;
  /** Strings that must never be stored (the API key). */
  secrets?: string[];
  /**
   * The start of the run kept apart: its exchanges are checked and counted in `state().warmup`,
   * and stay out of every other figure. This recorder's share: with workers, each takes its part.
   */
  warmup?: Warmup;
  /** Keep the measured figures per agent and per turn as well (`state().breakdown`). */
  breakdown?: BreakdownOptions;
  /** Counts the measured requests by status and agent group (live metrics); none by default. */
  requestCounts?: RequestCounts;
}

/** What the live metrics read from one recorder: the histograms themselves (not copies) and counts. */
export interface RecorderMetrics {
  requests: StatusAgentCounts;
  warmupRequests: number;
  /** Every exchange recorded so far, the warm-up's too (what has ended, of what was sent). */
  ended: number;
  byRule: Partial<Record<RuleName, number>>;
  latency: Histogram;
  service: Histogram;
  /** Exact sums of the values in `latency` and `service` (µs). */
  latencySumUs: number;
  serviceSumUs: number;
}

/** Counters and the corrected-latency histogram (encoded), for progress lines across workers. */
export interface LiveState {
  requests: number;
  errors: number;
  violating: number;
  latency: string;
}

const INPUT_EXCERPT_CHARS = 200;
const BODY_EXCERPT_CHARS = 2000;

export function statusClass(status: number | undefined): string {
  return status === undefined ? 'transport' : `${Math.floor(status / 100)}xx`;
}

export function isFailure(exchange: Exchange): boolean {
  return exchange.error !== undefined || (exchange.status ?? 0) >= 400;
}

/** The per-window status classes, by slot: 1xx … 5xx, no answer, failed on the generator, any other status. */
const WINDOW_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'transport', 'generator', 'other'] as const;
const TRANSPORT_SLOT = 5;
const GENERATOR_SLOT = 6;

function classSlot(exchange: Exchange): number {
  if (exchange.error !== undefined) return TRANSPORT_SLOT;
  const hundreds = Math.floor((exchange.status ?? 0) / 100);
  return hundreds >= 1 && hundreds <= 5 ? hundreds - 1 : 7;
}

/**
 * O(1) per exchange: HDR histograms, counters, bounded sample reservoirs and fixed timeline
 * windows. Nothing grows with the number of requests.
 */
export class Recorder {
  private readonly windowMs: number;
  private readonly samplesPerRule: number;
  private readonly random: () => number;
  private readonly secrets: string[];
  private readonly latency = createLatencyHistogram();
  private readonly service = createLatencyHistogram();
  /** 2xx answers that met the contract, for goodput(SLO) thresholds. */
  private readonly good = createLatencyHistogram();
  private readonly byStatusClass = new Map<string, Histogram>();
  /** The class histogram of each status seen, so the hot path builds no class name. */
  private readonly classOfStatus = new Map<number, Histogram>();
  private readonly status = new Map<number, number>();
  private readonly transportByKind = new Map<string, number>();
  private readonly byRule = new Map<RuleName, number>();
  private readonly seenByRule = new Map<RuleName, number>();
  private readonly samples = new Map<RuleName, ViolationSample[]>();
  private readonly closedWindows: WindowState[] = [];
  private readonly window = createWindowHistogram();
  private windowIndex = 0;
  private windowRequests = 0;
  private windowErrors = 0;
  private windowViolating = 0;
  private windowWarmup = 0;
  private readonly windowClasses: number[] = WINDOW_CLASSES.map(() => 0);
  /** In flight, offered, late and dropped per window (the engine reports the last three). */
  private readonly load: LoadWindows;
  /** The warm-up's own tally (its timeline stays empty: the windows are this recorder's). */
  private readonly warmupPart: Recorder | undefined;
  /** Per agent and per turn; the warm-up is kept out of it, as out of every figure here. */
  private readonly breakdown: Breakdown | undefined;
  private readonly requestCounts: RequestCounts | undefined;
  private warmupLeft: number;
  private warmupEndMs = 0;
  private latencySumUs = 0;
  private serviceSumUs = 0;
  requests = 0;
  responses = 0;
  transportErrors = 0;
  timeouts = 0;
  errors = 0;
  checked = 0;
  violating = 0;

  constructor(private readonly options: RecorderOptions) {
    this.windowMs = options.windowMs ?? 1000;
    this.samplesPerRule = options.samplesPerRule ?? 5;
    this.random = createRng(options.seed ?? 1);
    this.secrets = options.secrets ?? [];
    this.load = new LoadWindows(options.startedAt, this.windowMs);
    const { warmup } = options;
    this.warmupPart = warmup === undefined ? undefined : new Recorder({ ...options, warmup: undefined, breakdown: undefined, requestCounts: undefined });
    this.breakdown = options.breakdown ? new Breakdown(options.breakdown) : undefined;
    this.requestCounts = options.requestCounts;
    this.warmupLeft = warmup !== undefined && 'requests' in warmup ? warmup.requests : 0;
  }

  record(exchange: Exchange, violations: readonly Violation[]): void {
    if (exchange.error !== undefined && exchange.error.kind === 'generator') {
      this.breakdown?.recordGeneratorError(exchange.request.seq);
      return this.recordGeneratorError(exchange);
    }
    // The intended start, when earlier than the send, is where a user's wait began (no coordinated omission).
    // A timer that fired early can put the send before it: then the send is the start.
    const start = exchange.request.intendedAt === undefined ? exchange.sentAt : Math.min(exchange.request.intendedAt, exchange.sentAt);
    // The warm-up's requests are load on the target too: they count in flight.
    this.load.exchange(exchange.sentAt, exchange.endAt);
    const failed = isFailure(exchange);
    if (this.warmupPart && this.inWarmup(start)) {
      this.warmupPart.tally(exchange, violations, start, failed);
      this.warmupEndMs = Math.max(this.warmupEndMs, exchange.endAt - this.options.startedAt);
      this.recordWindow(exchange.endAt, undefined, false, false, true, -1);
      return;
    }
    const latencyUs = this.tally(exchange, violations, start, failed);
    this.recordWindow(exchange.endAt, latencyUs, failed, violations.length > 0, false, classSlot(exchange));
  }

  /** An arrival due at `intendedAt` (open model): sent or dropped, it was offered. */
  offered(intendedAt: number): void {
    this.load.offered(intendedAt);
  }

  /** A request sent at `at`, later than the tolerance after its intended time. */
  late(at: number): void {
    this.load.late(at);
  }

  /** `count` arrivals dropped at `at`: never sent. */
  dropped(at: number, count = 1): void {
    if (count > 0) this.load.dropped(at, count);
  }

  /** The first N exchanges to end (a count), or those started in the first D ms (a duration). */
  private inWarmup(start: number): boolean {
    const warmup = this.options.warmup!;
    if ('durationMs' in warmup) return start - this.options.startedAt < warmup.durationMs;
    if (this.warmupLeft <= 0) return false;
    this.warmupLeft--;
    return true;
  }

  /** Counts, checks and times one exchange; returns its latency (µs) when it is timed. */
  private tally(exchange: Exchange, violations: readonly Violation[], start: number, failed: boolean): number | undefined {
    const latencyUs = Math.max(0, Math.round((exchange.endAt - start) * MICROS_PER_MS));
    const serviceUs = Math.max(0, Math.round((exchange.endAt - exchange.sentAt) * MICROS_PER_MS));
    this.requests++;
    this.requestCounts?.count(exchange);
    if (failed) this.errors++;
    if (exchange.error) {
      this.transportErrors++;
      if (exchange.error.kind === 'timeout') this.timeouts++;
      this.transportByKind.set(exchange.error.kind, (this.transportByKind.get(exchange.error.kind) ?? 0) + 1);
    } else {
      this.responses++;
      this.status.set(exchange.status!, (this.status.get(exchange.status!) ?? 0) + 1);
    }
    // Answers and timeouts are timed: a stalled server must show in the percentiles, and a timeout's
    // wait (at least the timeout) is a lower bound of what the user waited. A refused or reset
    // connection answers nothing about the server's latency: it is counted, and not timed in any
    // histogram (so the `transport` class holds the timeouts, and all + untimed = requests).
    const timed = exchange.error === undefined || exchange.error.kind === 'timeout';
    if (!timed) {
      this.tallyViolations(exchange, violations, undefined);
      this.breakdown?.record(exchange, violations, undefined, serviceUs, failed);
      return undefined;
    }
    this.latency.recordValue(latencyUs);
    this.service.recordValue(serviceUs);
    this.latencySumUs += latencyUs;
    this.serviceSumUs += serviceUs;
    // A timeout after the headers arrived carries a status, but it is a transport failure, not an answer.
    const status = exchange.error ? undefined : exchange.status;
    let classHistogram = status === undefined ? undefined : this.classOfStatus.get(status);
    if (!classHistogram) {
      const cls = statusClass(status);
      classHistogram = this.byStatusClass.get(cls);
      if (!classHistogram) this.byStatusClass.set(cls, (classHistogram = createLatencyHistogram()));
      if (status !== undefined && this.classOfStatus.size < 1000) this.classOfStatus.set(status, classHistogram);
    }
    classHistogram.recordValue(latencyUs);
    this.tallyViolations(exchange, violations, latencyUs);
    this.breakdown?.record(exchange, violations, latencyUs, serviceUs, failed);
    return latencyUs;
  }

  private tallyViolations(exchange: Exchange, violations: readonly Violation[], latencyUs: number | undefined): void {
    this.checked++;
    if (violations.length) this.violating++;
    if (latencyUs !== undefined && violations.length === 0 && exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300) this.good.recordValue(latencyUs);
    for (const violation of violations) {
      this.byRule.set(violation.rule, (this.byRule.get(violation.rule) ?? 0) + 1);
      this.offerSample(exchange, violation);
    }
  }

  /**
   * A request that failed on this machine (out of descriptors or ports) never reached the target:
   * it is counted, apart, but not in the target's errors, latencies or contract checks.
   */
  private recordGeneratorError(exchange: Exchange): void {
    this.requestCounts?.count(exchange);
    this.requests++;
    this.transportErrors++;
    this.transportByKind.set('generator', (this.transportByKind.get('generator') ?? 0) + 1);
    this.recordWindow(exchange.endAt, undefined, false, false, false, GENERATOR_SLOT);
  }

  private recordWindow(endAt: number, latencyUs: number | undefined, failed: boolean, violating: boolean, warmup: boolean, slot: number): void {
    const index = Math.max(0, Math.floor((endAt - this.options.startedAt) / this.windowMs));
    // Completion order is time order within one recorder; a straggler lands in the current window.
    while (index > this.windowIndex) this.closeWindow();
    if (warmup) {
      this.windowWarmup++;
      return;
    }
    this.windowRequests++;
    this.windowClasses[slot]!++;
    if (failed) this.windowErrors++;
    if (violating) this.windowViolating++;
    if (latencyUs !== undefined) this.window.recordValue(latencyUs);
  }

  private closeWindow(): void {
    this.closedWindows.push(this.currentWindow());
    this.window.reset();
    this.windowRequests = this.windowErrors = this.windowViolating = this.windowWarmup = 0;
    this.windowClasses.fill(0);
    this.windowIndex++;
  }

  private currentWindow(): WindowState {
    const classes: Record<string, number> = {};
    this.windowClasses.forEach((n, slot) => n && (classes[WINDOW_CLASSES[slot]!] = n));
    return {
      index: this.windowIndex,
      requests: this.windowRequests,
      errors: this.windowErrors,
      violating: this.windowViolating,
      ...(this.windowWarmup ? { warmup: this.windowWarmup } : {}),
      ...(this.windowRequests ? { classes } : {}),
      hdr: encodeHistogram(this.window),
    };
  }

  /** The windows with their load figures; as many as either the answers or the load reached. */
  private timeline(): WindowState[] {
    // The current window is empty only before the first exchange: a window closes when one ends in a later window.
    const windows = [...this.closedWindows, this.currentWindow()];
    const load = this.load.windows(Math.max(windows.length, this.load.length));
    const empty = emptyWindows();
    for (let i = windows.length; i < load.length; i++) windows.push(empty(i));
    return windows.map((w, i) => {
      const { inFlightMs, offered, late, dropped } = load[i]!;
      return { ...w, ...(inFlightMs > 0 ? { inFlightMs } : {}), ...(offered ? { offered } : {}), ...(late ? { late } : {}), ...(dropped ? { dropped } : {}) };
    });
  }

  /** Reservoir sampling (Algorithm R): K samples per rule, uniform over the whole run. */
  private offerSample(exchange: Exchange, violation: Violation): void {
    const seen = (this.seenByRule.get(violation.rule) ?? 0) + 1;
    this.seenByRule.set(violation.rule, seen);
    let list = this.samples.get(violation.rule);
    if (!list) this.samples.set(violation.rule, (list = []));
    if (list.length < this.samplesPerRule) list.push(this.sampleOf(exchange, violation));
    else {
      const slot = Math.floor(this.random() * seen);
      if (slot < this.samplesPerRule) list[slot] = this.sampleOf(exchange, violation);
    }
  }

  private sampleOf(exchange: Exchange, violation: Violation): ViolationSample {
    const redact = (text: string) => redactSecrets(text, this.secrets);
    const { body } = exchange.request;
    // Conformance cases send bodies whose input is missing or not a string on purpose.
    // Redact before cutting: a key cut in half would no longer be found.
    const redactedInput = typeof body.input === 'string' ? redact(body.input) : body.input;
    const input = typeof redactedInput === 'string' && redactedInput.length > INPUT_EXCERPT_CHARS ? `${redactedInput.slice(0, INPUT_EXCERPT_CHARS)}… (${body.input.length} chars)` : redactedInput;
    const requestBody: unknown = redactDeep({ ...body, input }, this.secrets);
    const sample: ViolationSample = {
      rule: violation.rule,
      message: redact(violation.message),
      ...(violation.schemaPath !== undefined ? { schemaPath: violation.schemaPath } : {}),
      ...(violation.instancePath !== undefined ? { instancePath: violation.instancePath } : {}),
      at: Math.round(exchange.endAt - this.options.startedAt) / 1000,
      request: { seq: exchange.request.seq, body: requestBody },
    };
    if (!exchange.error) {
      const text = redact(exchange.body?.toString('utf8') ?? '');
      const headers = exchange.headers ? redactDeep(exchange.headers, this.secrets, { names: true }) : undefined;
      sample.response = {
        ...(exchange.status !== undefined ? { status: exchange.status } : {}),
        ...(headers ? { headers } : {}),
        bodyExcerpt: text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text,
        bodyBytes: exchange.body?.length ?? 0,
        ...(exchange.truncated ? { truncated: true } : {}),
      };
    }
    return sample;
  }

  /** Live figures for progress lines: counts include the warm-up (what was sent so far), latency does not. */
  progress(): { requests: number; errors: number; violating: number; p50: number | null; p99: number | null } {
    const s = summarize(this.latency);
    const w = this.warmupPart;
    return { requests: this.requests + (w?.requests ?? 0), errors: this.errors + (w?.errors ?? 0), violating: this.violating + (w?.violating ?? 0), p50: s.p50, p99: s.p99 };
  }

  /** The live figures in a form another thread can send and merge (workers' progress). */
  liveState(): LiveState {
    const { requests, errors, violating } = this.progress();
    return { requests, errors, violating, latency: encodeHistogram(this.latency) };
  }

  /** The live metrics' view of this recorder (src/metrics). */
  metrics(): RecorderMetrics {
    const warmupRequests = this.warmupPart?.requests ?? 0;
    return { requests: this.requestCounts?.snapshot() ?? {}, warmupRequests, ended: this.requests + warmupRequests, byRule: Object.fromEntries(this.byRule), latency: this.latency, service: this.service, latencySumUs: this.latencySumUs, serviceSumUs: this.serviceSumUs };
  }

  /** The serialisable state; the current window is included as it stands. */
  state(): RecorderState {
    const timeline = this.timeline();
    return {
      windowMs: this.windowMs,
      latency: encodeHistogram(this.latency),
      service: encodeHistogram(this.service),
      good: encodeHistogram(this.good),
      byStatusClass: Object.fromEntries([...this.byStatusClass].map(([k, h]) => [k, encodeHistogram(h)])),
      requests: this.requests,
      responses: this.responses,
      transportErrors: this.transportErrors,
      timeouts: this.timeouts,
      errors: this.errors,
      status: Object.fromEntries([...this.status].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])),
      transportByKind: Object.fromEntries(this.transportByKind),
      checked: this.checked,
      violating: this.violating,
      byRule: Object.fromEntries(this.byRule),
      samples: Object.fromEntries(this.samples),
      timeline,
      ...(this.warmupPart ? { warmup: this.warmupState(this.warmupPart) } : {}),
      ...(this.breakdown ? { breakdown: this.breakdown.state() } : {}),
    };
  }

  private warmupState(part: Recorder): WarmupState {
    const { warmup, timeline, ...tally } = part.state();
    const setting = this.options.warmup!;
    // A duration-long warm-up ends at its duration (what starts later is measured); a count ends with the last of its exchanges.
    const endedAtMs = 'durationMs' in setting ? setting.durationMs : this.warmupEndMs;
    return { ...tally, timeline: [], endedAtMs: Math.round(endedAtMs) };
  }
}
