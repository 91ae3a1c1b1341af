import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  compileContract,
  contractFormats,
  contractValidatorSchemas,
  createContractAjv,
  declaredResponse,
  normaliseMediaType,
  precompiledContractValidators,
  REQUEST_VALIDATOR_NAME,
  responseValidatorName,
} from '../../../src/contract/compile.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from '../../../src/contract/openapi.js';
import { tempDir } from '../../helpers/cli.js';

const COMPONENTS_REF = 'https://chatload.invalid/openapi-components.json#/$defs/';

const components: Record<string, JsonSchema> = {
  Request: { type: 'object', properties: { agentId: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } } },
  Tag: { type: 'string', maxLength: 3 },
  Chat: { type: 'object', properties: { chatId: { type: 'string' }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } } },
};

/** A document with POST /v1/chats; `operation` replaces parts of the operation. */
function docWith(operation: Partial<OpenApiOperation> = {}, schemas: Record<string, JsonSchema> = components): OpenApiDocument {
  return {
    openapi: '3.0.1',
    paths: {
      '/v1/chats': {
        post: {
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Request' } } } },
          responses: { '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Chat' } } } } },
          ...operation,
        },
      },
    },
    components: { schemas },
  };
}

describe('normaliseMediaType', () => {
  it('drops parameters and whitespace, lower-cases, and says undefined for no header', () => {
    expect(normaliseMediaType(undefined)).toBeUndefined();
    expect(normaliseMediaType('')).toBeUndefined();
    expect(normaliseMediaType('Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(normaliseMediaType('  Text/Plain  ')).toBe('text/plain');
  });
});

describe('validator names', () => {
  it('name a response body by upper-case status and lower-case media type; the request by "request"', () => {
    expect(responseValidatorName('4xx', 'Application/JSON')).toBe('response 4XX application/json');
    expect(responseValidatorName('default', 'application/json')).toBe('response DEFAULT application/json');
    expect(REQUEST_VALIDATOR_NAME).toBe('request');
  });
});

describe('contractValidatorSchemas', () => {
  it('lists one schema per declared body plus the request, refs pointing at the components id, other refs kept', () => {
    const doc = docWith({
      responses: {
        '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Chat' } }, 'text/plain': {} } },
        '4xx': { content: { 'Application/Problem+JSON': { schema: { anyOf: [{ $ref: '#/components/schemas/Tag' }, { $ref: '#/definitions/Local' }] } } } },
        '204': { description: 'no body' },
      },
    });
    const schemas = contractValidatorSchemas(doc);
    expect([...schemas.keys()]).toEqual(['response 201 application/json', 'response 4XX application/problem+json', 'request']);
    expect(schemas.get('response 201 application/json')).toEqual({ $ref: `${COMPONENTS_REF}Chat` });
    expect(schemas.get('response 4XX application/problem+json')).toEqual({ anyOf: [{ $ref: `${COMPONENTS_REF}Tag` }, { $ref: '#/definitions/Local' }] });
    expect(schemas.get('request')).toEqual({ $ref: `${COMPONENTS_REF}Request` });
  });

  it('refuses a document without the operation or without a JSON request body', () => {
    expect(() => contractValidatorSchemas({ openapi: '3.0.1', paths: {} })).toThrow('the OpenAPI document has no POST /v1/chats');
    expect(() => contractValidatorSchemas({ openapi: '3.0.1', paths: { '/v1/chats': { get: { responses: {} } } } })).toThrow('the OpenAPI document has no POST /v1/chats');
    expect(() => contractValidatorSchemas(docWith({ requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } }))).toThrow(
      'the operation declares no application/json request body',
    );
    expect(() => contractValidatorSchemas(docWith({ requestBody: { content: { 'application/json': {} } } }))).toThrow('the operation declares no application/json request body');
    const { requestBody: _omitted, ...noBody } = docWith().paths['/v1/chats']!.post!;
    expect(() => contractValidatorSchemas({ openapi: '3.0.1', paths: { '/v1/chats': { post: noBody } } })).toThrow('the operation declares no application/json request body');
  });
});

