export const REDACTED = '[REDACTED]';

/** Shorter secrets are ignored: they would blank ordinary text (keys this short are refused at start). */
const MIN_SECRET_LENGTH = 4;

const jsonEscape = (text: string): string => JSON.stringify(text).slice(1, -1);
/** JSON as ASCII-only encoders write it (Python's json.dumps, many JVM libraries): \u00e9, and PHP's \/. */
const jsonAsciiEscape = (text: string): string => jsonEscape(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
const entityEscape = (entities: Record<string, string>) => (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]!);
const htmlEscape = entityEscape({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });
const xmlEscape = entityEscape({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' });
const decimalEscape = entityEscape({ '&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;' });
const hexEscape = entityEscape({ '&': '&#x26;', '<': '&#x3c;', '>': '&#x3e;', '"': '&#x22;', "'": '&#x27;' });
const lowerPercent = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const formEncode = (text: string): string => new URLSearchParams({ k: text }).toString().slice(2);

const variantCache = new Map<string, readonly string[]>();

/**
 * Every form in which a secret can appear in text chatload writes or quotes: as is, JSON-escaped
 * (both ways), URL-encoded, and each of those HTML/XML-escaped or JSON-escaped once more (a
 * server's JSON body quoted in report.json, report.html or junit.xml). Longest first, so a
 * shorter form never leaves a fragment of a longer one behind.
 */
export function secretForms(secret: string): readonly string[] {
  let forms = variantCache.get(secret);
  if (forms) return forms;
  const base = [secret, jsonEscape(secret), jsonAsciiEscape(secret), encodeURIComponent(secret), lowerPercent(encodeURIComponent(secret)), formEncode(secret), lowerPercent(formEncode(secret))];
  const all = new Set<string>();
  for (const form of base) for (const wrap of [(t: string) => t, jsonEscape, htmlEscape, xmlEscape, decimalEscape, hexEscape]) all.add(wrap(form));
  forms = [...all].sort((a, b) => b.length - a.length);
  if (variantCache.size > 64) variantCache.clear();
  variantCache.set(secret, forms);
  return forms;
}

const usable = (secrets: readonly string[]) => secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);

/** True when the text holds any secret in any of its forms. */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return usable(secrets).some((secret) => secretForms(secret).some((form) => text.includes(form)));
}

/** Replaces every occurrence of each secret, in every form it can take (`secretForms`), in the text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of usable(secrets)) {
    for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * A copy of a JSON-shaped value with every string in it (values and property names) redacted.
 * Redacting before serialising keeps the JSON valid whatever characters the key holds, where
 * redacting the serialised text would miss an escaped key or cut through the syntax.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (usable(secrets).length === 0) return value;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return redactSecrets(node, secrets);
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(node)) out[redactSecrets(name, secrets)] = visit(child);
    return out;
  };
  return visit(value) as T;
}

/**
 * The last check on a file's way to disk. Content that already holds no secret passes as is.
 * A JSON file is parsed and redacted value by value, so it stays valid JSON; any other file is
 * redacted as text. Pure.
 */
export function redactOutput(name: string, content: string, secrets: readonly string[]): string {
  if (!containsSecret(content, secrets)) return content;
  if (name.toLowerCase().endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return redactSecrets(content, secrets);
    }
    const redacted = `${JSON.stringify(redactDeep(parsed, secrets), null, 2)}\n`;
    if (!containsSecret(redacted, secrets)) return redacted;
    // What is left is the syntax itself spelling the key (a key such as `"count":`): redact the
    // text too, unless that would leave invalid JSON.
    const text = redactSecrets(redacted, secrets);
    try {
      JSON.parse(text);
      return text;
    } catch {
      return redacted;
    }
  }
  return redactSecrets(content, secrets);
}
