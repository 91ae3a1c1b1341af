import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

// Loaded before the CLI: at exit, the CommonJS modules the process loaded (Ajv, undici, autocannon,
// hdr-histogram-js and better-sqlite3 are CommonJS, so an ESM import of them lands here too) go to fd 3.
const PROBE = `data:text/javascript,${encodeURIComponent("import { createRequire } from 'node:module'; import { writeSync } from 'node:fs'; const require = createRequire(process.cwd() + '/'); process.on('exit', () => writeSync(3, JSON.stringify(Object.keys(require.cache))));")}`;

/** The packages (under node_modules) a CLI invocation loaded. */
function packagesLoaded(args: string[]): Promise<{ code: number | null; packages: Set<string>; files: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PROBE, BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let loaded = '';
    child.stdio[3]!.on('data', (d: Buffer) => (loaded += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const files = JSON.parse(loaded || '[]') as string[];
      resolve({ code, files, packages: new Set(files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? [])) });
    });
  });
}

const HEAVY = ['ajv', 'undici', 'autocannon', 'hdr-histogram-js', 'better-sqlite3'];

describe('start-up: each command loads what it uses', () => {
  it('--help and --version load none of the heavy modules', async () => {
    for (const args of [['--help'], ['--version'], ['run', '--help']]) {
      const { code, packages } = await packagesLoaded(args);
      expect(code).toBe(0);
      expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
    }
  });

  it('a closed-model run loads Ajv, undici and the histograms, not autocannon; max mode loads autocannon', async () => {
    const dir = await tempDir();
    const closed = await packagesLoaded(['run', 'scenarios/smoke.yaml', '--requests', '2', '--concurrency', '1', '--out', join(dir, 'closed')]);
    expect(closed.code).toBe(0);
    expect(['ajv', 'undici', 'hdr-histogram-js'].filter((p) => closed.packages.has(p))).toEqual(['ajv', 'undici', 'hdr-histogram-js']);
    expect(closed.packages.has('autocannon')).toBe(false);
    // What a start does not pay for (docs/benchmarks.md, start-up): Ajv's compiler (the build
    // precompiled every validator), undici's index (fetch, WebSocket, caches), prom-client without
    // --metrics-port, SQLite without a history.
    const within = (suffix: string) => closed.files.filter((f) => f.includes(`/node_modules/${suffix}`));
    expect(within('ajv/dist/core.js')).toEqual([]);
    expect(within('ajv/dist/compile/')).toEqual([]);
    expect(within('ajv/dist/runtime/').length).toBeGreaterThan(0);
    expect(within('undici/index.js')).toEqual([]);
    expect(within('undici/lib/dispatcher/client.js')).toHaveLength(1);
    expect(['prom-client', 'better-sqlite3'].filter((p) => closed.packages.has(p))).toEqual([]);
    const max = await packagesLoaded(['run', 'scenarios/smoke.yaml', '--max', '1', '--requests', '2', '--out', join(dir, 'max')]);
    expect(max.code).toBe(0);
    expect(max.packages.has('autocannon')).toBe(true);
  });
});
