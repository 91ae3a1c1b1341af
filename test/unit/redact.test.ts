import { describe, expect, it } from 'vitest';
import { containsSecret, REDACTED, redactDeep, redactOutput, redactSecrets } from '../../src/redact.js';

const KEY = `k3y"with\\slash<&>'é-9f8e`;
const json = JSON.stringify(KEY).slice(1, -1);
const html = KEY.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('redactSecrets', () => {
  it.each([
    ['as is', KEY],
    ['JSON-escaped', json],
    ['JSON-escaped, ASCII only', json.replace('é', '\\u00e9')],
    ['JSON-escaped twice', JSON.stringify(json).slice(1, -1)],
    ['HTML-escaped', html],
    ['HTML-escaped JSON', json.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
    ['XML-escaped', html.replace('&#39;', '&apos;')],
    ['numeric entities', KEY.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')],
    ['URL-encoded', encodeURIComponent(KEY)],
    ['URL-encoded, lower-case hex', encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form-encoded', new URLSearchParams({ k: KEY }).toString().slice(2)],
  ])('finds the key %s', (_, form) => {
    const text = `before ${form} after`;
    expect(containsSecret(text, [KEY])).toBe(true);
    expect(redactSecrets(text, [KEY])).toBe(`before ${REDACTED} after`);
  });

  it('leaves text without the key alone', () => {
    expect(containsSecret('nothing to see', [KEY])).toBe(false);
    expect(redactSecrets('nothing to see', [KEY])).toBe('nothing to see');
  });
});

describe('redactDeep', () => {
  it('redacts string values and property names, keeps numbers, and the result still serialises to valid JSON', () => {
    const value = { message: `echo ${KEY}`, excerpt: `{"key":"${json}"}`, headers: { [`x-${KEY}`]: KEY }, count: 1000, list: [KEY, 3] };
    const redacted = redactDeep(value, [KEY]);
    expect(redacted).toEqual({ message: `echo ${REDACTED}`, excerpt: `{"key":"${REDACTED}"}`, headers: { [`x-${REDACTED}`]: REDACTED }, count: 1000, list: [REDACTED, 3] });
    const text = JSON.stringify(redacted, null, 2);
    expect(JSON.parse(text)).toEqual(redacted);
    expect(containsSecret(text, [KEY])).toBe(false);
  });

  it('a key of digits redacts strings that hold it, never a number that happens to match', () => {
    expect(redactDeep({ requests: 10001000, note: 'id 10001000' }, ['10001000'])).toEqual({ requests: 10001000, note: `id ${REDACTED}` });
  });
});

describe('redactOutput (the last check before a file is written)', () => {
  it('passes content without a secret through unchanged', () => {
    const content = '{\n  "a": 1\n}\n';
    expect(redactOutput('report.json', content, [KEY])).toBe(content);
  });

  it('a JSON file holding the key, escaped, comes out valid and without it', () => {
    const content = `${JSON.stringify({ body: `key ${KEY}`, nested: { text: `{"k":"${json}"}` } }, null, 2)}\n`;
    const out = redactOutput('report.json', content, [KEY]);
    expect(containsSecret(out, [KEY])).toBe(false);
    expect(JSON.parse(out)).toEqual({ body: `key ${REDACTED}`, nested: { text: `{"k":"${REDACTED}"}` } });
  });

  it('an HTML or XML file is redacted as text, escaped forms included', () => {
    expect(redactOutput('report.html', `<td>${html}</td>`, [KEY])).toBe(`<td>${REDACTED}</td>`);
    expect(redactOutput('junit.xml', `<failure message="${html.replace('&#39;', '&apos;')}"/>`, [KEY])).toBe(`<failure message="${REDACTED}"/>`);
  });
});
