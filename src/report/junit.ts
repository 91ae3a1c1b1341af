/** JUnit XML, the dialect GitHub, GitLab and Jenkins test reporters all read. Pure. */

export interface JunitCase {
  name: string;
  classname: string;
  timeSeconds?: number;
  /** Present when the case failed. */
  failure?: { message: string; body?: string };
  skipped?: string;
  /** Written as <system-out>: what a passing case did, for readers of the CI report. */
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
  timestamp?: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

export function renderJunit(suites: JunitSuite[]): string {
  const all = suites.flatMap((s) => s.cases);
  const count = (cases: JunitCase[], what: 'failure' | 'skipped') => cases.filter((c) => c[what] !== undefined).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="chatload" tests="${all.length}" failures="${count(all, 'failure')}" errors="0" skipped="${count(all, 'skipped')}">`];
  for (const suite of suites) {
    const time = suite.cases.reduce((sum, c) => sum + (c.timeSeconds ?? 0), 0);
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, 'failure')}" errors="0" skipped="${count(suite.cases, 'skipped')}" time="${time.toFixed(3)}"${suite.timestamp ? ` timestamp="${escapeXml(suite.timestamp)}"` : ''}>`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${(c.timeSeconds ?? 0).toFixed(3)}"`;
      const out = c.systemOut === undefined ? [] : [`      <system-out>${escapeXml(c.systemOut)}</system-out>`];
      if (c.failure) lines.push(`${open}>`, `      <failure message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.body ?? c.failure.message)}</failure>`, ...out, '    </testcase>');
      else if (c.skipped !== undefined) lines.push(`${open}>`, `      <skipped message="${escapeXml(c.skipped)}"/>`, ...out, '    </testcase>');
      else if (out.length) lines.push(`${open}>`, ...out, '    </testcase>');
      else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