describe('compileContract', () => {
  it('keys responses by upper-case status and media types in lower case; a response without content declares no body', () => {
    const contract = compileContract(
      docWith({
        responses: {
          '201': { content: { 'Application/JSON': { schema: { $ref: '#/components/schemas/Chat' } }, 'text/plain': {} } },
          '4xx': { content: { 'application/json': { schema: { type: 'object' } } } },
          default: { description: 'anything else' },
        },
      }),
    );
    expect([...contract.responses.keys()]).toEqual(['201', '4XX', 'DEFAULT']);
    const created = contract.responses.get('201')!;
    expect([...created.mediaTypes.keys()]).toEqual(['application/json', 'text/plain']);
    expect(created.mediaTypes.get('text/plain')).toBeUndefined();
    expect([...created.schemas.keys()]).toEqual(['application/json']);
    const other = contract.responses.get('DEFAULT')!;
    expect(other.mediaTypes.size).toBe(0);
    expect(other.schemas.size).toBe(0);
  });

  it('validates with the components resolved, and hands back schemas with the refs inlined', () => {
    const contract = compileContract(docWith());
    const validate = contract.responses.get('201')!.mediaTypes.get('application/json')!;
    expect(validate({ chatId: 'c', tags: ['abc'] })).toBe(true);
    expect(validate({ chatId: 'c', tags: ['abcd'] })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/tags/0');
    expect(contract.responses.get('201')!.schemas.get('application/json')).toEqual({
      type: 'object',
      properties: { chatId: { type: 'string' }, tags: { type: 'array', items: { type: 'string', maxLength: 3 } } },
    });
    expect(contract.requestSchema).toEqual({
      type: 'object',
      properties: { agentId: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string', maxLength: 3 } } },
    });
    expect(contract.validateRequest({ agentId: 'a' })).toBe(true);
    expect(contract.validateRequest({ agentId: '' })).toBe(false);
  });

  it('names the operation as declared, createChat when it is not', () => {
    expect(compileContract(docWith()).operationId).toBe('createChat');
    expect(compileContract(docWith({ operationId: 'startChat' })).operationId).toBe('startChat');
  });

  it('uses a precompiled validator where one is given by name and compiles the others', () => {
    const stub = (() => true) as unknown as ValidateFunction;
    const contract = compileContract(docWith(), { [REQUEST_VALIDATOR_NAME]: stub });
    expect(contract.validateRequest).toBe(stub);
    const validate = contract.responses.get('201')!.mediaTypes.get('application/json')!;
    expect(validate).not.toBe(stub);
    expect(validate({ chatId: 42 })).toBe(false);
    const all = compileContract(docWith(), { [REQUEST_VALIDATOR_NAME]: stub, 'response 201 application/json': stub });
    expect(all.responses.get('201')!.mediaTypes.get('application/json')).toBe(stub);
  });

  it('refuses a ref to a schema that does not exist, and a cyclic one it cannot inline', () => {
    const withTagRef = (tag: JsonSchema) => ({ ...components, Tag: tag });
    expect(() => compileContract(docWith({}, { ...components, Chat: { $ref: '#/components/schemas/Nope' } }))).toThrow();
    const cyclic = withTagRef({ type: 'array', items: { $ref: '#/components/schemas/Tag' } });
    expect(() => compileContract(docWith({}, cyclic))).toThrow('schema nesting too deep (cyclic $ref?)');
  });

  it('names a dangling ref in the message when only the inlining meets it', () => {
    // Ajv never compiles the request schema here (a precompiled stub stands in), so the inlining is what refuses it.
    const stub = (() => true) as unknown as ValidateFunction;
    const doc = docWith({ requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } });
    expect(() => compileContract(doc, { [REQUEST_VALIDATOR_NAME]: stub })).toThrow('unresolved $ref #/components/schemas/Nope');
  });

  it('inlines schemas nested up to 32 levels deep (leaf values counted) and refuses deeper', () => {
    const nested = (levels: number): JsonSchema => (levels === 0 ? { type: 'string' } : { type: 'array', items: nested(levels - 1) });
    const stub = (() => true) as unknown as ValidateFunction;
    const docOf = (levels: number) => docWith({ requestBody: { content: { 'application/json': { schema: nested(levels) } } } });
    // Each `items` is one level; the innermost schema sits at depth `levels`, its `type` value one deeper.
    expect(compileContract(docOf(31), { [REQUEST_VALIDATOR_NAME]: stub }).requestSchema).toEqual(nested(31));
    expect(() => compileContract(docOf(32), { [REQUEST_VALIDATOR_NAME]: stub })).toThrow('schema nesting too deep');
  });
});

describe('declaredResponse', () => {
  const contract = compileContract(
    docWith({
      responses: {
        '201': { content: { 'application/json': { schema: { type: 'object' } } } },
        '4XX': { content: { 'application/json': { schema: { type: 'object' } } } },
        '404': { description: 'not found' },
        default: { content: { 'text/plain': {} } },
      },
    }),
  );

  it('takes the exact code first, then its range, then default', () => {
    expect(declaredResponse(contract, 201)).toBe(contract.responses.get('201'));
    expect(declaredResponse(contract, 404)).toBe(contract.responses.get('404'));
    expect(declaredResponse(contract, 429)).toBe(contract.responses.get('4XX'));
    expect(declaredResponse(contract, 400)).toBe(contract.responses.get('4XX'));
    expect(declaredResponse(contract, 499)).toBe(contract.responses.get('4XX'));
    expect(declaredResponse(contract, 500)).toBe(contract.responses.get('DEFAULT'));
    expect(declaredResponse(contract, 200)).toBe(contract.responses.get('DEFAULT'));
  });

  it('is undefined when nothing matches and there is no default', () => {
    const noDefault = compileContract(docWith());
    expect(declaredResponse(noDefault, 200)).toBeUndefined();
    expect(declaredResponse(noDefault, 201)).toBe(noDefault.responses.get('201'));
  });
});

describe('createContractAjv', () => {
  it('takes the OpenAPI annotations of any type, and discriminator, without loosening strict mode', () => {
    const ajv = createContractAjv({});
    for (const example of ['text', 42, true, { a: 1 }, [1], null]) {
      expect(ajv.compile({ type: 'string', example, xml: { name: 'x' }, externalDocs: { url: 'https://example.invalid' } })('s')).toBe(true);
    }
    expect(ajv.compile({ type: 'object', discriminator: { propertyName: 'kind' }, properties: { kind: { type: 'string' } } })({ kind: 'a' })).toBe(true);
    expect(() => ajv.compile({ type: 'string', 'x-vendor-extension': true })).toThrow(/unknown keyword/);
    expect(() => ajv.compile({ type: 'object', discriminator: 'kind' })).toThrow();
  });

  it('understands nullable, and reports every error, not only the first', () => {
    const ajv = createContractAjv({});
    expect(ajv.compile({ type: 'string', nullable: true })(null)).toBe(true);
    const validate = ajv.compile({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } });
    expect(validate({ a: 1, b: 2 })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/a', '/b']);
  });

  it('compiles a schema requiring a field it does not describe (vendor documents do that)', () => {
    const validate = createContractAjv({}).compile({ type: 'object', required: ['id'], properties: { name: { type: 'string' } } });
    expect(validate({ id: 1 })).toBe(true);
    expect(validate({})).toBe(false);
  });

  it('resolves refs to the components by their registered id', () => {
    const ajv = createContractAjv({ Tag: { type: 'string', maxLength: 3 }, Tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } });
    const validate = ajv.compile({ $ref: `${COMPONENTS_REF}Tags` });
    expect(validate(['abc'])).toBe(true);
    expect(validate(['abcd'])).toBe(false);
  });

  it('passes code options through, for the build’s standalone validators', () => {
    const { default: standaloneCode } = createRequire(import.meta.url)('ajv/dist/standalone/index.js') as { default: (ajv: unknown, refs: Record<string, string>) => string };
    const ajv = createContractAjv({}, { source: true });
    ajv.addSchema({ type: 'string' }, 'one');
    expect(standaloneCode(ajv, { one: 'one' })).toContain('exports.one');
    const noCode = createContractAjv({});
    noCode.addSchema({ type: 'string' }, 'one');
    expect(() => standaloneCode(noCode, { one: 'one' })).toThrow();
  });
});

