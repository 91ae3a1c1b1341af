import type { InputProblem } from '../errors.js';
import { fieldName } from './validate.js';

/**
 * Finds API keys written into a scenario document. Pure. The key belongs in the environment:
 * scenario files get committed, shared and pasted into tickets.
 *
 * Two signs: a field named like a credential (anywhere, dynamic variables included), and a
 * string value shaped like a key (a known key prefix, or a long random-looking token with
 * upper case, lower case and digits — UUIDs, ids and sentences do not match).
 */
const KEY_NAME = /^(x[-_]?)?api[-_]?key$|^(secret|token|password|passwd|authorization|auth[-_]?token|access[-_]?token|bearer|credentials?)$/i;
const KEY_PREFIX = /^(sk|pk|rk)[-_](live|test|prod|proj)?[-_]?[A-Za-z0-9]{16,}$|^bearer\s+\S{16,}$/i;
const TOKEN = /^[A-Za-z0-9_\-+/=.]{32,}$/;
const URL_SECRET_PARAM = /[?&](api[-_]?key|key|token|access[-_]?token)=/i;

const fix = 'remove it and put the key in the environment: export SIGMAMIND_API_KEY=<your key>, or name another variable with --api-key-env; chatload sends it as X-API-Key and never stores it';

/** Fields whose values are file paths or URLs, not candidate keys. */
const PATH_FIELDS = new Set(['$schema', 'file']);

export function looksLikeKey(value: string): boolean {
  const text = value.trim();
  if (KEY_PREFIX.test(text)) return true;
  // A long token with all three character classes is what generated keys look like (the digit keeps
  // out snake_case words).
  return TOKEN.test(text) && /[A-Z]/.test(text) && /[a-z]/.test(text) && /\d/.test(text);
}

export function urlCarriesKey(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.password !== '' || URL_SECRET_PARAM.test(url.search);
  } catch {
    return false;
  }
}

/** Every place in the document that holds a literal key, as problems naming the field. */
export function findLiteralKeys(doc: unknown, file: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown, pointer: string, key: string | undefined) => {
    if (typeof node === 'string') {
      if (key !== undefined && PATH_FIELDS.has(key)) return;
      if (urlCarriesKey(node)) problems.push({ file, field: fieldName(pointer), message: 'puts a credential in the URL', fix });
      else if (looksLikeKey(node)) problems.push({ file, field: fieldName(pointer), message: 'looks like a literal API key', fix });
      return;
    }
    // YAML aliases can make a document cyclic: visit each object once.
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${pointer}/${index}`, undefined));
      return;
    }
    for (const [name, value] of Object.entries(node)) {
      const child = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (KEY_NAME.test(name) && value !== null && value !== '') {
        problems.push({ file, field: fieldName(child), message: 'holds a credential: API keys do not belong in scenario files', fix });
        continue;
      }
      visit(value, child, name);
    }
  };
  visit(doc, '', undefined);
  return problems;
}
