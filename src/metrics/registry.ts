import { Counter, Gauge, Registry, type Metric } from 'prom-client';
import { RULES } from '../contract/types.js';
import { redactSecrets } from '../redact.js';
import { bucketsOf } from './buckets.js';
import type { MetricsFigures } from './figures.js';
import { HELP, LATENCY_BUCKETS_SECONDS, METRIC, REQUEST_LABELS, RUN_INFO_LABELS, VIOLATION_LABELS } from './names.js';

/** What `chatload_run_info` names. */
export interface RunInfo {
  runId: string;
  scenario: string;
  /** Scheme, host and port of the target (no path, no credentials); `mock` for the embedded mock. */
  targetOrigin: string;
}

/** The origin a target URL is shown by: scheme, host and port only (a path or user info could hold anything). */
export function targetOrigin(target: string): string {
  if (target === 'mock') return 'mock';
  try {
    return new URL(target).origin;
  } catch {
    return 'unknown';
  }
}

/**
 * A Prometheus histogram whose buckets come from an HDR histogram at scrape time. prom-client can
 * only `observe()` one value at a time, which would cost per exchange what the recorder already
 * pays; its registry formats any metric whose `get()` gives the values, so this one gives them.
 */
function derivedHistogram(name: string, help: string, read: () => { histogram: MetricsFigures['latency']; sumUs: number }): Metric {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const { histogram, sumUs } = read();
      const b = bucketsOf(histogram, LATENCY_BUCKETS_SECONDS, sumUs);
      const values = [
        ...b.bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le }, value: b.cumulative[i]! })),
        { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: b.count },
        { metricName: `${name}_sum`, labels: {}, value: b.sum },
        { metricName: `${name}_count`, labels: {}, value: b.count },
      ];
      return { name, help, type: 'histogram', values, aggregator: 'sum' };
    },
  };
  // prom-client's declared Metric is its four classes; its registry needs only name, type and get().
  return metric as unknown as Metric;
}

/**
 * The registry `/metrics` serves: every figure is read from `read()` when Prometheus scrapes
 * (collect callbacks), nothing is counted per exchange here. Label values are redacted of
 * `secrets` (the API key never appears in a label). No I/O.
 */
export function createMetricsRegistry(read: () => MetricsFigures, info: RunInfo, secrets: readonly string[], options: { offeredRate: boolean }): Registry {
  const registry = new Registry();
  const registers = [registry];
  const label = (value: string) => redactSecrets(value, [...secrets]);
  // One read per scrape: the registry runs every collect callback in one go, before its first await.
  let current: MetricsFigures | undefined;
  const figures = () => {
    if (!current) {
      current = read();
      queueMicrotask(() => (current = undefined));
    }
    return current;
  };

  new Counter({
    name: METRIC.requests,
    help: HELP.requests,
    labelNames: REQUEST_LABELS,
    registers,
    collect() {
      this.reset();
      for (const [status, byAgent] of Object.entries(figures().requests)) for (const [agent, n] of Object.entries(byAgent)) this.inc({ status: label(status), agent: label(agent) }, n);
    },
  });
  new Counter({
    name: METRIC.violations,
    help: HELP.violations,
    labelNames: VIOLATION_LABELS,
    registers,
    collect() {
      const { violations } = figures();
      this.reset();
      // Every rule, zero or not: a rule's first violation then shows as an increase.
      for (const rule of RULES) this.inc({ rule }, violations[rule] ?? 0);
    },
  });
  const counter = (key: 'late' | 'dropped' | 'warmupRequests') =>
    new Counter({
      name: METRIC[key],
      help: HELP[key],
      registers,
      collect() {
        this.reset();
        this.inc(figures()[key]);
      },
    });
  counter('warmupRequests');
  counter('late');
  counter('dropped');
  registry.registerMetric(derivedHistogram(METRIC.latency, HELP.latency, () => ({ histogram: figures().latency, sumUs: figures().latencySumUs })));
  registry.registerMetric(derivedHistogram(METRIC.service, HELP.service, () => ({ histogram: figures().service, sumUs: figures().serviceSumUs })));
  new Gauge({
    name: METRIC.inFlight,
    help: HELP.inFlight,
    registers,
    collect() {
      this.set(figures().inFlight);
    },
  });
  // The closed model and max mode offer no rate: no series rather than a made-up one.
  if (options.offeredRate) {
    new Gauge({
      name: METRIC.offeredRate,
      help: HELP.offeredRate,
      registers,
      collect() {
        this.set(figures().offeredRate ?? 0);
      },
    });
  }
  new Gauge({
    name: METRIC.runInfo,
    help: HELP.runInfo,
    labelNames: RUN_INFO_LABELS,
    registers,
    collect() {
      this.reset();
      this.set({ run_id: label(info.runId), scenario: label(info.scenario), target_origin: label(info.targetOrigin) }, 1);
    },
  });
  return registry;
}