describe('contractFormats', () => {
  it('are ajv-formats’ with RFC 3339’s own date-time (no space for the T)', () => {
    const formats = contractFormats();
    const dateTime = formats['date-time'] as { type: string; validate: (s: string) => boolean };
    expect(dateTime.type).toBe('string');
    expect(dateTime.validate('2026-12-02T02:22:19Z')).toBe(true);
    expect(dateTime.validate('2026-12-02 02:22:19Z')).toBe(false);
    expect(formats.email).toBeDefined();
    expect(formats.uuid).toBeDefined();
  });
});

describe('precompiledContractValidators', () => {
  it('none when running from source; none for a file that is not there', async () => {
    expect(precompiledContractValidators()).toBeUndefined();
    expect(precompiledContractValidators(pathToFileURL(join(await tempDir(), 'absent.cjs')))).toBeUndefined();
  });

  it('hands the build’s module the contract’s formats (RFC 3339 date-time)', async () => {
    const file = join(await tempDir(), 'validators.cjs');
    writeFileSync(file, "module.exports = (formats) => ({ request: (x) => formats['date-time'].validate(x) });\n");
    const validators = precompiledContractValidators(pathToFileURL(file))!;
    expect(validators.request!('2026-12-02T02:22:19Z')).toBe(true);
    expect(validators.request!('2026-12-02 02:22:19Z')).toBe(false);
  });
});

