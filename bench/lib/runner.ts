/** Runs `generators.ts` in a child process and reads its result (see that file). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GeneratorResult } from './generators.js';

export type { GeneratorResult };

const ENTRY = fileURLToPath(new URL('./generators.ts', import.meta.url));

export function runGenerator(name: string, url: string, seconds: number, n: number, env: Record<string, string> = {}, entry = ENTRY): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, name, url, String(seconds), String(n)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`${name} exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as GeneratorResult);
    });
  });
}

/** CPU per request with start-up removed: the difference between a long and a short run. */
export function marginalUs(short: GeneratorResult, long: GeneratorResult): number {
  return (long.cpuUs - short.cpuUs) / (long.requests - short.requests);
}
