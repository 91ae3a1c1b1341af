import type { CaseContext } from './cases.js';
import { JSON_TYPES, allowedTypes, lengthBounds, mapValues, type JsonType, type RequestShape, type Schema } from './schema.js';
import { CONTROL_CHARACTERS, SCRIPTS, SCRIPT_NAMES, WHITESPACE_ONLY, describeSizes, nonAsciiOfLength, stringOfLength } from './text.js';

/** Per field of the request schema: length boundaries (ASCII and not), wrong types, blank and control text, map values and shapes. Pure. */

const SAMPLE_OF_TYPE: Record<JsonType, unknown> = { string: 'Michael', number: 42, boolean: true, object: { tier: 'gold' }, array: ['a', 'b'], null: null };
const typeName = (type: JsonType) => (type === 'null' ? 'null' : `a JSON ${type}`);

/** How deep the deeply nested dynamicVariables value goes, and how many keys the wide one has. */
export const NESTING_DEPTH = 100;
export const MANY_KEYS = 1000;

const LENGTH_WHY = 'JSON Schema counts a string\'s length in characters (Unicode code points)';

function boundaryCases(ctx: CaseContext, field: string, prop: Schema): void {
  const { min, max } = lengthBounds(prop);
  const bounds: ['min' | 'max', number, number][] = [];
  if (min !== undefined) bounds.push(['min', -1, min - 1], ['min', 0, min]);
  if (max !== undefined) bounds.push(['max', 0, max], ['max', 1, max + 1]);
  const inRange = (length: number) => (min === undefined || length >= min) && (max === undefined || length <= max);
  const seen = new Set<number>();
  for (const [bound, offset, length] of bounds) {
    if (length < 0 || seen.has(length)) continue;
    seen.add(length);
    const suffix = offset < 0 ? '-1' : offset > 0 ? '+1' : '';
    const value = stringOfLength(field, length);
    const limit = `${bound}Length ${bound === 'min' ? min : max}`;
    const answer = inRange(length) ? ctx.accepted(field, value) : undefined;
    ctx.add(
      {
        id: `boundary/${field}/${bound}${suffix}`,
        group: 'boundary',
        title: `${field} at ${bound}${suffix ? suffix.replace('-', '−') : ''} (${length} char${length === 1 ? '' : 's'})`,
        source: `#/properties/${field}/${bound}Length`,
        why: answer ? `${length} characters is within ${limit}; ${answer.why}` : `${length} characters is outside ${limit}: a bad request (400)`,
        ...(answer?.assumption ? { assumption: answer.assumption } : {}),
      },
      { body: { ...ctx.base, [field]: value } },
      answer?.status ?? 400,
    );
  }
  // The same maximum, in text whose bytes or UTF-16 units outnumber its characters (caught at max),
  // or whose graphemes are fewer (caught at max+1).
  if (max === undefined) return;
  for (const script of SCRIPTS) {
    for (const [suffix, length] of [['', max], ['+1', max + 1]] as const) {
      const value = nonAsciiOfLength(script, length);
      const answer = inRange(length) ? ctx.accepted(field, value) : undefined;
      ctx.add(
        {
          id: `boundary/${field}/max${suffix}/${script}`,
          group: 'boundary',
          title: `${field} at max${suffix} in ${script} (${describeSizes(value)})`,
          source: `#/properties/${field}/maxLength`,
          why: `${LENGTH_WHY}: ${length} characters of ${SCRIPT_NAMES[script]} is ${answer ? 'within' : 'over'} maxLength ${max}; ${
            answer ? `${answer.why}. A server counting bytes or UTF-16 units refuses it` : 'a bad request (400). A server counting graphemes, or normalising first, accepts it'
          }`,
          ...(answer?.assumption ? { assumption: answer.assumption } : {}),
        },
        { body: { ...ctx.base, [field]: value } },
        answer?.status ?? 400,
      );
    }
  }
}

function typeCases(ctx: CaseContext, field: string, prop: Schema): void {
  const allowed = allowedTypes(prop);
  for (const type of JSON_TYPES) {
    if (allowed.has(type)) continue;
    ctx.add(
      { id: `type/${field}/${type}`, group: 'type', title: `${field} as ${typeName(type)}`, source: `#/properties/${field}/type`, why: `${field} must be ${[...allowed].join(' or ')}: ${typeName(type)} is a bad request (400)` },
      { body: { ...ctx.base, [field]: SAMPLE_OF_TYPE[type] } },
      400,
    );
  }
}

