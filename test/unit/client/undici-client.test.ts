import { createRequire } from 'node:module';
import { Client } from 'undici';
import { describe, expect, it } from 'vitest';

describe('the client loads undici\'s Client alone (src/client/http-client.ts)', () => {
  it('the module it requires is the class undici exports (an upgrade that moves it fails here)', () => {
    expect(createRequire(import.meta.url)('undici/lib/dispatcher/client.js')).toBe(Client);
  });
});
