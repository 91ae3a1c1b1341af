import { describe, expect, it } from 'vitest';
import { MAX_NESTING, NESTING_FIX, NESTING_MESSAGE, nestsDeeperThan } from '../../../src/scenario/nesting.js';

/** nestsDeeperThan at its edges: leaves, the limit, and objects shared the way YAML aliases share them. */

describe('nestsDeeperThan edges', () => {
  it('leaves are no level: null, strings, numbers, at the top or inside', () => {
    for (const value of [null, undefined, 'text', 3, true]) expect(nestsDeeperThan(value, 0), String(value)).toBe(false);
    expect(nestsDeeperThan({ a: null, b: [null, 'x', 1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: 'a long string of letters' }, 1)).toBe(false);
  });

  it('the limit is the deepest level allowed', () => {
    expect(nestsDeeperThan([1], 1)).toBe(false);
    expect(nestsDeeperThan([[1]], 1)).toBe(true);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan([[[]]], 3)).toBe(false);
  });

  it('an object shared at two depths counts at the deeper one, whichever is walked first', () => {
    const shared = [[1]];
    // Through `deep`, shared's inner list is at level 5; through `shallow`, at level 3.
    expect(nestsDeeperThan({ deep: [[shared]], shallow: shared }, 4)).toBe(true);
    expect(nestsDeeperThan({ shallow: shared, deep: [[shared]] }, 4)).toBe(true);
    expect(nestsDeeperThan({ deep: [[shared]], shallow: shared }, 5)).toBe(false);
  });

  it('an object shared many times at one depth is walked once there (aliases of aliases stay quick)', () => {
    let node: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 40; i++) node = { a: node, b: node };
    expect(nestsDeeperThan(node, 200)).toBe(false);
    expect(nestsDeeperThan(node, 40)).toBe(true);
  });

  it('the message names the limit, and the fix says what to do', () => {
    expect(MAX_NESTING).toBe(64);
    expect(NESTING_MESSAGE).toBe('is nested too deeply: more than 64 levels of lists or mappings');
    expect(NESTING_FIX).toBe('flatten it; a scenario, dynamic variables included, needs only a few levels');
  });
});
