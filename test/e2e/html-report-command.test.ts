import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { mixedReport } from '../helpers/report-fixtures.js';

describe('chatload report (CLI): re-render from a saved report.json', () => {
  it('writes report.html and junit.xml beside the JSON, or into --out', async () => {
    const dir = await tempDir();
    const json = join(dir, 'report.json');
    const report = mixedReport([{ expression: 'p99<500ms', actual: 640, ok: false }]);
    await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);

    const beside = await runCli(['report', json]);
    expect(beside.stderr).toBe('');
    expect(beside.code).toBe(0);
    expect(beside.stdout).toContain('synthetic: verdict FAIL');
    expect(beside.stdout).toContain(`wrote ${join(dir, 'report.html')}`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('id="verdict">FAIL</span>');
    expect(html).toContain('<figure class="chart-figure" id="chart-percentiles">');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase name="p99&lt;500ms" classname="chatload.synthetic.thresholds"');
    expect(junit).toMatch(/<testcase name="body-schema" classname="chatload.synthetic.contract" time="0.000">\n\s+<failure message="54 of 3000 exchanges broke body-schema">/);

    const out = join(dir, 'elsewhere');
    const moved = await runCli(['report', json, '--out', out]);
    expect(moved.code).toBe(0);
    expect((await stat(join(out, 'report.html'))).size).toBeGreaterThan(1000);
    expect((await stat(join(out, 'junit.xml'))).size).toBeGreaterThan(100);
  });

  it('exits 2 naming the file, the field and the fix for something that is not a report', async () => {
    const dir = await tempDir();
    const notJson = join(dir, 'report.html');
    await writeFile(notJson, '<!doctype html>');
    const broken = await runCli(['report', notJson]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${notJson}: is not valid JSON`);
    expect(broken.stderr).toContain('(fix: give the path of a report.json written by chatload run, not the HTML or JUnit file)');

    const wrong = join(dir, 'other.json');
    await writeFile(wrong, JSON.stringify({ schemaVersion: 1, scenario: { name: 'x' } }));
    const partial = await runCli(['report', wrong]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain(`${wrong}: totals: is missing`);

    const missing = await runCli(['report', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: report not found');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
