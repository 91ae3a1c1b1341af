import { describe, expect, it } from 'vitest';
import { checkReportShape } from '../../../src/report/check-report.js';
import { upgradeReport } from '../../../src/report/upgrade.js';
import { REPORT_SCHEMA_VERSION } from '../../../src/run-report.js';
import { millionReport } from '../../helpers/report-fixtures.js';

describe('reports of an older chatload', () => {
  it('schema 1: timeline[].violations is read as violating, and the report passes the current schema', () => {
    const current = millionReport();
    const old = { ...current, schemaVersion: 1, timeline: current.timeline.map(({ violating, ...rest }) => ({ ...rest, violations: violating })) };
    expect(checkReportShape(old, 'old.json').length).toBeGreaterThan(0);
    const upgraded = upgradeReport(old) as typeof current;
    expect(upgraded.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(upgraded.timeline.map((w) => w.violating)).toEqual(current.timeline.map((w) => w.violating));
    expect(upgraded.timeline.some((w) => 'violations' in w)).toBe(false);
    expect(checkReportShape(upgraded, 'old.json')).toEqual([]);
  });

  it('leaves a current report, and anything that is not a report of version 1, as it is', () => {
    const current = millionReport();
    expect(upgradeReport(current)).toBe(current);
    expect(upgradeReport(null)).toBe(null);
    expect(upgradeReport({ schemaVersion: 9 })).toEqual({ schemaVersion: 9 });
  });
});
