/** Reading the request schema (refs inlined) the way the case generators and the fuzzer need it. Pure. */

export const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

export type Schema = { [key: string]: unknown };
export const asSchema = (value: unknown): Schema => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {});

/** The JSON types a schema accepts (integer counts as number); undefined type accepts all. */
export function allowedTypes(schema: Schema): Set<JsonType> {
  const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches)) return new Set(branches.flatMap((b) => [...allowedTypes(asSchema(b))]));
  const type = schema.type;
  const types = (Array.isArray(type) ? type : type === undefined ? [...JSON_TYPES] : [type]).map((t) => (t === 'integer' ? 'number' : t)) as JsonType[];
  if (schema.nullable === true) types.push('null');
  return new Set(types);
}

/** Fields whose in-range values must also resolve on the server: an unknown one is a 404. A schema cannot say this. */
export const REFERENCES: Record<string, 'agent' | 'chat'> = { agentId: 'agent', previousChatId: 'chat' };

export interface RequestShape {
  schema: Schema;
  properties: (readonly [string, Schema])[];
  required: string[];
}

export function requestShape(requestSchema: unknown): RequestShape {
  const schema = asSchema(requestSchema);
  return {
    schema,
    properties: Object.entries(asSchema(schema.properties)).map(([name, s]) => [name, asSchema(s)] as const),
    required: Array.isArray(schema.required) ? (schema.required as string[]) : [],
  };
}

/** The length bounds of a string property, when it has any. */
export function lengthBounds(prop: Schema): { min?: number; max?: number } {
  return {
    ...(typeof prop.minLength === 'number' ? { min: prop.minLength } : {}),
    ...(typeof prop.maxLength === 'number' ? { max: prop.maxLength } : {}),
  };
}

/** The schema of a map's values (`additionalProperties: {…}`), when the property is a map. */
export function mapValues(prop: Schema): Schema | undefined {
  const values = prop.additionalProperties;
  return values !== undefined && values !== null && typeof values === 'object' ? asSchema(values) : undefined;
}
