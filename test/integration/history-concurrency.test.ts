import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src/history/store.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const WRITER = join(ROOT, 'test', 'helpers', 'history-writer.ts');
const PER_PROCESS = 60;

function writer(file: string, label: string, startAt: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(PER_PROCESS), label, String(startAt)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('two processes writing one history at once', () => {
  it('both land: the file is created once and every run of each is there', async () => {
    const file = join(await tempDir('chatload-history-'), 'shared.db');
    // Both start at the same moment, after their (slow) start-up: they create the file and insert side by side.
    const startAt = Date.now() + 4000;
    const results = await Promise.all([writer(file, 'a', startAt), writer(file, 'b', startAt)]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const store = await HistoryStore.open(file, { readonly: true });
    const runs = store.list();
    store.close();
    expect(runs.filter((r) => r.scenario === 'a')).toHaveLength(PER_PROCESS);
    expect(runs.filter((r) => r.scenario === 'b')).toHaveLength(PER_PROCESS);
    expect(new Set(runs.map((r) => r.id)).size).toBe(2 * PER_PROCESS);
  });
});
