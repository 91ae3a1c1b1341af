import { InputError } from '../errors.js';

export const API_KEY_ENV = 'SIGMAMIND_API_KEY';

/** The API key for a target: from the environment, never from a file or a flag value. */
export function resolveApiKey(target: string, env: NodeJS.ProcessEnv, envName = API_KEY_ENV): string | undefined {
  const key = env[envName]?.trim();
  if (key) return key;
  if (target === 'mock') return undefined;
  throw InputError.single('(environment)', envName, `is not set, and ${target} needs an API key`, `export ${envName}=<your key> before the run (it is sent as X-API-Key and never printed or stored)`);
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
