import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/index.js';
import { readVendoredSpec } from '../../../src/contract/openapi.js';

describe('the vendored contract', () => {
  it('is read once per process: the same document every time', () => {
    const doc = readVendoredSpec();
    expect(readVendoredSpec()).toBe(doc);
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(doc.paths['/v1/chats']?.post?.operationId).toBe('createChat');
  });

  it('is compiled once per process: the same contract every time', () => {
    const contract = loadContract();
    expect(loadContract()).toBe(contract);
    expect(contract.operationId).toBe('createChat');
  });
});
