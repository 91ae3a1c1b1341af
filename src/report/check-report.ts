import type { InputProblem } from '../errors.js';
import { REPORT_SCHEMA_VERSION } from './types.js';

/** The fields `chatload report` needs to draw a page; anything else may be missing or extra. */
const REQUIRED: [field: string, type: 'object' | 'string' | 'number' | 'array'][] = [
  ['scenario', 'object'],
  ['target', 'object'],
  ['load', 'object'],
  ['totals', 'object'],
  ['latency', 'object'],
  ['conformance', 'object'],
  ['verdict', 'string'],
  ['durationMs', 'number'],
];

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/**
 * Checks that a parsed file is a chatload report.json this version can render. Pure: returns the
 * problems, each naming the file, the field and the fix.
 */
export function checkReportShape(value: unknown, file: string): InputProblem[] {
  const fix = 'pass the report.json a `chatload run` (or `merge`) wrote';
  if (typeOf(value) !== 'object') return [{ file, field: '', message: `is not a chatload report (a JSON ${typeOf(value)}, not an object)`, fix }];
  const report = value as Record<string, unknown>;
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    return [{ file, field: 'schemaVersion', message: `is ${JSON.stringify(report.schemaVersion) ?? 'missing'}, this chatload reads version ${REPORT_SCHEMA_VERSION}`, fix }];
  }
  const problems: InputProblem[] = [];
  for (const [field, type] of REQUIRED) {
    const actual = typeOf(report[field]);
    if (actual !== type) problems.push({ file, field, message: actual === 'undefined' ? 'is missing' : `must be a JSON ${type}, not ${actual}`, fix });
  }
  return problems;
}
