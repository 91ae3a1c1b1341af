/**
 * Artillery 2 with artillery-plugin-expect as an optional peer of the open-model bench. It is not a
 * dependency: install it into a folder of its own (its install script downloads a browser and fails
 * here, hence --ignore-scripts) and point ARTILLERY at its binary:
 *   npm i --prefix /tmp/artillery --no-save --ignore-scripts artillery@2 artillery-plugin-expect
 *   ARTILLERY=/tmp/artillery/node_modules/.bin/artillery npm run bench -- open-rate
 * Its CPU is read as the children's user + system time of a shell that waited for it (Linux /proc).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratorResult } from './generators.js';
import { BENCH_AGENT, BENCH_INPUTS } from './server.js';

/** The artillery binary, or undefined when it is not installed. */
export function findArtillery(): string | undefined {
  const candidates = [process.env.ARTILLERY, join(process.cwd(), 'node_modules/.bin/artillery')];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** One Artillery run at `rate` arrivals/s for `seconds`, every answer checked by the expect plugin (status, content type, chatId). */
export function runArtillery(binary: string, url: string, seconds: number, rate: number): Promise<GeneratorResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chatload-bench-artillery-'));
  const config = join(dir, 'load.yaml');
  const output = join(dir, 'report.json');
  writeFileSync(
    config,
    `config:
  target: ${url}
  phases:
    - duration: ${seconds}
      arrivalRate: ${rate}
  plugins:
    expect:
      outputFormat: silent
scenarios:
  - flow:
      - post:
          url: /v1/chats
          headers:
            x-api-key: bench-key
          json:
            agentId: ${BENCH_AGENT}
            input: ${JSON.stringify(BENCH_INPUTS[0])}
          expect:
            - statusCode: 201
            - contentType: json
            - hasProperty: chatId
`,
  );
  return new Promise((resolve, reject) => {
    // The shell waits for Artillery (and it for its workers), then prints its children's CPU time.
    const child = spawn('sh', ['-c', '"$@" >/dev/null 2>&1; cat /proc/$$/stat', 'sh', binary, 'run', '--quiet', '--output', output, config], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        const fields = out.slice(out.lastIndexOf(')') + 2).trim().split(' ');
        // stat fields 16 and 17 (cutime, cstime), counted from field 3 after the command name.
        const cpuUs = ((Number(fields[13]) + Number(fields[14])) / clockTicks) * 1e6;
        const report = JSON.parse(readFileSync(output, 'utf8')) as { aggregate: { counters: Record<string, number>; summaries?: Record<string, { p50: number; p99: number }> } };
        const counters = report.aggregate.counters;
        const requests = counters['http.responses'] ?? 0;
        const failedExpectations = Object.entries(counters).filter(([k]) => k.startsWith('plugins.expect.failed')).reduce((n, [, v]) => n + v, 0);
        const latency = report.aggregate.summaries?.['http.response_time'];
        resolve({ name: 'Artillery 2 + expect', requests, cpuUs, maxRssMb: 0, errors: (counters['vusers.failed'] ?? 0) + failedExpectations, seconds, rps: requests / seconds, ...(latency ? { p50: latency.p50, p99: latency.p99 } : {}) });
      } catch (error) {
        reject(new Error(`Artillery gave no report (${String(error)}): is ${binary} Artillery 2 with artillery-plugin-expect?`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
