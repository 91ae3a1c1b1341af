import { createRequire } from 'node:module';
import type { Ajv, CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import type { InputProblem } from '../errors.js';
import { ajvFormats, loadPrecompiled } from '../precompiled.js';
import { fieldName } from '../scenario/validate.js';
import schema from './report.schema.json' with { type: 'json' };
import { REPORT_SCHEMA_VERSION } from '../run-report.js';
import { OLDEST_READABLE_VERSION } from './upgrade.js';

// Ajv (CommonJS) loads only when the validator must be compiled here: from dist/,
// `npm run build` precompiled it (compiling costs a quarter of a second).
const requireCjs = createRequire(import.meta.url);
/** The formats report.schema.json's validator calls: ajv-formats'. */
export const reportFormats = ajvFormats;

/** report.schema.json's Ajv. `code` is for the build's standalone validator (scripts/build-assets.mjs). */
export function createReportAjv(code?: CodeOptions): Ajv {
  const { Ajv } = requireCjs('ajv') as typeof import('ajv');
  return new Ajv({ allErrors: true, strict: true, formats: reportFormats(), ...(code ? { code } : {}) });
}
export const REPORT_SCHEMA = schema;

// On first use: a run without --baseline never reads a report back.
let compiled: ValidateFunction | undefined;
function reportValidator(): ValidateFunction {
  compiled ??= loadPrecompiled(new URL('./validators.cjs', import.meta.url), reportFormats)?.report ?? createReportAjv().compile(schema);
  return compiled;
}
const MAX_PROBLEMS = 10;
const FIX = 'pass the report.json that `chatload run` or `merge` wrote';

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

function problemOf(error: ErrorObject, value: unknown, file: string): InputProblem {
  if (error.keyword === 'required') {
    return { file, field: fieldName(error.instancePath, (error.params as { missingProperty: string }).missingProperty), message: 'is missing', fix: FIX };
  }
  if (error.keyword === 'type') {
    const actual = typeOf(error.instancePath.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value));
    return { file, field: fieldName(error.instancePath), message: `must be a JSON ${String((error.params as { type: string | string[] }).type).replace(',', ' or ')}, not ${actual}`, fix: FIX };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return { file, field: fieldName(error.instancePath), message: `must be one of ${allowed}`, fix: FIX };
  }
  return { file, field: fieldName(error.instancePath), message: error.message ?? 'is not valid', fix: FIX };
}

/**
 * Checks a parsed file against report.schema.json (the contract other tools read). Pure:
 * returns the problems, each naming the file, the field and the fix.
 */
export function checkReportShape(value: unknown, file: string): InputProblem[] {
  if (typeOf(value) !== 'object') return [{ file, field: '', message: `is not a chatload report (a JSON ${typeOf(value)}, not an object)`, fix: FIX }];
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    return [{ file, field: 'schemaVersion', message: `is ${JSON.stringify(version) ?? 'missing'}, this chatload reads versions ${OLDEST_READABLE_VERSION} to ${REPORT_SCHEMA_VERSION}`, fix: FIX }];
  }
  const validateReport = reportValidator();
  if (validateReport(value)) return [];
  // A oneOf reports each branch's complaint as well; its own line is enough.
  const errors = (validateReport.errors ?? []).filter((e, _, all) => !all.some((u) => u !== e && u.keyword === 'oneOf' && e.instancePath === u.instancePath));
  return errors.slice(0, MAX_PROBLEMS).map((e) => problemOf(e, value, file));
}
