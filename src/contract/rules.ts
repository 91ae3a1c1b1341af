import { isUtf8 } from 'node:buffer';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Exchange } from '../exchange.js';
import { declaredResponse, normaliseMediaType, type CompiledContract } from './compile.js';
import type { Violation } from './types.js';

export interface CheckResult {
  violations: Violation[];
  /** The parsed JSON body, when there was one that parsed. */
  json?: unknown;
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
 * The `spec` rules: exactly what the document says of the response. Pure; never throws.
 * Returns at most one violation per rule, so counts per rule are counts of exchanges.
 */
export function checkExchange(exchange: Exchange, contract: CompiledContract): CheckResult {
  if (exchange.error) {
    const code = exchange.error.code ? ` ${exchange.error.code}` : '';
    return { violations: [{ rule: 'transport', message: `${exchange.error.kind}${code}: ${exchange.error.message}` }] };
  }
  const status = exchange.status ?? 0;
  const declared = declaredResponse(contract, status);
  if (!declared) {
    const known = [...contract.responses.keys()].join(', ');
    return { violations: [{ rule: 'status-declared', message: `status ${status} is not declared for this operation (declared: ${known})` }] };
  }
  if (exchange.truncated) {
    return { violations: [{ rule: 'body-size', message: `response body exceeded the size cap; reading stopped at ${exchange.body?.length ?? 0} bytes` }] };
  }

  const contentType = exchange.headers?.['content-type'];
  const mediaType = normaliseMediaType(contentType);
  const bodyLength = exchange.body?.length ?? 0;
  if (declared.mediaTypes.size === 0) {
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
    return { violations: [{ rule: 'json-parse', message: `${status} body is not valid UTF-8 (${exchange.body.length} bytes)` }] };
  }
  let json: unknown;
  const text = exchange.body?.toString('utf8') ?? '';
  try {
    json = JSON.parse(text);
  } catch (error) {
    const excerpt = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return { violations: [{ rule: 'json-parse', message: `${status} body is not valid JSON (${(error as Error).message}): ${JSON.stringify(excerpt)}` }] };
  }
  const validate = declared.mediaTypes.get(mediaType);
  if (validate && !validate(json)) return { violations: [schemaViolation(validate, status)], json };
  return { violations: [], json };
}
