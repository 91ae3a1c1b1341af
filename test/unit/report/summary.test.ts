import { describe, expect, it } from 'vitest';
import { renderSummary, useColor, wrap } from '../../../src/report/summary.js';
import { buildReport } from '../../../src/report/build.js';
import { meta, mixedReport, recorderWith, warmupReport } from '../../helpers/report-fixtures.js';

const failing = () =>
  mixedReport([
    { expression: 'p99<500ms', actual: 640, ok: false, message: 'actual 640.0ms' },
    { expression: 'errorRate<1%', actual: 0.04, ok: false, message: 'actual 4%' },
    { expression: 'goodput(300ms)>99%', actual: 0.9, ok: false, message: 'actual 90%: 2700 of 3000 were 2xx, conformant and within 300.0ms' },
  ]);

describe('renderSummary', () => {
  it('fits 80 columns, however long the reasons, messages and statuses', () => {
    const text = renderSummary(failing(), ['reports/20250102-030405Z-a-rather-long-scenario-name/report.json', 'reports/20250102-030405Z-a-rather-long-scenario-name/report.html']);
    const lines = text.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.find((l) => l.includes('body-schema') && l.includes('…'))).toBeDefined();
    // Every percentile column stays at 80 columns.
    expect(text).toMatch(/latency\s+count\s+min\s+p50\s+p90\s+p95\s+p99\s+p99\.9\s+max/);
  });

  it('breaks the failing verdict into one line per reason, and colours it only when asked', () => {
    const report = failing();
    const lines = renderSummary(report).split('\n');
    const at = lines.indexOf('  verdict    FAIL');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {4}- \d+ of 3,?000 exchanges broke the contract: \d+ rule violations/);
    expect(lines.slice(at + 1).filter((l) => l.startsWith('    - '))).toHaveLength(report.verdictReasons.length);
    expect(renderSummary(report)).not.toContain('\x1b[');
    const coloured = renderSummary(report, [], { color: true });
    expect(coloured).toContain('  verdict    \x1b[1;31mFAIL\x1b[0m\n');
    expect(coloured.replaceAll(/\x1b\[[\d;]*m/g, '')).toBe(renderSummary(report));
    const pass = buildReport(recorderWith(Array.from({ length: 100 }, (_, i) => ({ at: i * 10, serviceMs: 12 }))).state(), meta());
    expect(pass.verdict).toBe('pass');
    expect(renderSummary(pass, [], { color: true })).toContain('  verdict    \x1b[1;32mPASS\x1b[0m\n');
  });

  it('fits narrower terminals too, dropping p95 before it cuts anything', () => {
    const text = renderSummary(failing(), [], { width: 60 });
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(text).toMatch(/latency\s+count\s+min\s+p50\s+p99\s+p99\.9\s+max/);
  });

  it('makes the latency rows add up: all + not timed = requests; resets are not timed, the timeouts row holds timeouts', () => {
    const text = renderSummary(mixedReport());
    expect(text).toMatch(/^ {2}3,000 requests = 2,967 timed \(all\) \+ 33 not timed \(reset 33\)$/m);
    expect(text).toMatch(/^ {2}all\s+2,967 /m);
    expect(text).not.toMatch(/^ {2}(transport|timeouts)\s/m);
  });

  it('names violating exchanges and rule violations apart', () => {
    const text = renderSummary(mixedReport());
    expect(text).toMatch(/^ {2}contract {3}strict profile, 3,000 exchanges checked\n {13}95 violating exchanges \(3\.17%\) · 95 rule violations$/m);
    expect(text).toContain('    rule violations by rule');
  });

  it('shows the warm-up apart, and the load line says it had one', () => {
    const text = renderSummary(warmupReport());
    expect(text).toContain('open 100/s, 10s (warm-up 1s)');
    expect(text).toMatch(/^ {2}warm-up {4}100 requests in the first 1s, kept out of the figures above\n {13}p50 \S+ · p99 300\.0ms · max 300\.0ms \(99 timed\)\n {13}2 errors · 2 violating exchanges · 2 rule violations$/m);
    expect(text).toMatch(/^ {2}902 requests = 900 timed \(all\) \+ 2 not timed \(reset 2\)$/m);
  });
});

describe('useColor', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
  ])('%j on a terminal: %s → %s', (env, tty, expected) => {
    expect(useColor(env as NodeJS.ProcessEnv, tty)).toBe(expected);
  });
});

describe('wrap', () => {
  it('breaks at spaces with a hanging indent, and leaves a word longer than the line whole', () => {
    expect(wrap('aaa bbb ccc ddd', 8, '  ')).toEqual(['aaa bbb', '  ccc', '  ddd']);
    expect(wrap('x'.repeat(12), 8, '  ')).toEqual(['x'.repeat(12)]);
    expect(wrap('  report     a/report.json  a/report.html  a/junit.xml', 44, '   ')).toEqual(['  report     a/report.json  a/report.html', '   a/junit.xml']);
  });
});
