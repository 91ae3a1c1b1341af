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

/** True when any string value in a JSON-shaped value holds a secret; property names are structure, not checked. */
export function valuesContainSecret(value: unknown, secrets: readonly string[]): boolean {
  const seen = new Set<unknown>();
  const visit = (node: unknown): boolean => {
    if (typeof node === 'string') return containsSecret(node, secrets);
    // YAML aliases can make a document cyclic: visit each object once.
    if (node === null || typeof node !== 'object' || seen.has(node)) return false;
    seen.add(node);
    return (Array.isArray(node) ? node : Object.values(node)).some(visit);
  };
  return usable(secrets).length > 0 && visit(value);
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
 * A copy of a JSON-shaped value with every string value in it redacted, at any depth. Property
 * names are kept: they are the report's structure (a key such as `requests` must not rename the
 * `requests` field), except with `names: true`, for a free-form map whose names are data (a
 * response's headers). Redacting before serialising keeps the JSON valid whatever characters the
 * key holds, where redacting the serialised text would miss an escaped key or cut through the syntax.
 */
export function redactDeep<T>(value: T, secrets: readonly string[], options: { names?: boolean } = {}): T {
  if (usable(secrets).length === 0) return value;
  const name = options.names ? (text: string) => redactSecrets(text, secrets) : (text: string) => text;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return redactSecrets(node, secrets);
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) out[name(key)] = visit(child);
    return out;
  };
  return visit(value) as T;
}

/** True when `at` falls strictly inside a character reference such as `&quot;` or `&#x27;`. */
function insideEntity(text: string, at: number): boolean {
  let start = at - 1;
  while (start >= 0 && at - start <= 10 && /[#A-Za-z0-9]/.test(text[start]!)) start--;
  if (start < 0 || text[start] !== '&' || at - start > 10) return false;
  let end = at;
  while (end < text.length && end - start <= 12 && /[#A-Za-z0-9]/.test(text[end]!)) end++;
  return text[end] === ';';
}

/** `redactSecrets` for markup text: a match that would cut a character reference in two is left alone (it is not the key once decoded). */
function redactMarkupText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of usable(secrets)) {
    for (const form of secretForms(secret)) {
      if (!out.includes(form)) continue;
      let result = '';
      let from = 0;
      for (let at = out.indexOf(form); at !== -1; at = out.indexOf(form, at + 1)) {
        if (at < from || insideEntity(out, at) || insideEntity(out, at + form.length)) continue;
        result += out.slice(from, at) + REDACTED;
        from = at + form.length;
      }
      out = result + out.slice(from);
    }
  }
  return out;
}

/**
 * HTML or XML redacted where data can be: text and quoted attribute values. Element and
 * attribute names and the content of `<style>` (chatload's own constant CSS) are kept, so a key
 * that happens to be a tag, attribute or CSS word (`testcase`, `position`) cannot break the file.
 */
function redactMarkup(markup: string, secrets: readonly string[]): string {
  return markup.replace(/(<style\b[^>]*>[\s\S]*?<\/style>)|(<[^>]*>)|([^<]+)/gi, (_, style: string | undefined, tag: string | undefined, text: string | undefined) => {
    if (style !== undefined) return style;
    if (tag !== undefined) return tag.replace(/("[^"]*"|'[^']*')/g, (quoted: string) => quoted[0] + redactMarkupText(quoted.slice(1, -1), secrets) + quoted[0]);
    return redactMarkupText(text ?? '', secrets);
  });
}

/**
 * The last check on a file's way to disk. Content that already holds no secret passes as is.
 * A JSON file is parsed and redacted value by value, so it stays valid JSON and its property
 * names stay as written; HTML and XML are redacted in their text and attribute values only;
 * any other file is redacted as text. Pure.
 */
export function redactOutput(name: string, content: string, secrets: readonly string[]): string {
  if (!containsSecret(content, secrets)) return content;
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return redactSecrets(content, secrets);
    }
    return `${JSON.stringify(redactDeep(parsed, secrets), null, 2)}\n`;
  }
  if (/\.(html?|xml|svg)$/.test(lower)) return redactMarkup(content, secrets);
  return redactSecrets(content, secrets);
}
