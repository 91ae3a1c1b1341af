import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isRfc3339DateTime } from './date-time.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './openapi.js';

export const CREATE_CHAT_PATH = '/v1/chats';
export const CREATE_CHAT_METHOD = 'post';

/** One compiled validator per declared (status, media type) of the operation. */
export interface ResponseContract {
  /** Declared media types, lower-case, without parameters; empty when the response has no body. */
  mediaTypes: Map<string, ValidateFunction | undefined>;
  /** The same media types' schemas with refs inlined, for the semantic rules that walk them. */
  schemas: Map<string, JsonSchema>;
}

export interface CompiledContract {
  operationId: string;
  /** Keys are as declared: "201", "4XX", "default". */
  responses: Map<string, ResponseContract>;
  validateRequest: ValidateFunction;
  /** The request schema with refs resolved, for generators that walk it. */
  requestSchema: JsonSchema;
}

const COMPONENTS_ID = 'openapi-components';

/**
 * OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4/5. Ajv in strict mode
 * refuses keywords it does not know, so each one the dialect adds is declared
 * here on purpose instead of turning strict mode off.
 */
function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: false });
  addFormats.default(ajv);
  // ajv-formats' date-time takes a space for the `T`; RFC 3339, which OpenAPI names, does not.
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  // Annotations: they describe, they never constrain.
  for (const keyword of ['example', 'xml', 'externalDocs']) {
    ajv.addKeyword({ keyword, schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
  }
  ajv.addKeyword({ keyword: 'discriminator', schemaType: 'object' });
  // `nullable` (OpenAPI 3.0) is understood by Ajv itself.
  return ajv;
}

/** Rewrites `#/components/schemas/X` to the id under which the components are registered. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out[key] = `${COMPONENTS_ID}#/$defs/${value.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

/** Inlines refs (no cycles in this document) so a generator can walk one plain schema. */
function inlineRefs(node: unknown, schemas: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 32) throw new Error('schema nesting too deep (cyclic $ref?)');
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, schemas, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as JsonSchema).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const target = schemas[ref.slice('#/components/schemas/'.length)];
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return inlineRefs(target, schemas, depth + 1);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = inlineRefs(value, schemas, depth + 1);
  return out;
}

export function normaliseMediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function compileContract(doc: OpenApiDocument): CompiledContract {
  const operation: OpenApiOperation | undefined = doc.paths[CREATE_CHAT_PATH]?.[CREATE_CHAT_METHOD];
  if (!operation) throw new Error(`the OpenAPI document has no ${CREATE_CHAT_METHOD.toUpperCase()} ${CREATE_CHAT_PATH}`);
  const schemas = doc.components?.schemas ?? {};
  const ajv = createAjv();
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(schemas) as JsonSchema });

  const responses = new Map<string, ResponseContract>();
  for (const [status, response] of Object.entries(operation.responses)) {
    const mediaTypes = new Map<string, ValidateFunction | undefined>();
    const inlined = new Map<string, JsonSchema>();
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      const schema = media.schema ? ajv.compile(rewriteRefs(media.schema) as JsonSchema) : undefined;
      mediaTypes.set(mediaType.toLowerCase(), schema);
      if (media.schema) inlined.set(mediaType.toLowerCase(), inlineRefs(media.schema, schemas) as JsonSchema);
    }
    responses.set(status.toUpperCase(), { mediaTypes, schemas: inlined });
  }

  const requestMedia = operation.requestBody?.content?.['application/json'];
  if (!requestMedia?.schema) throw new Error('the operation declares no application/json request body');
  return {
    operationId: operation.operationId ?? 'createChat',
    responses,
    validateRequest: ajv.compile(rewriteRefs(requestMedia.schema) as JsonSchema),
    requestSchema: inlineRefs(requestMedia.schema, schemas) as JsonSchema,
  };
}

/** The declared response for a status: exact code first, then its range ("4XX"), then "default". */
export function declaredResponse(contract: CompiledContract, status: number): ResponseContract | undefined {
  return (
    contract.responses.get(String(status)) ??
    contract.responses.get(`${Math.floor(status / 100)}XX`) ??
    contract.responses.get('DEFAULT')
  );
}
