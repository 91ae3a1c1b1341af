import { ExitCode } from '../errors.js';
import { renderBaselineLines } from '../report/baseline-summary.js';
import { renderHtml } from '../report/html.js';
import { writeOutputs } from '../report/write.js';
import { gateReport, prepareGate } from './gate.js';
import type { CommandIo } from './io.js';
import { readReport } from './read-report.js';

export interface CompareOptions {
  baseline: string;
  current: string;
  /** When set, the current report with the comparison attached is written here (json, html, junit). */
  out?: string;
}

/** `chatload compare OLD NEW`: exits 1 when a metric of NEW regressed against OLD, 0 otherwise. */
export async function compareCommand(options: CompareOptions, io: CommandIo): Promise<number> {
  const before = await readReport(options.baseline, 'BASELINE');
  const after = await readReport(options.current, 'CURRENT');
  const gate = await prepareGate({ fromReports: [{ file: options.current, thresholds: after.thresholds.map((t) => t.expression) }] });
  const { report, junit } = gateReport(after, { ...gate, baseline: { file: options.baseline, report: before } });
  const baseline = report.baseline!;
  const lines = [`chatload compare · ${after.scenario.name} (${after.startedAt}) against ${before.scenario.name} (${before.startedAt})`, '', ...renderBaselineLines(baseline), ''];
  const failed = baseline.metrics.filter((m) => m.verdict === 'fail').map((m) => m.metric);
  lines.push(`  verdict    ${failed.length ? `FAIL: ${failed.join(', ')} regressed` : 'PASS: no regression beyond tolerance and noise'}`);
  if (options.out !== undefined) {
    const files = await writeOutputs(options.out, { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.html': renderHtml(report), 'junit.xml': junit }, []);
    lines.push(`  report     ${files.join('  ')}`);
  }
  io.out(`${lines.join('\n')}\n`);
  return failed.length ? ExitCode.verdictFailed : ExitCode.pass;
}
