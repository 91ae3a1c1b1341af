import { createRequire } from 'node:module';
import type { Ajv, CodeOptions, Format, ValidateFunction } from 'ajv';
import { isRfc3339DateTime } from './date-time.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './openapi.js';
import { ajvFormats, loadPrecompiled, type Validators } from '../precompiled.js';

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

// Absolute, so refs resolve the same whatever key a validator is registered under.
const COMPONENTS_ID = 'https://chatload.invalid/openapi-components.json';
// Ajv (CommonJS) loads only when a validator must be compiled here (a run from
// dist/ uses the ones `npm run build` precompiled: compiling costs ~0.1 s at every start and again
// in every worker thread).
const requireCjs = createRequire(import.meta.url);

/** The formats the contract's validators call: ajv-formats', with RFC 3339's own `date-time`. */
export function contractFormats(): Record<string, Format> {
  // ajv-formats' date-time takes a space for the `T`; RFC 3339, which OpenAPI names, does not.
  return { ...ajvFormats(), 'date-time': { type: 'string', validate: isRfc3339DateTime } };
}

/**
 * OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4/5. Ajv in strict mode
 * refuses keywords it does not know, so each one the dialect adds is declared
 * here on purpose instead of turning strict mode off. `code` is for the build's
 * standalone validators (scripts/build-assets.mjs).
 */
export function createContractAjv(components: Record<string, JsonSchema>, code?: CodeOptions): Ajv {
  const { Ajv } = requireCjs('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: false, formats: contractFormats(), ...(code ? { code } : {}) });
  // Annotations: they describe, they never constrain. No schemaType: an `example` may be any JSON
  // value, null included (Ajv's schemaType "null" never matches a null).
  for (const keyword of ['example', 'xml', 'externalDocs']) ajv.addKeyword({ keyword });
  ajv.addKeyword({ keyword: 'discriminator', schemaType: 'object' });
  // `nullable` (OpenAPI 3.0) is understood by Ajv itself.
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(components) as JsonSchema });
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

/** The validator's name for a declared response body: "response 201 application/json". */
export const responseValidatorName = (status: string, mediaType: string) => `response ${status.toUpperCase()} ${mediaType.toLowerCase()}`;
export const REQUEST_VALIDATOR_NAME = 'request';

function createChatOperation(doc: OpenApiDocument): OpenApiOperation {
  const operation: OpenApiOperation | undefined = doc.paths[CREATE_CHAT_PATH]?.[CREATE_CHAT_METHOD];
  if (!operation) throw new Error(`the OpenAPI document has no ${CREATE_CHAT_METHOD.toUpperCase()} ${CREATE_CHAT_PATH}`);
  return operation;
}

/** Every schema the contract validates against, by validator name, refs pointing at the components' id. */
export function contractValidatorSchemas(doc: OpenApiDocument): Map<string, JsonSchema> {
  const operation = createChatOperation(doc);
  const schemas = new Map<string, JsonSchema>();
  for (const [status, response] of Object.entries(operation.responses)) {
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      if (media.schema) schemas.set(responseValidatorName(status, mediaType), rewriteRefs(media.schema) as JsonSchema);
    }
  }
  const requestMedia = operation.requestBody?.content?.['application/json'];
  if (!requestMedia?.schema) throw new Error('the operation declares no application/json request body');
  schemas.set(REQUEST_VALIDATOR_NAME, rewriteRefs(requestMedia.schema) as JsonSchema);
  return schemas;
}

/** The vendored document's validators as `npm run build` wrote them (`file`: for tests); undefined when running from source. */
export function precompiledContractValidators(file = new URL('./validators.cjs', import.meta.url)): Validators | undefined {
  return loadPrecompiled(file, contractFormats);
}

/**
 * The contract's checks for one document. `precompiled` holds validators built from this same
 * document (by name); any it lacks is compiled here.
 */
export function compileContract(doc: OpenApiDocument, precompiled?: Validators): CompiledContract {
  const operation = createChatOperation(doc);
  const components = doc.components?.schemas ?? {};
  const validatorSchemas = contractValidatorSchemas(doc);
  let ajv: Ajv | undefined;
  const validator = (name: string): ValidateFunction => precompiled?.[name] ?? (ajv ??= createContractAjv(components)).compile(validatorSchemas.get(name)!);

  const responses = new Map<string, ResponseContract>();
  for (const [status, response] of Object.entries(operation.responses)) {
    const mediaTypes = new Map<string, ValidateFunction | undefined>();
    const inlined = new Map<string, JsonSchema>();
    for (const [mediaType, media] of Object.entries(response.content ?? {})) {
      mediaTypes.set(mediaType.toLowerCase(), media.schema ? validator(responseValidatorName(status, mediaType)) : undefined);
      if (media.schema) inlined.set(mediaType.toLowerCase(), inlineRefs(media.schema, components) as JsonSchema);
    }
    responses.set(status.toUpperCase(), { mediaTypes, schemas: inlined });
  }

  const requestSchema = operation.requestBody!.content!['application/json']!.schema!;
  return {
    operationId: operation.operationId ?? 'createChat',
    responses,
    validateRequest: validator(REQUEST_VALIDATOR_NAME),
    requestSchema: inlineRefs(requestSchema, components) as JsonSchema,
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
