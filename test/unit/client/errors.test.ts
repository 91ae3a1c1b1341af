import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../src/client/errors.js';

const errno = (code: string, message = `connect ${code} 127.0.0.1:4010`) => Object.assign(new Error(message), { code });

describe('classifyTransportError', () => {
  it.each(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS'])('%s is the generator running out, not the target failing', (code) => {
    expect(classifyTransportError(errno(code))).toEqual({ kind: 'generator', code, message: `connect ${code} 127.0.0.1:4010` });
  });

  it('finds a local shortage wrapped as the cause of another error', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: errno('EMFILE') });
    expect(classifyTransportError(wrapped).kind).toBe('generator');
  });

  it('keeps the target-side kinds as they were', () => {
    expect(classifyTransportError(errno('ECONNREFUSED')).kind).toBe('refused');
    expect(classifyTransportError(errno('ECONNRESET')).kind).toBe('reset');
  });
});
