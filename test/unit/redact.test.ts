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
  it('redacts string values at any depth, keeps property names and numbers, and the result still serialises to valid JSON', () => {
    const value = { message: `echo ${KEY}`, excerpt: `{"key":"${json}"}`, headers: { [`x-${KEY}`]: KEY }, count: 1000, list: [KEY, 3] };
    const redacted = redactDeep(value, [KEY]);
    expect(redacted).toEqual({ message: `echo ${REDACTED}`, excerpt: `{"key":"${REDACTED}"}`, headers: { [`x-${KEY}`]: REDACTED }, count: 1000, list: [REDACTED, 3] });
    expect(JSON.parse(JSON.stringify(redacted, null, 2))).toEqual(redacted);
  });

  it('redacts the names too of a free-form map whose names are data (names: true)', () => {
    expect(redactDeep({ [`x-${KEY}`]: KEY, plain: 'v' }, [KEY], { names: true })).toEqual({ [`x-${REDACTED}`]: REDACTED, plain: 'v' });
  });

  it.each(['requests', 'violatio', 'totals', 'transportErrors'])('a key %j that is (part of) a field name leaves the fields alone', (key) => {
    const report = { totals: { requests: 3, transportErrors: 0 }, conformance: { violations: 2, violatingExchanges: 1 }, note: `sent ${key}` };
    expect(redactDeep(report, [key])).toEqual({ ...report, note: `sent ${REDACTED}` });
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

  it.each(['requests', 'violatio', 'violatingExchanges'])('a JSON file keeps its property names when the key %j is (part of) one', (key) => {
    const content = `${JSON.stringify({ totals: { requests: 3 }, conformance: { violations: 0, violatingExchanges: 0 }, note: `key ${key}` }, null, 2)}\n`;
    const out = redactOutput('report.json', content, [key]);
    expect(JSON.parse(out)).toEqual({ totals: { requests: 3 }, conformance: { violations: 0, violatingExchanges: 0 }, note: `key ${REDACTED}` });
  });

  it('markup keeps element names, attribute names, entities and the style sheet; text and attribute values are redacted', () => {
    const junit = '<testsuites><testcase name="testcase x" classname="c"><failure message="got testcase">testcase &amp; more</failure></testcase></testsuites>';
    expect(redactOutput('junit.xml', junit, ['testcase'])).toBe(`<testsuites><testcase name="${REDACTED} x" classname="c"><failure message="got ${REDACTED}">${REDACTED} &amp; more</failure></testcase></testsuites>`);
    expect(redactOutput('junit.xml', '<x a="1" classname="classname"/>', ['classname'])).toBe(`<x a="1" classname="${REDACTED}"/>`);
    const page = '<style>.a{position:absolute}</style><div class="k">position</div>';
    expect(redactOutput('report.html', page, ['position'])).toBe(`<style>.a{position:absolute}</style><div class="k">${REDACTED}</div>`);
    // A match that would cut a character reference in two is not the key once decoded.
    expect(redactOutput('report.html', '<p>&quot;requests</p>', ['quot;req'])).toBe('<p>&quot;requests</p>');
  });

  it('any other file is redacted as text', () => {
    expect(redactOutput('summary.txt', `requests: 3 (${KEY})`, [KEY])).toBe(`requests: 3 (${REDACTED})`);
  });
});
