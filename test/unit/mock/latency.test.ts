import { describe, expect, it } from 'vitest';
import { latencySampler } from '../../../src/mock/latency.js';
import { createRng } from '../../../src/random.js';

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('latencySampler', () => {
  it('fixed gives the same delay, plus the cost per input character', () => {
    const sample = latencySampler({ kind: 'fixed', ms: 20, perInputCharMs: 0.5 }, createRng(1));
    expect(sample(0)).toBe(20);
    expect(sample(10)).toBe(25);
  });

  it('adds the cost per earlier turn of the chat: turn k waits (k − 1) × perTurn more', () => {
    const sample = latencySampler({ kind: 'fixed', ms: 20, perInputCharMs: 0.5, perTurnMs: 30 }, createRng(1));
    expect([sample(0), sample(0, 1), sample(0, 2), sample(10, 3)]).toEqual([20, 20, 50, 85]);
  });

  it('uniform stays inside its range', () => {
    const sample = latencySampler({ kind: 'uniform', minMs: 5, maxMs: 40 }, createRng(2));
    const values = Array.from({ length: 5000 }, () => sample(0));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...values)).toBeLessThan(40);
    expect(quantile(values, 0.5)).toBeCloseTo(22.5, 0);
  });

  it('log-normal meets the median and p99 it was given', () => {
    const sample = latencySampler({ kind: 'lognormal', medianMs: 40, p99Ms: 250 }, createRng(3));
    const values = Array.from({ length: 40_000 }, () => sample(0));
    expect(quantile(values, 0.5)).toBeGreaterThan(40 * 0.95);
    expect(quantile(values, 0.5)).toBeLessThan(40 * 1.05);
    expect(quantile(values, 0.99)).toBeGreaterThan(250 * 0.9);
    expect(quantile(values, 0.99)).toBeLessThan(250 * 1.1);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same delays', () => {
    const model = { kind: 'lognormal', medianMs: 10, p99Ms: 100 } as const;
    const a = latencySampler(model, createRng(42));
    const b = latencySampler(model, createRng(42));
    const c = latencySampler(model, createRng(43));
    const seqA = Array.from({ length: 50 }, () => a(3));
    expect(Array.from({ length: 50 }, () => b(3))).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c(3))).not.toEqual(seqA);
  });
});
