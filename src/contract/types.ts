/** Rule names, in the style of Schemathesis' checks. Each is counted on its own in the report. */
export const RULES = ['transport', 'status-declared', 'content-type', 'json-parse', 'body-schema', 'body-size'] as const;
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
