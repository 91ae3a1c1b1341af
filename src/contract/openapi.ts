import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The few parts of an OpenAPI 3.0 document the harness reads. */
export interface OpenApiMediaType {
  schema?: JsonSchema;
}
export interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}
export interface OpenApiOperation {
  operationId?: string;
  requestBody?: { required?: boolean; content?: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
// JSON Schema objects are open-ended by nature; they are walked, never trusted.
export type JsonSchema = { [key: string]: unknown };

export const VENDORED_SPEC_PATH = fileURLToPath(new URL('./openapi.yaml', import.meta.url));

// `npm run build` writes the document as JSON beside the compiled module too: loading the YAML
// parser and parsing costs ~0.1 s at every start and again in every worker thread.
const PARSED_PATH = fileURLToPath(new URL('./openapi.json', import.meta.url));

/** Reads the vendored copy of the vendor's document (once per process). */
let cached: OpenApiDocument | undefined;
export function readVendoredSpec(): OpenApiDocument {
  if (cached) return cached;
  if (existsSync(PARSED_PATH)) return (cached = JSON.parse(readFileSync(PARSED_PATH, 'utf8')) as OpenApiDocument);
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return (cached = parse(readFileSync(VENDORED_SPEC_PATH, 'utf8')) as OpenApiDocument);
}
