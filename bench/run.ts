/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in its own process so one
 * cannot warm or starve the next, and prints their ratios, then every figure with its target
 * in one table. Never part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resultRows } from './lib/report.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function runFile(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
process.stdout.write(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}\n`);
let failed = 0;
const rows: string[] = [];
for (const file of files) {
  process.stdout.write(`\n## ${file}\n`);
  const { code, output } = await runFile(file);
  if (code !== 0) failed++;
  rows.push(...resultRows(output));
}
if (rows.length) {
  process.stdout.write(`\n## Every figure with its target (load average at the end ${load()})\n\n| benchmark | figure | target | met |\n|---|---|---|---|\n${rows.join('\n')}\n`);
}
process.exitCode = failed ? 1 : 0;
