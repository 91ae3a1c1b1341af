import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('chatload run (CLI) against the embedded mock', () => {
  it('runs the smoke scenario, writes report.json and report.html, exits 0', async () => {
    const out = await tempDir();
    const result = await runCli(['run', 'scenarios/smoke.yaml', '--duration', '2s', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('verdict    PASS');

    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.requests).toBeGreaterThan(0);
    expect(report.status['201']).toBeGreaterThan(0);
    expect(report.status['201']).toBe(report.totals.requests);
    expect(report.conformance.violating).toBe(0);
    expect(report.conformance.checked).toBe(report.totals.requests);
    expect(report.verdict).toBe('pass');
    expect(report.latency.p50).toBeGreaterThan(0);
    expect(report.latency.hdr.length).toBeGreaterThan(10);

    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="percentiles"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('lists the commands in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['run', 'conform', 'compare', 'merge', 'validate', 'report', 'mock']) expect(result.stdout).toContain(`chatload ${command}`);
  });

  it('validates every shipped scenario', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir('scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
    expect(files.length).toBeGreaterThanOrEqual(6);
    const result = await runCli(['validate', ...files]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^ok {4}/gm)).toHaveLength(files.length);
  });

  it('validate refuses a threshold a run would refuse', async () => {
    const dir = await tempDir();
    const file = join(dir, 'threshold.yaml');
    await (await import('node:fs/promises')).writeFile(file, 'name: x\nagents: [a]\ninputs: [hi]\nload: { concurrency: 1, duration: 1s }\nthresholds: ["p99<1"]\n');
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: thresholds[0]:`);
  });

  it('exits 2 with file, field and fix for a bad scenario', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.yaml');
    await (await import('node:fs/promises')).writeFile(file, 'name: x\nagents: []\ninputs: [hi]\nload: { concurency: 3, duration: 1s }\n');
    const result = await runCli(['run', file, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: agents`);
    expect(result.stderr).toContain('load.concurency: is not a known field (fix: did you mean `concurrency`?)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('report.json contract', () => {
  it('a real run writes a report that report.schema.json accepts', async () => {
    const { checkReportShape } = await import('../../src/report/check-report.js');
    const out = await tempDir();
    const result = await runCli(['run', 'scenarios/conversation.yaml', '--duration', '1s', '--rate', '20', '--out', out]);
    expect(result.code).toBe(0);
    const report: unknown = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(checkReportShape(report, 'report.json')).toEqual([]);
  });
});
