import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../../src/report/junit.js';

describe('renderJunit', () => {
  it('counts tests and failures per suite and overall', () => {
    const xml = renderJunit([
      { name: 'thresholds', cases: [{ name: 'p99<800ms', classname: 'chatload.thresholds' }, { name: 'errorRate<1%', classname: 'chatload.thresholds', failure: { message: 'actual 2%' } }] },
      { name: 'rules', cases: [{ name: 'body-schema', classname: 'chatload.contract', skipped: 'not checked' }] },
    ]);
    expect(xml).toContain('<testsuites name="chatload" tests="3" failures="1" errors="0" skipped="1">');
    expect(xml).toContain('<testsuite name="thresholds" tests="2" failures="1"');
    expect(xml).toContain('<failure message="actual 2%">actual 2%</failure>');
    expect(xml).toContain('<skipped message="not checked"/>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('p99<"800ms" & \u0001')).toBe('p99&lt;&quot;800ms&quot; &amp; ');
  });

  it('writes system-out for a case that has it, passing or failing', () => {
    const xml = renderJunit([{ name: 's', cases: [{ name: 'a', classname: 'c', systemOut: 'sent <x> & got 201' }, { name: 'b', classname: 'c', failure: { message: 'm' }, systemOut: 'out' }] }]);
    expect(xml).toContain('<testcase name="a" classname="c" time="0.000">\n      <system-out>sent &lt;x&gt; &amp; got 201</system-out>\n    </testcase>');
    expect(xml).toContain('<failure message="m">m</failure>\n      <system-out>out</system-out>');
  });
});
