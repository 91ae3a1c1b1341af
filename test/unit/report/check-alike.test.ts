import { describe, expect, it } from 'vitest';
import { Recorder } from '../../../src/record/recorder.js';
import { buildReport } from '../../../src/report/build.js';
import { checkComparable, checkMergeInputs, type ReadBack } from '../../../src/report/check-alike.js';
import type { RunReport } from '../../../src/run-report.js';
import { exchange } from '../../helpers/report-fixtures.js';
import { fakeMeta, latencies, recordExchanges } from '../../helpers/reports.js';

/** Shard i of n of one closed run: its own slice of the exchanges, through the real recorder. */
function shard(index: number, count = 3, meta: Parameters<typeof fakeMeta>[0] = {}): RunReport {
  const state = recordExchanges(latencies(300, 20, 0.4, index).map((ms) => ({ ms }))).state();
  return { ...buildReport(state, fakeMeta({ seed: 7, load: { model: 'closed', concurrency: 2, durationMs: 10_000, timeoutMs: 1000 }, ...meta })), shard: { index, count } };
}

const inputs = (...reports: RunReport[]): ReadBack[] => reports.map((report, i) => ({ file: `shard-${i + 1}/report.json`, label: `REPORT ${i + 1}`, report }));
const refused = (...reports: RunReport[]) => checkMergeInputs(inputs(...reports)).refused.map((p) => `${p.file}: ${p.field}: ${p.message}${p.forceable ? '' : ' [not forceable]'}`);

describe('checkMergeInputs', () => {
  it('takes the shards of one run, in any order, a missing one included', () => {
    expect(checkMergeInputs(inputs(shard(2), shard(1), shard(3)))).toEqual({ refused: [], warnings: [] });
    expect(checkMergeInputs(inputs(shard(1), shard(3))).refused).toEqual([]);
  });

  it('refuses the same run twice', () => {
    const a = shard(1);
    expect(refused(a, shard(2), structuredClone(a))).toEqual(['shard-3/report.json: REPORT 3: is the same run as REPORT 1 (shard-1/report.json) (same start, end and histograms): it would be counted twice']);
  });

  it('refuses the same shard twice (a re-run of it)', () => {
    expect(refused(shard(1), shard(2), { ...shard(5), shard: { index: 2, count: 3 } })).toEqual(['shard-3/report.json: REPORT 3: shard.index: is 2/3, as REPORT 2 (shard-2/report.json): the same shard twice']);
  });

  it('refuses shards split different ways, of different seeds, and a whole run among shards', () => {
    expect(refused(shard(1), shard(2, 4))).toEqual(['shard-2/report.json: REPORT 2: shard.count: is 4, REPORT 1 (shard-1/report.json) is one of 3: the shards were split different ways']);
    expect(refused(shard(1), shard(2, 3, { seed: 8 }))).toEqual([
      "shard-2/report.json: REPORT 2: seed: is 8, REPORT 1 (shard-1/report.json)'s is 7: the shards of one run share the seed (only then are their slices of the request stream disjoint)",
    ]);
    const { shard: _, ...whole } = shard(2);
    expect(refused(shard(1), whole)).toEqual(['shard-2/report.json: REPORT 2: shard: REPORT 1 (shard-1/report.json) is shard 1/3, REPORT 2 (shard-2/report.json) a whole run: a shard merges with the other shards of its run only']);
  });

  it('refuses shards of different scenarios, targets, profiles or load settings', () => {
    const other = shard(2, 3, {
      scenario: { name: 'other', file: 'other.yaml' },
      target: { url: 'https://user:secret@api.example.com/v1?key=x', kind: 'remote' },
      profile: 'spec',
      load: { model: 'open', rate: 40, durationMs: 5000, timeoutMs: 1000 },
    });
    expect(refused(shard(1), other)).toEqual([
      'shard-2/report.json: REPORT 2: scenario.name: is "other", REPORT 1 (shard-1/report.json) ran "synthetic"',
      'shard-2/report.json: REPORT 2: target.url: is "https://api.example.com/v1", REPORT 1 (shard-1/report.json) ran against "embedded mock"',
      'shard-2/report.json: REPORT 2: conformance.profile: is "spec", REPORT 1 (shard-1/report.json) was checked with "strict": violations counted by different rules do not add up',
      'shard-2/report.json: REPORT 2: load.model: is "open", REPORT 1 (shard-1/report.json) has "closed": shards of one run share their load settings (open 40/s, 5s against closed 2 VUs, 10s)',
      'shard-2/report.json: REPORT 2: load.durationMs: is 5000, REPORT 1 (shard-1/report.json) has 10000: shards of one run share their load settings (open 40/s, 5s against closed 2 VUs, 10s)',
    ]);
  });

  it('a load setting one shard has and the other lacks reads as a sentence, not "has absent"', () => {
    const thinking = shard(2, 3, { load: { model: 'closed', concurrency: 2, durationMs: 10_000, timeoutMs: 1000, thinkTimeMs: 500 } });
    const lines = refused(shard(1), thinking).concat(refused(thinking, shard(3)));
    expect(lines.filter((l) => l.includes('thinkTimeMs')).map((l) => l.replace(/:[^:]*$/, ''))).toEqual([
      'shard-2/report.json: REPORT 2: load.thinkTimeMs: is 500, REPORT 1 (shard-1/report.json) does not set it',
      'shard-2/report.json: REPORT 2: load.thinkTimeMs: is not set, REPORT 1 (shard-1/report.json) has 500',
    ]);
    expect(lines.join('\n')).not.toContain('absent');
  });

  it('refuses a conform report', () => {
    const conform = { ...shard(2), conform: { profile: 'strict' as const, cases: 1, passed: 1, failed: 0, results: [] } };
    expect(refused(shard(1), conform)).toEqual(['shard-2/report.json: REPORT 2: conform: is a `chatload conform` report: its cases are not a load whose figures add up with others']);
  });

  it('never merges timelines of different window sizes, even forced', () => {
    const recorder = new Recorder({ startedAt: 0, windowMs: 500 });
    for (let i = 0; i < 300; i++) recorder.record(exchange(i, { at: i * 10, serviceMs: 8 }), []);
    const halfSecond = { ...buildReport(recorder.state(), fakeMeta({ seed: 7, load: { model: 'closed', concurrency: 2, durationMs: 10_000, timeoutMs: 1000 } })), shard: { index: 2, count: 3 } };
    expect(refused(shard(1), halfSecond)).toEqual(['shard-2/report.json: REPORT 2: timeline: has windows of 0.5 s, REPORT 1 (shard-1/report.json) of 1 s: timelines of different window sizes cannot be merged exactly [not forceable]']);
  });

  it('warns when the runs did not run side by side', () => {
    const later = shard(2, 3, { startedAtEpochMs: Date.parse('2025-01-01T01:00:00Z'), endedAtEpochMs: Date.parse('2025-01-01T01:00:10Z') });
    expect(checkMergeInputs(inputs(shard(1), later))).toEqual({
      refused: [],
      warnings: [
        'the runs are spread over 1h, the longest ran 10s: they did not all run side by side, and the merged rps counts them as if they had',
        'the runs started 1h apart (REPORT 1 (shard-1/report.json) at 2025-01-01T00:00:00.000Z, REPORT 2 (shard-2/report.json) at 2025-01-01T01:00:00.000Z): their loads did not add up at the same instants; the timelines are aligned on wall-clock time (start shards together with run --start-at)',
      ],
    });
  });

  it('warns when the shards started more than a second apart, not within one', () => {
    const at = (index: number, startMs: number) => shard(index, 3, { startedAtEpochMs: Date.parse('2025-01-01T00:00:00Z') + startMs, endedAtEpochMs: Date.parse('2025-01-01T00:00:10Z') + startMs });
    expect(checkMergeInputs(inputs(at(1, 0), at(2, 1000), at(3, 400))).warnings).toEqual([]);
    expect(checkMergeInputs(inputs(at(1, 700), at(2, 2300), at(3, 0))).warnings).toEqual([
      'the runs started 2.3s apart (REPORT 3 (shard-3/report.json) at 2025-01-01T00:00:00.000Z, REPORT 2 (shard-2/report.json) at 2025-01-01T00:00:02.300Z): their loads did not add up at the same instants; the timelines are aligned on wall-clock time (start shards together with run --start-at)',
    ]);
  });
});

