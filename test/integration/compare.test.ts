import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/commands/compare.js';
import type { CommandIo } from '../../src/commands/io.js';
import { tempDir } from '../helpers/cli.js';
import { latencies, reportOf } from '../helpers/reports.js';

const io = (): CommandIo & { text: () => string } => {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTty: false, text: () => text };
};

describe('chatload compare', () => {
  it('warns about unlike runs and shows the run’s own failing verdict beside the comparison', async () => {
    const dir = await tempDir();
    const before = reportOf(latencies(2000, 20, 0.1, 1).map((ms) => ({ ms })));
    const after = reportOf(latencies(2000, 20, 0.1, 1).map((ms, i) => ({ ms, ...(i === 3 ? { fault: 'not-json' as const } : {}) })));
    const renamed = { ...after, scenario: { ...after.scenario, name: 'other' }, conformance: { ...after.conformance, profile: 'spec' as const }, verdict: 'fail' as const, verdictReasons: ['1 of 2000 exchanges broke the contract (json-parse 1)'] };
    await writeFile(join(dir, 'old.json'), JSON.stringify(before));
    await writeFile(join(dir, 'new.json'), JSON.stringify(renamed));
    const out = io();
    const code = await compareCommand({ baseline: join(dir, 'old.json'), current: join(dir, 'new.json') }, out);
    expect(code).toBe(0);
    expect(out.text()).toContain('warning    the runs come from different scenarios (synthetic → other)');
    expect(out.text()).toContain('warning    the runs were checked with different profiles (strict → spec)');
    expect(out.text()).toContain('verdict    PASS: no regression');
    expect(out.text()).toContain('its own verdict fails as well: 1 of 2000 exchanges broke the contract: 1 rule violation (json-parse 1)');
  });
});
