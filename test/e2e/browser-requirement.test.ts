import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/** The README's test command on a machine without Chromium: the browser tests skip with one line, unless CI demands them. */

const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

function runBrowserTests(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  // A clean environment for the inner vitest: none of this run's worker variables.
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'CHATLOAD_REQUIRE_BROWSER' && key !== 'CHATLOAD_BROWSER_SKIP_SAID'));
  return new Promise((resolve, reject) => {
    // --reporter=default: the inner run must not overwrite this run's JSON report.
    const child = spawn(process.execPath, [VITEST, 'run', 'test/e2e/html-browser.test.ts', 'test/e2e/history-browser.test.ts', '--reporter=default'], { cwd: ROOT, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the browser tests without Chromium', () => {
  it('are skipped with one line for the whole run saying why and how to install it; the run passes', async () => {
    const missing = join(await tempDir(), 'no-chromium');
    const { code, output } = await runBrowserTests({ CHATLOAD_CHROMIUM: missing });
    const line = `skipping the browser tests: report.html, the conform page and trend.html in Chromium: CHATLOAD_CHROMIUM=${missing} is not an executable file; install it with \`sudo apt-get install chromium\`, or set CHATLOAD_CHROMIUM to its path`;
    expect(output.split('\n').filter((l) => l.startsWith('skipping '))).toEqual([line]);
    expect(output).toMatch(/Tests +\d+ skipped/);
    expect(code, output).toBe(0);
  });

  it('fail instead where CHATLOAD_REQUIRE_BROWSER=1 (as .ci/run sets it)', async () => {
    const missing = join(await tempDir(), 'no-chromium');
    const { code, output } = await runBrowserTests({ CHATLOAD_CHROMIUM: missing, CHATLOAD_REQUIRE_BROWSER: '1' });
    expect(output).toContain(`the browser tests (report.html in Chromium) must run here (CHATLOAD_REQUIRE_BROWSER=1), but CHATLOAD_CHROMIUM=${missing} is not an executable file`);
    expect(code).toBe(1);
  });
});
