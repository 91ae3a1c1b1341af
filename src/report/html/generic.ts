import { escapeHtml } from './escape.js';

/**
 * Renders report data whose shape this renderer does not know (sections other tools add, the
 * baseline comparison) as readable HTML: arrays of objects become tables, objects become key/value
 * lists. Bounded, so an odd or huge field can neither crash nor bloat the page. Pure.
 */

const MAX_ROWS = 500;
const MAX_JSON_CHARS = 2000;
const MAX_DEPTH = 3;

const PASS_WORDS = new Set(['pass', 'passed', 'ok', 'true', 'improved', 'same', 'unchanged', 'accepted']);
const FAIL_WORDS = new Set(['fail', 'failed', 'false', 'regressed', 'regression', 'error', 'rejected']);
const VERDICT_KEYS = new Set(['verdict', 'ok', 'pass', 'passed', 'result', 'outcome', 'status']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a camelCase key into words: conversationsAborted → conversations Aborted. */
export function camelWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return (+value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function compactJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}…` : text;
}

/** A verdict-like cell (pass/fail, true/false) gets a coloured badge. */
function verdictClass(key: string, value: unknown): string {
  if (!VERDICT_KEYS.has(key.toLowerCase())) return '';
  const word = String(value).toLowerCase();
  return PASS_WORDS.has(word) ? 'ok' : FAIL_WORDS.has(word) ? 'bad' : '';
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : escapeHtml(String(value));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return escapeHtml(String(value));
}

function cell(key: string, value: unknown, depth: number): string {
  const badge = verdictClass(key, value);
  if (badge) return `<span class="badge ${badge}">${scalar(typeof value === 'boolean' ? (value ? 'pass' : 'fail') : value)}</span>`;
  if (typeof value === 'object' && value !== null) return depth >= MAX_DEPTH ? `<code>${escapeHtml(compactJson(value))}</code>` : renderValue(value, depth + 1);
  return scalar(value);
}

/** Column order: the first-seen order of keys across rows. */
function columnsOf(rows: Record<string, unknown>[], preferred: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, MAX_ROWS)) for (const key of Object.keys(row)) seen.add(key);
  const first = preferred.filter((k) => seen.has(k));
  return [...first, ...[...seen].filter((k) => !first.includes(k))];
}

export function renderTable(rows: Record<string, unknown>[], depth = 0, preferred: readonly string[] = []): string {
  const columns = columnsOf(rows, preferred);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .slice(0, MAX_ROWS)
    .map((row) => `<tr>${columns.map((c) => `<td>${cell(c, row[c], depth)}</td>`).join('')}</tr>`)
    .join('\n');
  const more = rows.length > MAX_ROWS ? `<p class="muted">… and ${(rows.length - MAX_ROWS).toLocaleString('en-US')} more rows (see report.json)</p>` : '';
  return `<div class="table-wrap"><table class="data"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}`;
}

export function renderKeyValues(object: Record<string, unknown>, depth = 0): string {
  const entries = Object.entries(object);
  if (!entries.length) return '<span class="muted">(empty)</span>';
  const rows = entries
    .slice(0, MAX_ROWS)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${cell(key, value, depth)}</td></tr>`)
    .join('');
  return `<table class="kv">${rows}</table>`;
}

export function renderValue(value: unknown, depth = 0): string {
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="muted">(none)</span>';
    if (value.every(isPlainObject)) return renderTable(value, depth);
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.slice(0, MAX_ROWS).map(scalar).join(', ');
    return `<code>${escapeHtml(compactJson(value))}</code>`;
  }
  if (isPlainObject(value)) return depth >= MAX_DEPTH ? `<code>${escapeHtml(compactJson(value))}</code>` : renderKeyValues(value, depth);
  return scalar(value);
}
