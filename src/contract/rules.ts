import { isUtf8 } from 'node:buffer';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { redactSecrets } from '../redact.js';
import { contentTypeOf, type Exchange } from '../exchange.js';
import { declaredResponse, normaliseMediaType, type CompiledContract, type ResponseContract } from './compile.js';
import type { JsonSchema } from './openapi.js';
import type { Violation } from './types.js';

export interface CheckResult {
  violations: Violation[];
  /** The parsed JSON body, when there was one that parsed. */
  json?: unknown;
  /** The declared schema the body was checked against (refs inlined), for the strict rules. */
  schema?: JsonSchema;
  /** Where in the body `body-schema` failed (every error's instance path), so a strict rule does not count the same fault again. */
  schemaErrorPaths?: string[];
}

const declaredByStatus = new WeakMap<CompiledContract, Map<number, ResponseContract | undefined>>();

/** `declaredResponse`, remembered per status: the hot path asks it for the same few codes. */
export function declaredFor(contract: CompiledContract, status: number): ResponseContract | undefined {
  let byStatus = declaredByStatus.get(contract);
  if (!byStatus) declaredByStatus.set(contract, (byStatus = new Map()));
  if (byStatus.has(status)) return byStatus.get(status);
  const declared = declaredResponse(contract, status);
  if (byStatus.size < 1000) byStatus.set(status, declared);
  return declared;
}

let lastContentType: string | undefined;
let lastMediaType: string | undefined;

/** `normaliseMediaType` with the last answer kept: a run sees the same header again and again. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType !== lastContentType) {
    lastMediaType = normaliseMediaType(contentType);
    lastContentType = contentType;
  }
  return lastMediaType;
}

const MAX_SCHEMA_ERRORS_IN_MESSAGE = 3;

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function describeSchemaErrors(errors: ErrorObject[]): string {
  const shown = errors.slice(0, MAX_SCHEMA_ERRORS_IN_MESSAGE).map((e) => {
    const where = e.instancePath || '(root)';
    const detail =
      e.keyword === 'enum'
        ? `${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
        : e.message;
    return `${where} ${detail}`;
  });
  const more = errors.length > MAX_SCHEMA_ERRORS_IN_MESSAGE ? ` (+${errors.length - MAX_SCHEMA_ERRORS_IN_MESSAGE} more)` : '';
  return shown.join('; ') + more;
}

function schemaViolation(validate: ValidateFunction, status: number): Violation {
  const errors = validate.errors ?? [];
  const first = errors[0];
  return {
    rule: 'body-schema',
    message: `${status} body does not match its schema: ${describeSchemaErrors(errors)}`,
    ...(first ? { schemaPath: first.schemaPath, instancePath: first.instancePath } : {}),
  };
}

/**
 * Says why a body is not JSON, with an excerpt. Built from the redacted text (parsed again on this
 * rare path): V8's message quotes the text, and a secret cut by an excerpt could not be found after.
 */
function jsonParseMessage(status: number, shown: string): string {
  let reason = 'invalid JSON';
  try {
    JSON.parse(shown);
  } catch (error) {
    reason = (error as Error).message;
  }
  const excerpt = shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
  return `${status} body is not valid JSON (${reason}): ${JSON.stringify(excerpt)}`;
}

/**
 * Why a body might not parse: a Content-Encoding. chatload sends no Accept-Encoding, so an encoded
 * answer is a finding of its own. Read only on this failure path (it builds the headers object).
 */
function encodingNote(exchange: Exchange, secrets: readonly string[]): string {
  const encoding = exchange.headers?.['content-encoding']?.trim();
  if (!encoding || encoding.toLowerCase() === 'identity') return '';
  return `; it came with Content-Encoding: ${redactSecrets(encoding, secrets)}, which chatload never asks for (it sends no Accept-Encoding)`;
}

/**
 * The harness rules (`transport`, `body-size`) and the `spec` rules: exactly what the document says of the response. Pure; never throws.
 * Returns at most one violation per rule, so counts per rule are counts of exchanges.
 */
export function checkExchange(exchange: Exchange, contract: CompiledContract, secrets: readonly string[] = []): CheckResult {
  if (exchange.error) {
    const code = exchange.error.code ? ` ${exchange.error.code}` : '';
    return { violations: [{ rule: 'transport', message: `${exchange.error.kind}${code}: ${exchange.error.message}` }] };
  }
  const status = exchange.status ?? 0;
  const declared = declaredFor(contract, status);
  if (!declared) {
    const known = [...contract.responses.keys()].join(', ');
    return { violations: [{ rule: 'status-declared', message: `status ${status} is not declared for this operation (declared: ${known})` }] };
  }
  if (exchange.truncated) {
    return { violations: [{ rule: 'body-size', message: `response body exceeded the size cap; reading stopped at ${exchange.body?.length ?? 0} bytes` }] };
  }

  const contentType = contentTypeOf(exchange);
  const mediaType = mediaTypeOf(contentType);
  if (declared.mediaTypes.size === 0) {
    const bodyLength = exchange.body?.length ?? 0;
    return bodyLength === 0
      ? { violations: [] }
      : { violations: [{ rule: 'content-type', message: `status ${status} declares no body, got ${bodyLength} bytes (${contentType ?? 'no content-type'})` }] };
  }
  if (!mediaType || !declared.mediaTypes.has(mediaType)) {
    const expected = [...declared.mediaTypes.keys()].join(', ');
    return { violations: [{ rule: 'content-type', message: `status ${status} content-type is ${contentType ? `"${contentType}"` : 'missing'}, declared: ${expected}` }] };
  }
  if (!isJsonMediaType(mediaType)) return { violations: [] };

  // JSON on the wire is UTF-8 (RFC 8259); decoding would silently turn bad bytes into U+FFFD.
  if (exchange.body && !isUtf8(exchange.body)) {
    return { violations: [{ rule: 'json-parse', message: `${status} body is not valid UTF-8 (${exchange.body.length} bytes)${encodingNote(exchange, secrets)}` }] };
  }
  let json: unknown;
  const text = exchange.body?.toString('utf8') ?? '';
  try {
    json = JSON.parse(text);
  } catch {
    return { violations: [{ rule: 'json-parse', message: jsonParseMessage(status, redactSecrets(text, secrets)) + encodingNote(exchange, secrets) }] };
  }
  const validate = declared.mediaTypes.get(mediaType);
  const schema = declared.schemas.get(mediaType);
  if (validate && !validate(json)) {
    const schemaErrorPaths = (validate.errors ?? []).map((e) => e.instancePath);
    return schema ? { violations: [schemaViolation(validate, status)], json, schema, schemaErrorPaths } : { violations: [schemaViolation(validate, status)], json, schemaErrorPaths };
  }
  return schema ? { violations: [], json, schema } : { violations: [], json };
}
