import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * A disk that fills up while the reports are written. Where user namespaces are allowed, a real
 * 16 KiB tmpfs mounted in a private mount namespace (ENOSPC, nothing to clean up outside);
 * elsewhere a file-size limit (`ulimit -f`, EFBIG), which takes the same path.
 */
const tmpfs = spawnSync('unshare', ['-rm', 'true']).status === 0;

function runOnFullDisk(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // After the run, the shell lists what is left in the output folder (the tmpfs is gone once it exits).
  const run = `"$0" "$1" run scenarios/smoke.yaml --requests 20 --out "$2/out"; code=$?; echo "LEFT:$(ls -A "$2/out" | tr '\\n' ' ')" >&2; exit $code`;
  const [command, args] = tmpfs
    ? ['unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs "$2" && ${run}`, process.execPath, BIN, dir]]
    : ['sh', ['-c', `mkdir -p "$2/out" && ulimit -f 16 && ${run}`, process.execPath, BIN, dir]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

describe(`a disk that refuses the reports (${tmpfs ? 'a full 16 KiB tmpfs' : 'ulimit -f'})`, () => {
  it('prints the summary, leaves no temporary file and exits 4', async () => {
    const dir = await tempDir();
    const result = await runOnFullDisk(dir);
    expect(result.code).toBe(4);
    // What was measured is shown first, whatever happened to the files.
    expect(result.stdout).toMatch(/requests\s+responses[\s\S]+\n\s+20\s+20\s/);
    expect(result.stdout).toContain('verdict    PASS');
    expect(result.stderr).toMatch(/the run finished, but its reports could not be written \((only \S+ (was|were) written|no report file was written); the summary above is what was measured\): \S+: --out: cannot be written \((ENOSPC|EFBIG)\)/);
    const left = /LEFT:(.*)/.exec(result.stderr)?.[1] ?? '';
    expect(left).not.toContain('.tmp');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
