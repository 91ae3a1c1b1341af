import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/metrics/names.js';
import { ROOT } from '../../helpers/cli.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string; datasource: { uid: string } }[];
}

/** The Grafana dashboard shipped in docs/grafana/chatload.json. */
const DASHBOARD_FILE = join(ROOT, 'docs', 'grafana', 'chatload.json');
const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { title: string; uid: string; schemaVersion: number; __inputs: { name: string; pluginId: string }[]; templating: { list: { name: string }[] }; panels: Panel[] };
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

describe('the Grafana dashboard (docs/grafana/chatload.json)', () => {
  it('is a dashboard model Grafana imports: title, uid, schema version, a Prometheus data source input, panels on the 24-column grid', () => {
    expect(dashboard).toMatchObject({ title: 'chatload', uid: expect.any(String), schemaVersion: expect.any(Number) });
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' })]);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      expect(['timeseries', 'stat']).toContain(panel.type);
      expect(panel.datasource.uid).toBe('${DS_PROMETHEUS}');
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target).toMatchObject({ refId: expect.any(String), expr: expect.any(String), datasource: { uid: '${DS_PROMETHEUS}' } });
    }
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['job']);
  });

  it('queries only metrics the endpoint serves', () => {
    const served = new Set<string>(Object.values(METRIC));
    for (const histogram of [METRIC.latency, METRIC.service]) for (const suffix of ['_bucket', '_sum', '_count']) served.add(histogram + suffix);
    const used = new Set(exprs.flatMap((e) => e.match(/chatload_[a-z_]+/g) ?? []));
    expect([...used].filter((name) => !served.has(name))).toEqual([]);
  });

  it('shows rate (offered and achieved), errors, p50 and p99 from the histogram, in flight, late and dropped', () => {
    const has = (pattern: RegExp) => exprs.some((e) => pattern.test(e));
    expect(has(/chatload_offered_rate/)).toBe(true);
    expect(has(/rate\(chatload_requests_total\{[^}]*\}\[/)).toBe(true);
    expect(has(/chatload_requests_total\{[^}]*status!~"2\.\."/)).toBe(true);
    expect(has(/histogram_quantile\(0\.5, sum by \(le\) \(rate\(chatload_latency_seconds_bucket/)).toBe(true);
    expect(has(/histogram_quantile\(0\.99, sum by \(le\) \(rate\(chatload_latency_seconds_bucket/)).toBe(true);
    expect(has(/chatload_in_flight/)).toBe(true);
    expect(has(/chatload_late_total/)).toBe(true);
    expect(has(/chatload_dropped_total/)).toBe(true);
  });
});
