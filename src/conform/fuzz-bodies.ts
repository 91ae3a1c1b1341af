import fc from 'fast-check';
import { allowedTypes, JSON_TYPES, lengthBounds, mapValues, REFERENCES, requestShape, type JsonType } from './schema.js';

/**
 * Request bodies generated from the request schema with fast-check: valid ones (fields drawn
 * within their types and bounds, references drawn from the scenario) and invalid variants of
 * them, one thing broken each (a required field dropped, a wrong type, a length out of range, a
 * reference that names nothing, a null map value, a body that is not an object). Every value
 * shrinks: a failure is reported as the smallest body that still fails. Pure.
 */

export interface FuzzInputs {
  agents: string[];
  /** Variables every valid body carries (agents may require them). */
  variables?: Record<string, unknown>;
}

export interface FuzzBody {
  body: unknown;
  /** Which variant drew it: "valid", "input too long", … */
  variant: string;
}

/** Characters that break hand-written parsers, loggers and templates; drawn often enough to be found within a few hundred bodies. */
export const AWKWARD_CHARACTERS = ['\t', '\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\u200b', '\ufeff', 'e\u0301', '😀', '👩‍💻', '中', '"', '\\', '</', "'", '%s', '{{x}}'];

const character = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...AWKWARD_CHARACTERS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

const text = (minLength = 0, maxLength = 24) => fc.string({ unit: character, minLength, maxLength });
const key = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 });

function valueOf(type: JsonType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return text();
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return fc.boolean();
    case 'object':
      return fc.dictionary(key, text(0, 8), { maxKeys: 3 });
    case 'array':
      return fc.array(text(0, 8), { maxLength: 3 });
    case 'null':
      return fc.constant(null);
  }
}

const anyOf = (types: Iterable<JsonType>) => fc.oneof(...[...types].map(valueOf));
const omit = (body: Record<string, unknown>, fields: string[]) => Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));

export function fuzzBodies(requestSchema: unknown, inputs: FuzzInputs): fc.Arbitrary<FuzzBody> {
  const { properties, required } = requestShape(requestSchema);
  if (inputs.agents.length === 0) throw new Error('fuzzing needs at least one agent');
  const given = inputs.variables && Object.keys(inputs.variables).length ? inputs.variables : undefined;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  const alwaysSent = [...required];

  for (const [name, prop] of properties) {
    const reference = REFERENCES[name];
    const values = mapValues(prop);
    const { min, max } = lengthBounds(prop);
    if (reference === 'agent') fields[name] = fc.constantFrom(...inputs.agents);
    // The empty id is the only previousChatId known to name nothing to look up: valid, 201.
    else if (reference === 'chat') fields[name] = fc.constant('');
    else if (values) {
      fields[name] = fc.dictionary(key, anyOf(allowedTypes(values)), { maxKeys: 4 }).map((extra) => ({ ...extra, ...given }));
      if (given) alwaysSent.push(name);
    } else if (allowedTypes(prop).has('string')) fields[name] = text(min ?? 0, Math.min(max ?? 64, 64));
    else fields[name] = anyOf(allowedTypes(prop));
  }
  const valid = fc.record(fields, { requiredKeys: alwaysSent }) as fc.Arbitrary<Record<string, unknown>>;
  const variants: fc.Arbitrary<FuzzBody>[] = [valid.map((body) => ({ body, variant: 'valid' }))];

  if (required.length) {
    variants.push(fc.tuple(valid, fc.subarray(required, { minLength: 1 })).map(([body, dropped]) => ({ body: omit(body, dropped), variant: `without ${dropped.join(', ')}` })));
  }
  for (const [name, prop] of properties) {
    const wrong = JSON_TYPES.filter((t) => !allowedTypes(prop).has(t));
    if (wrong.length) variants.push(fc.tuple(valid, anyOf(wrong)).map(([body, value]) => ({ body: { ...body, [name]: value }, variant: `${name} of a wrong type` })));
    const { min, max } = lengthBounds(prop);
    if (max !== undefined) {
      variants.push(fc.tuple(valid, fc.integer({ min: 0, max: 8 }), character).map(([body, extra, last]) => ({ body: { ...body, [name]: 'x'.repeat(max + extra) + last }, variant: `${name} too long` })));
    }
    if (min !== undefined && min > 0) variants.push(valid.map((body) => ({ body: { ...body, [name]: 'x'.repeat(min - 1) }, variant: `${name} too short` })));
    const reference = REFERENCES[name];
    if (reference) variants.push(fc.tuple(valid, text(Math.max(1, min ?? 1), Math.min(max ?? 64, 64))).map(([body, id]) => ({ body: { ...body, [name]: id }, variant: `${name} naming nothing` })));
    const values = mapValues(prop);
    if (values && !allowedTypes(values).has('null')) {
      variants.push(fc.tuple(valid, key).map(([body, k]) => ({ body: { ...body, [name]: { ...(body[name] as object | undefined), [`chatload_${k}`]: null } }, variant: `${name} with a null value` })));
    }
  }
  variants.push(fc.oneof(fc.constant(null), fc.integer(), text(0, 8), fc.array(text(0, 4), { maxLength: 3 })).map((body) => ({ body, variant: 'not an object' })));

  // Valid bodies half of the time; shrinking may cross to the valid variant (the simplest) when that still fails.
  const [first, ...rest] = variants;
  return fc.oneof({ withCrossShrink: true }, { weight: rest.length, arbitrary: first! }, ...rest.map((arbitrary) => ({ weight: 1, arbitrary })));
}
