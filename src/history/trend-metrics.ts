// Apart from trend.ts so the CLI can offer the choices without loading the statistics.
export const TREND_METRICS = ['p50', 'p90', 'p99', 'p999'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];
