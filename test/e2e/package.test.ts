import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/run-report.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { packageSteps } from '../helpers/dockerfile.js';

const run = promisify(execFile);
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment without what `npm test` sets for its scripts (npm_config_* would configure the npm run here). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))), NO_COLOR: '1', ...extra };
}

const sh = (command: string, cwd: string, env: NodeJS.ProcessEnv) => run('sh', ['-c', command], { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });

describe('the package: npm pack, installed elsewhere', () => {
  it('works on its own: built as the Dockerfile builds it, and installed from the tarball into a fresh folder (offline)', async () => {
    const tmp = await tempDir();
    const app = join(tmp, 'app');
    const pack = join(tmp, 'pack');
    const env = cleanEnv({ APP: app, PACK: pack });

    // The Dockerfile's steps after `npm ci` (this checkout is built: npm test and the vitest setup see to it).
    for (const step of packageSteps()) await sh(step, ROOT, env);
    const [tarball, ...others] = await readdir(pack);
    expect(others).toEqual([]);
    expect(tarball).toBe(`chatload-${VERSION}.tgz`);

    // What `files` ships: the compiled code, the bin, the scenarios, the docs, the schemas and the spec; no tests, reports or TypeScript sources.
    const listed = (await run('tar', ['-tzf', join(pack, tarball!)])).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const file of ['package.json', 'README.md', 'bin/chatload.js', 'dist/cli.js', 'dist/commands/worker-entry.js', 'dist/contract/openapi.json', 'dist/contract/openapi.yaml', 'dist/index.d.ts', 'scenarios/smoke.yaml', 'scenarios/data/support-questions.txt', 'docs/distributed.md', 'src/report/report.schema.json', 'src/scenario/scenario.schema.json', 'src/contract/openapi.yaml']) {
      expect(listed).toContain(file);
    }
    expect(listed.filter((f) => /^(test|reports|bench|build|deploy|scripts)\//.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts')))).toEqual([]);

    // The image's /app: production dependencies only, run from elsewhere, the shipped scenario by default.
    const modules = await readdir(join(app, 'node_modules'));
    for (const dev of ['tsx', 'typescript', 'vitest', 'playwright-core']) expect(modules).not.toContain(dev);
    const cwd = join(tmp, 'cwd');
    await mkdir(cwd);
    const version = await run(process.execPath, [join(app, 'bin', 'chatload.js'), '--version'], { cwd, env });
    expect(version.stdout.trim()).toBe(VERSION);
    await run(process.execPath, [join(app, 'bin', 'chatload.js'), 'run', '--duration', '1s', '--workers', '2', '--out', 'out'], { cwd, env, timeout: 60_000 });
    const report = JSON.parse(await readFile(join(cwd, 'out', 'report.json'), 'utf8')) as RunReport;
    expect(report.scenario.file).toBe(join(app, 'scenarios', 'smoke.yaml'));
    expect(report.load.workers).toBe(2);
    expect(report.verdict).toBe('pass');

    // A user's `npm i ./chatload-*.tgz`, offline: its dependencies come from the production ones above.
    const fresh = join(tmp, 'fresh');
    await mkdir(fresh);
    await cp(join(app, 'node_modules'), join(fresh, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    await sh(`npm i --offline --no-audit --no-fund "${join(pack, tarball!)}"`, fresh, env);
    expect((await sh('npx --offline chatload --version', fresh, env)).stdout.trim()).toBe(VERSION);
    await sh('npx --offline chatload run --duration 1s --concurrency 2 --out r', fresh, env);
    const installed = JSON.parse(await readFile(join(fresh, 'r', 'report.json'), 'utf8')) as RunReport;
    expect(installed.scenario.file).toBe(join(fresh, 'node_modules', 'chatload', 'scenarios', 'smoke.yaml'));
    expect(installed.totals.requests).toBeGreaterThan(0);
    expect(existsSync(join(fresh, 'r', 'report.html'))).toBe(true);
  }, 300_000);
});
