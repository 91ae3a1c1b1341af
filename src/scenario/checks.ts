import { DEFAULT_CLOCK_SKEW_MS } from '../contract/checker.js';
import { DEFAULT_MAX_GROUPS } from '../record/groups.js';
import type { InputProblem } from '../errors.js';
import { parseDuration } from '../units.js';

/** The `checks:` section as written. */
export interface ChecksFile {
  /** Bytes, or a size with a unit: 1MiB, 512KiB, 2MB. */
  bodySizeLimit?: number | string;
  clockSkew?: string;
  samplesPerRule?: number;
  /** Agents kept apart in per-agent figures (the scenario's first N); later ones are counted as `other`. */
  maxGroups?: number;
}

/** The `checks:` section with defaults applied. */
export interface ChecksSpec {
  bodySizeLimitBytes: number;
  clockSkewMs: number;
  samplesPerRule: number;
  maxGroups: number;
}

export const DEFAULT_SAMPLES_PER_RULE = 5;
/** 1 MiB: the client's own default cap. */
export const DEFAULT_BODY_SIZE_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_CHECKS: ChecksSpec = { bodySizeLimitBytes: DEFAULT_BODY_SIZE_LIMIT_BYTES, clockSkewMs: DEFAULT_CLOCK_SKEW_MS, samplesPerRule: DEFAULT_SAMPLES_PER_RULE, maxGroups: DEFAULT_MAX_GROUPS };

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2, gb: 1000 ** 3, gib: 1024 ** 3 };

/** "1MiB" → 1048576; a plain number is bytes. Undefined when it is not a size. */
export function parseByteSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()]!);
  return bytes > 0 ? bytes : undefined;
}

/** Fills in defaults for the `checks:` section; bad values become problems naming the field. Pure. */
export function normaliseChecks(checks: ChecksFile | undefined, file: string, problems: InputProblem[]): ChecksSpec {
  const out = { ...DEFAULT_CHECKS };
  if (!checks) return out;
  if (checks.bodySizeLimit !== undefined) {
    const bytes = parseByteSize(checks.bodySizeLimit);
    if (bytes === undefined) problems.push({ file, field: 'checks.bodySizeLimit', message: `${JSON.stringify(checks.bodySizeLimit)} is not a size`, fix: 'write a number of bytes such as 1048576, or a size with a unit, e.g. 1MiB or 512KiB' });
    else out.bodySizeLimitBytes = bytes;
  }
  if (checks.clockSkew !== undefined) {
    const ms = parseDuration(checks.clockSkew);
    if (ms === undefined) problems.push({ file, field: 'checks.clockSkew', message: `${JSON.stringify(checks.clockSkew)} is not a duration`, fix: 'write a duration with a unit, e.g. 5s or 500ms' });
    else out.clockSkewMs = ms;
  }
  if (checks.samplesPerRule !== undefined) out.samplesPerRule = checks.samplesPerRule;
  if (checks.maxGroups !== undefined) out.maxGroups = checks.maxGroups;
  return out;
}
