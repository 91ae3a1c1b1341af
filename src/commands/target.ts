import { InputError } from '../errors.js';

export const API_KEY_ENV = 'SIGMAMIND_API_KEY';
/** Shorter keys are refused: no real key is this short, and redacting one would blank ordinary text. */
export const MIN_API_KEY_LENGTH = 8;

/** Why a key cannot be sent as X-API-Key, or undefined when it can. Pure; never quotes the key. */
export function apiKeyProblem(key: string, envName = API_KEY_ENV): { message: string; fix: string } | undefined {
  const again = `copy the key again from where it was issued: export ${envName}=<your key>`;
  if (/[\r\n]/.test(key)) return { message: 'contains a line break, which an HTTP header cannot carry', fix: `set the variable to the key alone, on one line: export ${envName}=<your key>` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(key)) return { message: 'contains a control character, which an HTTP header cannot carry', fix: again };
  if (/[^\u0000-\u00ff]/.test(key)) return { message: 'contains a character outside Latin-1, such as a non-Latin letter, an emoji or a typographic quote, which an HTTP header cannot carry', fix: again };
  if (key.length < MIN_API_KEY_LENGTH) return { message: `is shorter than ${MIN_API_KEY_LENGTH} characters, too short to be an API key`, fix: `export the whole key, exactly as issued: export ${envName}=<your key>` };
  return undefined;
}

/** The key in the environment, checked before anything is sent; undefined when the variable is unset or empty. */
export function readApiKey(env: NodeJS.ProcessEnv, envName = API_KEY_ENV): string | undefined {
  const key = env[envName]?.trim();
  if (!key) return undefined;
  const problem = apiKeyProblem(key, envName);
  // The message names the variable, never its value.
  if (problem) throw InputError.single('(environment)', envName, problem.message, problem.fix);
  return key;
}

/** The API key for a target: from the environment, never from a file or a flag value. */
export function resolveApiKey(target: string, env: NodeJS.ProcessEnv, envName = API_KEY_ENV): string | undefined {
  const key = readApiKey(env, envName);
  if (key) return key;
  if (target === 'mock') return undefined;
  throw InputError.single('(environment)', envName, `is not set, and ${target} needs an API key`, `export ${envName}=<your key> before the run; it is sent as X-API-Key and never printed or stored`);
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
