import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

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

/** Reads the vendored copy of the vendor's document (once per process). */
let cached: OpenApiDocument | undefined;
export function readVendoredSpec(): OpenApiDocument {
  cached ??= parse(readFileSync(VENDORED_SPEC_PATH, 'utf8')) as OpenApiDocument;
  return cached;
}
