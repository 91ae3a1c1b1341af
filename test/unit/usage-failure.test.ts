import { describe, expect, it } from 'vitest';
import { explainUsageFailure } from '../../src/usage-failure.js';

describe('explainUsageFailure', () => {
  it('names the unknown flag once, as typed, with the fix', () => {
    expect(explainUsageFailure('Unknown arguments: bogus-flag, bogusFlag')).toBe('(command line): --bogus-flag: is not a known option (fix: check the spelling; "chatload run --help" lists the options)');
    expect(explainUsageFailure('Unknown argument: q')).toContain('-q: is not a known option');
    expect(explainUsageFailure('Unknown arguments: xx, yy')).toContain('--xx, --yy: are not known options');
  });
  it('passes other messages through', () => {
    expect(explainUsageFailure('Missing required argument: scenarios')).toBe('Missing required argument: scenarios');
  });
});