describe('checkComparable', () => {
  const run = (meta: Parameters<typeof fakeMeta>[0] = {}) => buildReport(recordExchanges(latencies(200, 20, 0.3, 1).map((ms) => ({ ms }))).state(), fakeMeta(meta));

  it('compares a run with a repeat of it, silently', () => {
    expect(checkComparable(run(), run())).toEqual({ refused: [], warnings: [] });
  });

  it('refuses a closed run against an open one, and a conform report against a load run', () => {
    const closed = run({ load: { model: 'closed', concurrency: 20, durationMs: 30_000, timeoutMs: 1000 } });
    const open = run({ load: { model: 'open', rate: 50, durationMs: 30_000, timeoutMs: 1000 } });
    expect(checkComparable(closed, open).refused).toEqual([
      { field: 'load.model', message: 'the baseline ran the closed model, the run compared with it the open model: an open-model latency counts the wait for the schedule, a closed or max one does not, so their percentiles are not comparable' },
    ]);
    expect(checkComparable(closed, { ...closed, conform: { profile: 'strict' as const, cases: 1, passed: 1, failed: 0, results: [] } }).refused).toEqual([
      { field: 'conform', message: 'the run compared is a `chatload conform` report, the baseline a load run: conformance cases are not a load whose latencies or error rates compare' },
    ]);
  });

  it('warns where comparing still means something: scenario, profile, target, load, timeout, an interrupted run', () => {
    const before = run({ load: { model: 'closed', concurrency: 20, durationMs: 30_000, timeoutMs: 10_000 } });
    const after = run({ scenario: { name: 'renamed', file: 'r.yaml' }, profile: 'spec', target: { url: 'http://127.0.0.1:4010', kind: 'remote' }, load: { model: 'closed', concurrency: 40, durationMs: 30_000, timeoutMs: 30_000 }, partial: true });
    expect(checkComparable(before, after)).toEqual({
      refused: [],
      warnings: [
        'the runs come from different scenarios (synthetic → renamed)',
        'the runs were checked with different profiles (strict → spec): violation rates are not comparable',
        'the runs hit different targets (embedded mock → http://127.0.0.1:4010)',
        'the runs were driven differently (closed 20 VUs, 30s → closed 40 VUs, 30s): latency depends on the load',
        'the runs had different timeouts (10s → 30s): a timeout is timed at its limit',
        'this run was interrupted (partial): its figures cover what ran',
      ],
    });
  });
});
