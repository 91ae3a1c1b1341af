import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { requireExecutable } from './requires.js';

/** Debian's Prometheus for the scrape test, or undefined after the one skip line (see requires.ts). */
export function prometheusFor(needs: string): string | undefined {
  return requireExecutable({
    name: 'Prometheus',
    needs,
    pathEnv: 'CHATLOAD_PROMETHEUS',
    candidates: ['/usr/bin/prometheus', 'prometheus'],
    requireEnv: 'CHATLOAD_REQUIRE_PROMETHEUS',
    install: 'sudo apt-get install prometheus',
  });
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's first sample, or undefined when it has none. */
  query(expression: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** Starts Prometheus on a free loopback port, scraping `target` (host:port) every second; its config and storage live in `dir`. */
export async function startPrometheus(executable: string, dir: string, target: string): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, `global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: chatload\n    static_configs: [{ targets: ['${target}'] }]\n`);
  const child: ChildProcess = spawn(executable, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within 30 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; error?: string; data?: { result: { value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`${expression}: ${body.error}`);
      const first = body.data?.result[0];
      return first ? Number(first.value[1]) : undefined;
    },
    stop,
  };
}
