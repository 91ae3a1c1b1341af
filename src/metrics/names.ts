/** The metrics `--metrics-port` serves: names, label names and help texts (docs/metrics.md). */

export const METRIC = {
  requests: 'chatload_requests_total',
  warmupRequests: 'chatload_warmup_requests_total',
  violations: 'chatload_violations_total',
  latency: 'chatload_latency_seconds',
  service: 'chatload_service_seconds',
  inFlight: 'chatload_in_flight',
  late: 'chatload_late_total',
  dropped: 'chatload_dropped_total',
  offeredRate: 'chatload_offered_rate',
  runInfo: 'chatload_run_info',
} as const;

export const REQUEST_LABELS = ['status', 'agent'] as const;
export const VIOLATION_LABELS = ['rule'] as const;
export const RUN_INFO_LABELS = ['run_id', 'scenario', 'target_origin'] as const;

export const HELP: Record<keyof typeof METRIC, string> = {
  requests: 'Measured requests that ended, by HTTP status (or transport error kind) and agent group; the warm-up is not counted here',
  warmupRequests: 'Requests that ended in the warm-up (kept out of every other figure)',
  violations: 'Contract rule violations of measured requests, by rule',
  latency: 'Latency from the intended start (corrected for coordinated omission), of timed measured requests',
  service: 'Service time from the send (uncorrected), of timed measured requests',
  inFlight: 'Requests sent that have not ended yet',
  late: 'Arrivals sent more than 10 ms after their intended time (the whole run)',
  dropped: 'Arrivals never sent: held past the timeout, or the generator fell a timeout behind (the whole run)',
  offeredRate: 'Planned arrival rate of the open model at this moment (conversation starts per second)',
  runInfo: 'Always 1; its labels name the run',
};

/**
 * Upper bounds (seconds) of the latency histograms' buckets: 1 ms to 60 s in 1-2.5-5-7.5 steps,
 * so histogram_quantile() can place p50 and p99 of a typical chat API within a bucket of ±25 %.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];