/** Blank and control-character text where the schema only asks for a string of some length. */
function textCases(ctx: CaseContext, field: string, prop: Schema): void {
  if (!allowedTypes(prop).has('string') || prop.pattern !== undefined || prop.enum !== undefined || prop.format !== undefined) return;
  const { min, max } = lengthBounds(prop);
  for (const [kind, value, title] of [
    ['whitespace', WHITESPACE_ONLY, 'whitespace only (spaces, tab, line breaks, no-break, em and ideographic spaces)'],
    ['control', CONTROL_CHARACTERS, 'control characters (NUL, BEL, BS, VT, FF, ESC, DEL, NEL)'],
  ] as const) {
    const length = [...value].length;
    if ((min !== undefined && length < min) || (max !== undefined && length > max)) continue;
    const answer = ctx.accepted(field, value);
    ctx.add(
      {
        id: `text/${field}/${kind}`,
        group: 'text',
        title: `${field} of ${title}`,
        source: `#/properties/${field}`,
        why: `the schema asks only for a string of ${min ?? 0}…${max ?? '∞'} characters, which this is (JSON escapes the control characters); ${answer.why}`,
        assumption: `${answer.assumption ? `${answer.assumption}; ` : ''}no pattern means any characters are accepted: a server that trims, or refuses blank or control text, should say so in the document (docs/contract.md point 14)`,
      },
      { body: { ...ctx.base, [field]: value } },
      answer.status,
    );
  }
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { level: value };
  return value;
}

/** A map such as dynamicVariables: each kind of value, and its shapes (empty, deep, wide). */
function mapCases(ctx: CaseContext, field: string, values: Schema): void {
  const valueTypes = allowedTypes(values);
  const allowedList = [...valueTypes].join(', ');
  for (const type of JSON_TYPES) {
    const ok = valueTypes.has(type);
    ctx.add(
      {
        id: `type/${field}.value/${type}`,
        group: 'type',
        title: `${field} value as ${typeName(type)}`,
        source: `#/properties/${field}/additionalProperties`,
        why: ok ? `${type} is one of the value kinds the schema allows (${allowedList}): 201` : `values must be one of ${allowedList}: ${typeName(type)} is a bad request (400)`,
        ...(type === 'null' ? { assumption: 'OpenAPI 3.0 has no null type and the value schema is not nullable, so null is refused (docs/contract.md point 13)' } : {}),
      },
      { body: { ...ctx.base, [field]: { ...asRecord(ctx.base[field]), customer_name: SAMPLE_OF_TYPE[type] } } },
      ok ? 201 : 400,
    );
  }

  const given = asRecord(ctx.base[field]);
  const required = Object.keys(given).length > 0;
  ctx.add(
    {
      id: `variables/${field}/empty`,
      group: 'variables',
      title: `${field} empty ({})`,
      source: `#/properties/${field}`,
      why: required
        ? `an empty object is valid by the schema (201); the description says an agent may require some variables, and the scenario gives some, so a 400 naming them is right too`
        : 'an empty object is valid by the schema: 201',
    },
    { body: { ...ctx.base, [field]: {} } },
    201,
    required ? [400] : undefined,
  );
  if (valueTypes.has('object')) {
    ctx.add(
      {
        id: `variables/${field}/deep`,
        group: 'variables',
        title: `${field} value nested ${NESTING_DEPTH} objects deep`,
        source: `#/properties/${field}/additionalProperties`,
        why: 'an object value is allowed and the schema puts no limit on its depth: 201',
        assumption: 'no depth limit: a server with one should answer 400 and the document should state it (docs/contract.md point 15)',
      },
      { body: { ...ctx.base, [field]: { ...given, chatload_nested: nested(NESTING_DEPTH) } } },
      201,
    );
  }
  const wide: Record<string, unknown> = { ...given };
  for (let i = 0; i < MANY_KEYS; i++) wide[`chatload_var_${String(i).padStart(4, '0')}`] = valueTypes.has('string') ? `value ${i}` : i;
  ctx.add(
    {
      id: `variables/${field}/many-keys`,
      group: 'variables',
      title: `${field} with ${MANY_KEYS.toLocaleString('en-US')} keys`,
      source: `#/properties/${field}`,
      why: 'the schema puts no limit on the number of keys (no maxProperties): 201',
      assumption: 'no key-count limit: a server with one should answer 400 and the document should state it (docs/contract.md point 15)',
    },
    { body: { ...ctx.base, [field]: wide } },
    201,
  );
}

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export function fieldCases(ctx: CaseContext, shape: RequestShape): void {
  for (const [field, prop] of shape.properties) {
    boundaryCases(ctx, field, prop);
    typeCases(ctx, field, prop);
    textCases(ctx, field, prop);
    const values = mapValues(prop);
    if (values) mapCases(ctx, field, values);
  }
}
