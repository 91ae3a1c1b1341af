import type { CaseContext } from './cases.js';

/**
 * Cases below the schema: the body missing, empty or not an object, the media type missing or
 * wrong, a method the document does not declare, bytes that are not UTF-8, duplicate keys and a
 * body past the size limit. Expectations come from the operation's requestBody (required,
 * application/json), its declared responses and the RFCs the document builds on. Pure.
 */

const OPERATION = '#/paths/~1v1~1chats/post';
const REQUEST_BODY = `${OPERATION}/requestBody`;
const JSON_CONTENT = `${REQUEST_BODY}/content/application~1json`;

/** Methods sent to /v1/chats besides POST: ones that carry a body, so a server that ignores the method would create a chat. */
export const WRONG_METHODS = ['PUT', 'PATCH'] as const;

/** The text as UTF-8 with `fill` spliced in where `marker` was. */
function bytesWith(text: string, marker: string, fill: Uint8Array): Uint8Array {
  const [before, after] = text.split(marker) as [string, string];
  return Buffer.concat([Buffer.from(before, 'utf8'), fill, Buffer.from(after, 'utf8')]);
}

export function rawCases(ctx: CaseContext): void {
  const { base } = ctx;
  const validText = JSON.stringify(base);
  const bad = (why: string) => `${why}: a bad request (400)`;

  ctx.add({ id: 'raw/no-body', group: 'raw', title: 'no body and no Content-Type', source: `${REQUEST_BODY}/required`, why: bad('the request body is required') }, { noBody: true, contentType: null }, 400);
  ctx.add({ id: 'raw/empty-body', group: 'raw', title: 'an empty body sent as application/json', source: `${REQUEST_BODY}/required`, why: bad('the request body is required, and zero bytes are not a JSON text') }, { rawBody: '' }, 400);

  for (const [name, value] of [['null', null], ['array', []], ['string', 'x'], ['number', 42]] as const) {
    ctx.add(
      { id: `body/${name}`, group: 'body', title: `a body that is ${name === 'array' ? 'an empty array' : name === 'null' ? 'null' : `a JSON ${name}`} (${JSON.stringify(value)})`, source: '#/components/schemas/CreateChatRequest/type', why: bad('CreateChatRequest is an object') },
      { body: value },
      400,
    );
  }

  ctx.add({ id: 'raw/malformed-json', group: 'raw', title: 'malformed JSON body', source: JSON_CONTENT, why: bad('the body is declared application/json and this is not JSON') }, { rawBody: `${validText.slice(0, -1)},` }, 400);
  ctx.add(
    { id: 'raw/content-type', group: 'raw', title: 'valid JSON sent as text/plain', source: `${REQUEST_BODY}/content`, why: bad('application/json is the only declared media type'), assumption: 'an undeclared media type is answered 400, the declared bad-request status, not an undeclared 415 (docs/contract.md point 4)' },
    { rawBody: validText, contentType: 'text/plain' },
    400,
  );
  ctx.add(
    { id: 'raw/no-content-type', group: 'raw', title: 'valid JSON with no Content-Type header', source: `${REQUEST_BODY}/content`, why: bad('application/json is the only declared media type and the request names none'), assumption: 'a missing Content-Type is answered 400, as a wrong one is; the server must not guess (docs/contract.md point 4)' },
    { rawBody: validText, contentType: null },
    400,
  );

  const marker = 'CHATLOAD_NOT_UTF8';
  const withMarker = JSON.stringify({ ...base, input: `invalid UTF-8 here: ${marker} end` });
  ctx.add(
    { id: 'raw/invalid-utf8', group: 'raw', title: 'bytes that are not UTF-8 inside the input string (C3 28, FF)', source: JSON_CONTENT, why: bad('JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1): the body is not a JSON text'), assumption: 'a server must refuse invalid UTF-8, not replace it with U+FFFD (docs/contract.md point 16)' },
    { rawBody: bytesWith(withMarker, marker, Uint8Array.from([0xc3, 0x28, 0xff])) },
    400,
  );

  const { input: _input, ...rest } = base;
  const restText = JSON.stringify(rest).slice(1, -1);
  const duplicated = `{"input":${JSON.stringify('chatload: the first of two input keys')},${restText}${restText ? ',' : ''}"input":${JSON.stringify(ctx.inputs.input)}}`;
  ctx.add(
    {
      id: 'raw/duplicate-keys',
      group: 'raw',
      title: 'a body with the key "input" twice',
      source: JSON_CONTENT,
      why: 'RFC 8259 §4: names within an object SHOULD be unique, and what a parser does with duplicates is up to it; the document is silent. Refused (400) or read with the last value winning (201, as ECMAScript JSON.parse does) are both declared answers; a 5xx is not',
      assumption: 'duplicate keys get 400 or 201 (last one wins), never an error of the server (docs/contract.md point 17)',
    },
    { rawBody: duplicated },
    201,
    [400],
  );

  const limit = ctx.inputs.bodyLimitBytes;
  const overhead = Buffer.byteLength(JSON.stringify({ ...base, input: '' }));
  const oversized = JSON.stringify({ ...base, input: 'x'.repeat(Math.max(0, limit + 1 - overhead)) });
  ctx.add(
    {
      id: 'raw/oversized-body',
      group: 'raw',
      title: `a body of ${Buffer.byteLength(oversized).toLocaleString('en-US')} bytes, one past the ${limit.toLocaleString('en-US')}-byte limit (--body-limit)`,
      source: '#/properties/input/maxLength',
      why: 'its input is far over maxLength as well, so the document answers 400 whatever the server\'s size limit; the body goes past the limit the target is expected to enforce',
      assumption: 'a body over the size limit is answered 400; the real API may answer 413, which the document does not declare: that fails status-declared, with the size that caused it (docs/contract.md point 4)',
    },
    { rawBody: oversized },
    400,
  );

  const others = ctx.inputs.declared4xx;
  for (const method of WRONG_METHODS) {
    ctx.add(
      {
        id: `method/${method}`,
        group: 'method',
        title: `${method} /v1/chats with a valid body`,
        source: '#/paths/~1v1~1chats',
        why: `the document declares only POST on /v1/chats: 405 Method Not Allowed with an Allow header naming POST (RFC 9110 §15.5.6), or a declared error (${others.join(', ')}); never a chat created`,
        assumption: 'a method the document does not declare gets 405 (with Allow) or a declared 4xx (docs/contract.md point 18)',
      },
      { method, body: base },
      405,
      others,
    );
  }
}
