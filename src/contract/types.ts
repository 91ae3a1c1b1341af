/**
 * Rule names, in the style of Schemathesis' checks. Each is counted on its own in the report.
 * The harness's own rules come first: no usable answer (`transport`) or a body past the harness's
 * size cap (`body-size`). The document says neither; both profiles check them.
 */
export const HARNESS_RULES = ['transport', 'body-size'] as const;
/** The `spec` rules: exactly what the document says of the response. */
export const SPEC_RULES = ['status-declared', 'content-type', 'json-parse', 'body-schema'] as const;
/** The semantic rules the `strict` profile adds: what a schema without `required` lists cannot say. */
export const STRICT_RULES = ['fields-present', 'chat-id-unique', 'created-at-window', 'agent-echo', 'assistant-message', 'soft-failure', 'error-status-match'] as const;
export const RULES = [...HARNESS_RULES, ...SPEC_RULES, ...STRICT_RULES] as const;
export type RuleName = (typeof RULES)[number];

export interface Violation {
  rule: RuleName;
  message: string;
  /** JSON pointer into the schema that failed, for schema rules. */
  schemaPath?: string;
  /** JSON pointer into the response body that failed, for schema rules. */
  instancePath?: string;
}

export type Profile = 'spec' | 'strict';
