import { describe, expect, it } from 'vitest';
import type { Exchange, TransportErrorKind } from '../../../src/exchange.js';
import { addStatusAgentCounts, RequestCounts } from '../../../src/record/request-counts.js';

const answer = (agentId: string, status: number): Exchange => ({ request: { seq: 0, body: { agentId, input: 'hi' } }, sentAt: 0, endAt: 1, status });
const failure = (agentId: string, kind: TransportErrorKind, status?: number): Exchange => ({ request: { seq: 0, body: { agentId, input: 'hi' } }, sentAt: 0, endAt: 1, ...(status ? { status } : {}), error: { kind, message: kind } });

describe('requests by status and agent group', () => {
  it('count answers by HTTP status and failures by transport error kind', () => {
    const counts = new RequestCounts(['a', 'b'], 50);
    counts.count(answer('a', 201));
    counts.count(answer('a', 201));
    counts.count(answer('b', 429));
    counts.count(failure('b', 'timeout', 201)); // a timeout after the headers is a transport failure, not a 201
    counts.count(failure('a', 'generator'));
    expect(counts.snapshot()).toEqual({ '201': { a: 2 }, '429': { b: 1 }, timeout: { b: 1 }, generator: { a: 1 } });
  });

  it('fold agents past maxGroups, and ids not in the list, into other', () => {
    const counts = new RequestCounts(['a', 'b', 'c', 'd'], 2);
    for (const id of ['a', 'b', 'c', 'd', 'stranger']) counts.count(answer(id, 201));
    expect(counts.snapshot()).toEqual({ '201': { a: 1, b: 1, other: 3 } });
  });

  it('give an id listed twice the group of its first place', () => {
    const counts = new RequestCounts(['a', 'b', 'a'], 1);
    counts.count(answer('a', 201));
    counts.count(answer('b', 201));
    expect(counts.snapshot()).toEqual({ '201': { a: 1, other: 1 } });
  });

  it('add up (workers into one)', () => {
    const sum = addStatusAgentCounts({ '201': { a: 1 } }, { '201': { a: 2, b: 1 }, '500': { a: 1 } });
    expect(sum).toEqual({ '201': { a: 3, b: 1 }, '500': { a: 1 } });
  });
});
