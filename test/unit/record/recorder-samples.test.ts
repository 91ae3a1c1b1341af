import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/exchange.js';
import { Recorder } from '../../../src/record/recorder.js';

const broken = (seq: number): Exchange => ({
  request: { seq, body: { agentId: 'a', input: `question ${seq}` } },
  sentAt: seq,
  endAt: seq + 1,
  status: 201,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{"status":"done"}'),
});

/** The seqs of the samples a recorder keeps for 1,000 exchanges that all broke one rule. */
function sampledSeqs(seed: number | undefined, samplesPerRule = 5): number[] {
  const recorder = new Recorder({ startedAt: 0, samplesPerRule, ...(seed !== undefined ? { seed } : {}) });
  for (let seq = 0; seq < 1000; seq++) recorder.record(broken(seq), [{ rule: 'body-schema', message: 'status is not one of the allowed values' }]);
  return recorder.state().samples['body-schema']!.map((s) => s.request.seq);
}

describe('the sample reservoir is seeded', () => {
  it('the same seed keeps the same samples, run after run; another seed keeps others', () => {
    const first = sampledSeqs(7);
    expect(first).toHaveLength(5);
    // Uniform over the run: 1,000 offers leave few of the first five in place.
    expect(first.filter((seq) => seq >= 5).length).toBeGreaterThanOrEqual(3);
    expect(sampledSeqs(7)).toEqual(first);
    expect(sampledSeqs(8)).not.toEqual(first);
    // No seed is seed 1, not a fresh random draw.
    expect(sampledSeqs(undefined)).toEqual(sampledSeqs(1));
  });

  it('keeps exactly K, each a different exchange', () => {
    for (const k of [1, 3, 10]) {
      const seqs = sampledSeqs(3, k);
      expect(seqs).toHaveLength(k);
      expect(new Set(seqs).size).toBe(k);
    }
  });
});
