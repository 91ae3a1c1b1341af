import { createRequire } from 'node:module';
import type { Ajv, CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import type { InputProblem } from '../errors.js';
import { loadPrecompiled } from '../precompiled.js';
import schema from './scenario.schema.json' with { type: 'json' };
import type { ScenarioFile } from './types.js';
import { closestName } from './closest-name.js';

// Kept apart so the CLI can suggest a command name without compiling the scenario schema.
export { closestName };

/** The scenario schema, and its `mock:` section alone (the schema of `chatload mock --config`). */
export const SCENARIO_VALIDATORS = {
  scenario: { $ref: `${schema.$id}#` },
  mockSection: { $ref: `${schema.$id}#/definitions/mockSection` },
} as const;
type ValidatorName = keyof typeof SCENARIO_VALIDATORS;

/** The scenario schema's Ajv. `code` is for the build's standalone validators (scripts/build-assets.mjs). */
export function createScenarioAjv(code?: CodeOptions): Ajv {
  // Ajv (CommonJS) loads only when a validator must be compiled here: a run from dist/ uses the ones
  // `npm run build` precompiled (compiling this schema costs ~60 ms at every start).
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, ...(code ? { code } : {}) });
  // `fix` is our own annotation: the sentence telling the user how to correct a field.
  ajv.addKeyword({ keyword: 'fix', schemaType: 'string' });
  ajv.addSchema(schema);
  return ajv;
}

let precompiled: Partial<Record<ValidatorName, ValidateFunction>> | undefined;
let ajv: Ajv | undefined;
/** A validator of the scenario schema, precompiled by the build when there is one; compiled once otherwise. */
export function scenarioValidator<T>(name: ValidatorName): ValidateFunction<T> {
  precompiled ??= loadPrecompiled(new URL('./validators.cjs', import.meta.url)) ?? {};
  return (precompiled[name] ??= (ajv ??= createScenarioAjv()).compile(SCENARIO_VALIDATORS[name])) as ValidateFunction<T>;
}

/** "/load/stages/0/rate" → "load.stages[0].rate" */
export function fieldName(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** A JSON Schema type as a noun with its article: "a list", "an integer", "a string or a number". */
export function typeName(type: string): string {
  const one = (t: string) => (t === 'array' ? 'a list' : t === 'null' ? 'null' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`);
  return type.split(',').map(one).join(' or ');
}

type SchemaNode = { fix?: string; properties?: Record<string, SchemaNode>; type?: string | string[] };

function problemFor(error: ErrorObject, file: string): InputProblem {
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const fix = parent.fix;
  const at = (field: string, message: string, fixText?: string): InputProblem => ({
    file,
    field: field || '(top level)',
    message,
    ...(fixText ? { fix: fixText } : {}),
  });
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return at(fieldName(error.instancePath, missing), 'is required', parent.properties?.[missing]?.fix ?? `add \`${missing}\``);
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(parent.properties ?? {}).filter((k) => k !== '$schema');
      const guess = closestName(extra, known);
      return at(
        fieldName(error.instancePath, extra),
        'is not a known field',
        guess ? `did you mean \`${guess}\`?` : `remove it; known fields here: ${known.join(', ')}`,
      );
    }
    case 'type':
      return at(fieldName(error.instancePath), `must be ${typeName((error.params as { type: string }).type)}`, fix);
    case 'enum':
      return at(fieldName(error.instancePath), `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(error.data)}`, fix);
    case 'oneOf':
    case 'anyOf':
      return at(fieldName(error.instancePath), `has the wrong shape (got ${JSON.stringify(error.data)?.slice(0, 80)})`, fix);
    case 'pattern':
      return at(fieldName(error.instancePath), `${JSON.stringify(error.data)} is not valid here`, fix);
    default:
      return at(fieldName(error.instancePath), error.message ?? 'is not valid', fix);
  }
}

/**
 * Validates a parsed scenario document against the scenario schema; every problem at once.
 */
export function validateScenarioDocument(doc: unknown, file: string): { ok: true; value: ScenarioFile } | { ok: false; problems: InputProblem[] } {
  const validateDocument = scenarioValidator<ScenarioFile>('scenario');
  if (validateDocument(doc)) return { ok: true, value: doc };
  return { ok: false, problems: problemsFromErrors(validateDocument.errors ?? [], file) };
}

/** Ajv errors of a schema with `fix` annotations → one problem per field, naming the fix. */
export function problemsFromErrors(errors: ErrorObject[], file: string): InputProblem[] {
  // A union owns its whole field in this schema, so anything reported at or below it came from its branches.
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath);
  const insideUnion = (e: ErrorObject) =>
    e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && unions.some((u) => e.instancePath === u || e.instancePath.startsWith(`${u}/`));
  const kept = errors.filter((e) => !insideUnion(e));
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const error of kept) {
    const problem = problemFor(error, file);
    const key = `${problem.field}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}
