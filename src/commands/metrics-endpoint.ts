import type { Registry } from 'prom-client';
import { InputError } from '../errors.js';
import { sleep } from '../load/engine.js';
import { startMetricsServer } from '../metrics/server.js';
import { formatDuration, parseDuration } from '../units.js';
import type { CommandIo } from './io.js';

/** `--metrics-port`, `--metrics-host`, `--metrics-linger`: shared by the commands that run load. */
export interface MetricsOptions {
  /** Serve live metrics at http://host:port/metrics during the run (0: any free port). */
  metricsPort?: number;
  /** Default 127.0.0.1 (this machine only); 0.0.0.0 for every interface. */
  metricsHost?: string;
  /** How long the endpoint stays up after the run, so the last scrape sees the final counts: a duration, or seconds; default 15s. */
  metricsLinger?: string | number;
}

export interface MetricsSettings {
  host: string;
  port: number;
  lingerMs: number;
}

export const DEFAULT_METRICS_HOST = '127.0.0.1';
export const DEFAULT_METRICS_LINGER_MS = 15_000;
const CLI = '(command line)';

/** The metrics flags checked (exit 2 naming the flag and the fix); undefined without --metrics-port. Pure. */
export function metricsSettings(options: MetricsOptions): MetricsSettings | undefined {
  const { metricsPort: port, metricsHost: host, metricsLinger: linger } = options;
  if (port === undefined) {
    const stray = host !== undefined ? '--metrics-host' : linger !== undefined ? '--metrics-linger' : undefined;
    if (stray) throw InputError.single(CLI, stray, 'has no effect without --metrics-port', 'add --metrics-port N to serve live metrics, e.g. --metrics-port 9464, or leave the flag out');
    return undefined;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw InputError.single(CLI, '--metrics-port', `must be a whole number from 0 to 65535, got ${port}`, 'e.g. --metrics-port 9464, or --metrics-port 0 for any free port');
  if (host !== undefined && host.trim() === '') throw InputError.single(CLI, '--metrics-host', 'is empty', `give an address to listen on, e.g. --metrics-host ${DEFAULT_METRICS_HOST}, the default, or 0.0.0.0 for every interface`);
  let lingerMs = DEFAULT_METRICS_LINGER_MS;
  if (linger !== undefined) {
    const ms = typeof linger === 'number' ? linger * 1000 : /^\d+(\.\d+)?$/.test(linger.trim()) ? Number(linger) * 1000 : parseDuration(linger);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) throw InputError.single(CLI, '--metrics-linger', `${JSON.stringify(linger)} is not a duration`, 'write a duration such as 15s or 1m, or 0 to stop serving as soon as the run ends');
    lingerMs = ms;
  }
  return { host: host?.trim() ?? DEFAULT_METRICS_HOST, port, lingerMs };
}

export interface MetricsEndpoint {
  url: string;
  /** Keeps serving for the linger time after the run; an abort (Ctrl-C) ends it early. */
  linger(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves live metrics around `work`: bound before it starts (a port in use is exit 2 before any
 * request), kept up for the linger time after it so the last scrapes see the final counts (equal to
 * report.json's), and closed however the work ends.
 */
export async function withMetricsEndpoint<T>(settings: MetricsSettings, registry: Registry, io: CommandIo, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const endpoint = await openMetricsEndpoint(settings, registry, io);
  try {
    const result = await work();
    await endpoint.linger(signal);
    return result;
  } finally {
    await endpoint.close();
  }
}

/** Binds the endpoint before anything is sent: a port in use or not allowed is bad input (exit 2), found before the first request. */
export async function openMetricsEndpoint(settings: MetricsSettings, registry: Registry, io: CommandIo): Promise<MetricsEndpoint> {
  const { host, port } = settings;
  let server;
  try {
    server = await startMetricsServer(registry, host, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw InputError.single(CLI, '--metrics-port', `${port} is already in use on ${host}`, 'choose another port, or --metrics-port 0 for any free one');
    if (code === 'EACCES' || code === 'EPERM') throw InputError.single(CLI, '--metrics-port', `listening on ${port} is not allowed here (${code})`, 'choose a port above 1023, e.g. --metrics-port 9464');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') throw InputError.single(CLI, '--metrics-host', `${host} is not an address of this machine (${code})`, `use ${DEFAULT_METRICS_HOST}, the default, 0.0.0.0 for every interface, or another local address`);
    throw error;
  }
  io.err(`chatload: live metrics at ${server.url}\n`);
  return {
    url: server.url,
    async linger(signal) {
      if (settings.lingerMs <= 0 || signal?.aborted) return;
      io.err(`chatload: metrics stay up at ${server.url} for ${formatDuration(settings.lingerMs)} (--metrics-linger; Ctrl-C ends it)\n`);
      await sleep(settings.lingerMs, signal);
    },
    close: () => server.close(),
  };
}