describe('refs and names that look like them', () => {
  it('a property named "$ref" is a property, not a reference', () => {
    const schemas = { ...components, Chat: { type: 'object', properties: { $ref: { type: 'string' }, tag: { $ref: '#/components/schemas/Tag' } } } };
    const contract = compileContract(docWith({}, schemas));
    expect(contract.responses.get('201')!.schemas.get('application/json')).toEqual({ type: 'object', properties: { $ref: { type: 'string' }, tag: { type: 'string', maxLength: 3 } } });
    const validate = contract.responses.get('201')!.mediaTypes.get('application/json')!;
    expect(validate({ $ref: 'x', tag: 'abc' })).toBe(true);
    expect(validate({ $ref: 1 })).toBe(false);
    expect(contractValidatorSchemas(docWith({}, schemas)).get('response 201 application/json')).toEqual({ $ref: `${COMPONENTS_REF}Chat` });
  });

  it('only a $ref names a component: the same text elsewhere is kept', () => {
    const schemas = { ...components, Tag: { type: 'string', description: '#/components/schemas/Chat', example: '#/components/schemas/Chat' } };
    expect(contractValidatorSchemas(docWith({ responses: { '201': { content: { 'application/json': { schema: { type: 'string', example: '#/components/schemas/Tag' } } } } } }, schemas)).get('response 201 application/json')).toEqual({
      type: 'string',
      example: '#/components/schemas/Tag',
    });
    expect(compileContract(docWith({}, schemas)).responses.get('201')!.schemas.get('application/json')).toMatchObject({ properties: { tags: { items: { description: '#/components/schemas/Chat' } } } });
  });

  it('inlines refs inside arrays, keeps refs that are not to a component, and counts array levels in the depth', () => {
    const stub = (() => true) as unknown as ValidateFunction;
    const request = (schema: JsonSchema) => compileContract(docWith({ requestBody: { content: { 'application/json': { schema } } } }), { [REQUEST_VALIDATOR_NAME]: stub }).requestSchema;
    expect(request({ anyOf: [{ $ref: '#/components/schemas/Tag' }, { $ref: 'https://example.invalid/other.json' }] })).toEqual({ anyOf: [{ type: 'string', maxLength: 3 }, { $ref: 'https://example.invalid/other.json' }] });
    const allOf = (levels: number): JsonSchema => (levels === 0 ? { type: 'string' } : { allOf: [allOf(levels - 1)] });
    // Each allOf is two levels (the array, then its item).
    expect(request(allOf(15))).toEqual(allOf(15));
    expect(() => request(allOf(16))).toThrow('schema nesting too deep');
  });

  it('a document without components: a component ref is unresolved', () => {
    const stub = (() => true) as unknown as ValidateFunction;
    const { components: _none, ...doc } = docWith({ requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Request' } } } } });
    expect(() => compileContract(doc, { [REQUEST_VALIDATOR_NAME]: stub, 'response 201 application/json': stub })).toThrow('unresolved $ref #/components/schemas/Chat');
  });
});
