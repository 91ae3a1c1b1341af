import { readdirSync, readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { contractFormats, contractValidatorSchemas, createContractAjv } from '../../src/contract/compile.js';
import { readVendoredSpec } from '../../src/contract/openapi.js';
import { loadPrecompiled, type Validators } from '../../src/precompiled.js';
import { createReportAjv, REPORT_SCHEMA, reportFormats } from '../../src/report/check-report.js';
import { createScenarioAjv, problemsFromErrors, SCENARIO_VALIDATORS } from '../../src/scenario/validate.js';
import { mixedReport } from '../helpers/report-fixtures.js';

// The validators `npm run build` generates (Ajv standalone code, in dist/) must judge every document
// exactly as the same schemas compiled at run time do: same verdict, same errors (the scenario's
// error texts and fixes are built from them). dist/ is fresh: the global setup rebuilds a stale one.
const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url);

/** A document near `valid`: fields dropped, values replaced by any JSON, date-time edge cases. */
function near(valid: unknown, depth = 0): fc.Arbitrary<unknown> {
  const anyJson = fc.jsonValue({ maxDepth: 2 });
  if (depth > 6) return fc.constant(valid);
  if (Array.isArray(valid)) return fc.oneof({ weight: 4, arbitrary: fc.tuple(...valid.map((v) => near(v, depth + 1))) }, { weight: 1, arbitrary: anyJson });
  if (valid !== null && typeof valid === 'object') {
    const fields = fc.record(Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, near(v, depth + 1)])), { requiredKeys: Object.keys(valid).filter((_, i) => i % 2 === 0) });
    const extra = fc.dictionary(fc.constantFrom('extra', 'agentID', 'Status'), anyJson, { maxKeys: 1 });
    return fc.oneof({ weight: 6, arbitrary: fields }, { weight: 1, arbitrary: fc.tuple(fields, extra).map(([f, e]) => ({ ...(f as object), ...e })) }, { weight: 1, arbitrary: anyJson });
  }
  const odd = fc.constantFrom('2021-04-20 10:00:00Z', '2021-02-29T10:00:00Z', '2021-04-20T23:59:60Z', '', 'ended', 'done', -1, 0, 1.5, null);
  return fc.oneof({ weight: 6, arbitrary: fc.constant(valid) }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: anyJson });
}

const errorsOf = (validate: ValidateFunction) => (validate.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }: ErrorObject) => ({ instancePath, schemaPath, keyword, params, message }));

function expectSameJudgement(precompiled: ValidateFunction, compiled: ValidateFunction, documents: fc.Arbitrary<unknown>): void {
  fc.assert(
    fc.property(documents, (doc) => {
      expect(precompiled(doc)).toBe(compiled(doc));
      expect(errorsOf(precompiled)).toEqual(errorsOf(compiled));
    }),
    { seed: 20261202, numRuns: 300 },
  );
}

function precompiled(path: string, formats?: Parameters<typeof loadPrecompiled>[1]): Validators {
  const validators = loadPrecompiled(dist(path), formats);
  if (!validators) throw new Error(`dist/${path} is missing: npm run build writes it`);
  return validators;
}

describe('precompiled validators (dist/) judge as the schemas compiled at run time', () => {
  it('the contract: every response body and the request body', () => {
    const doc = readVendoredSpec();
    const schemas = contractValidatorSchemas(doc);
    const built = precompiled('contract/validators.cjs', contractFormats);
    expect(Object.keys(built).sort()).toEqual([...schemas.keys()].sort());
    const ajv = createContractAjv(doc.components?.schemas ?? {});
    const ok = { chatId: 'chat_1', createdAt: '2021-04-20T10:00:00.000Z', status: 'ended', response: [{ id: 'item_1', role: 'assistant', type: 'message', content: ['Hello'] }], agent: { name: 'Grace', agentId: 'a', status: 'Live' } };
    const error = { timestamp: '2021-04-20T10:00:00.000Z', status: 400, error: 'Bad Request', message: 'agentId is required', path: '/v1/chats' };
    const request = { agentId: 'a', input: 'hello', previousChatId: 'chat_1', variables: { name: 'Ann' } };
    for (const [name, schema] of schemas) {
      const example = name === 'request' ? request : name.startsWith('response 2') ? ok : error;
      expectSameJudgement(built[name]!, ajv.compile(schema), near(example));
    }
  });

  it('the scenario schema and its mock section: verdicts, errors and the problems shown to the user', () => {
    const built = precompiled('scenario/validators.cjs');
    expect(Object.keys(built).sort()).toEqual(Object.keys(SCENARIO_VALIDATORS).sort());
    const ajv = createScenarioAjv();
    const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(`scenarios/${f}`, 'utf8')) as Record<string, unknown>);
    expect(scenarios.length).toBeGreaterThan(3);
    const compiled = ajv.compile(SCENARIO_VALIDATORS.scenario);
    for (const doc of scenarios) expect([built.scenario!(doc), compiled(doc)]).toEqual([true, true]);
    expectSameJudgement(built.scenario!, compiled, fc.constantFrom(...scenarios).chain((doc) => near(doc)));
    fc.assert(
      fc.property(fc.constantFrom(...scenarios).chain((doc) => near(doc)), (doc) => {
        built.scenario!(doc);
        compiled(doc);
        expect(problemsFromErrors(built.scenario!.errors ?? [], 'x.yaml')).toEqual(problemsFromErrors(compiled.errors ?? [], 'x.yaml'));
      }),
      { seed: 1, numRuns: 200 },
    );
    const mock = scenarios.map((doc) => doc.mock).find((section) => section !== undefined);
    const mockSection = ajv.compile(SCENARIO_VALIDATORS.mockSection);
    expect([built.mockSection!(mock), mockSection(mock)]).toEqual([true, true]);
    expectSameJudgement(built.mockSection!, mockSection, near(mock));
  });

  it('report.schema.json', () => {
    const built = precompiled('report/validators.cjs', reportFormats);
    const report = JSON.parse(JSON.stringify(mixedReport())) as unknown;
    const compiled = createReportAjv().compile(REPORT_SCHEMA);
    expect([built.report!(report), compiled(report)]).toEqual([true, true]);
    expectSameJudgement(built.report!, compiled, near(report));
  });
});
