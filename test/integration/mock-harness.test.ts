import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { CommandIo } from '../../src/commands/io.js';
import type { Profile, RuleName } from '../../src/contract/types.js';
import { RULES } from '../../src/contract/types.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { faultPicker } from '../../src/mock/faults.js';
import { startMockServer, STATS_PATH, type MockStats, type RunningMock } from '../../src/mock/server.js';
import { faultRates, type MockSectionFile } from '../../src/mock/settings.js';
import { createRng } from '../../src/random.js';
import { tempDir } from '../helpers/cli.js';

const KEY = 'sk-test-harness';
const REQUESTS = 3000;
const FAULTS = { http500: 0.03, http429: 0.03, http503: 0.03, hang: 0.01, reset: 0.03, malformedJson: 0.03, wrongContentType: 0.03, schemaDrift: 0.09 } satisfies MockSectionFile["faults"];

/**
 * What each profile's rules must count, given what the mock served. A rule left out must count 0.
 * `missingField` drift is expected-not-detected under `spec` (the spec requires no field); `strict`
 * adds its semantic rules here when they land.
 */
const EXPECTED: Partial<Record<Profile, (s: MockStats) => Partial<Record<RuleName, number>>>> = {
  spec: (s) => ({
    transport: s.byFault.hang + s.byFault.reset,
    'status-declared': s.byFault.http429 + s.byFault.http503,
    'content-type': s.byFault.wrongContentType,
    'json-parse': s.byFault.malformedJson,
    'body-schema': s.drift.wrongType + s.drift.badEnum,
  }),
};

const quietIo = (): CommandIo & { text: string } => {
  const io = { text: '', isTty: false, out: (t: string) => void (io.text += t), err: (t: string) => void (io.text += t) };
  return io;
};

async function scenarioFile(dir: string, target: string, extra = ''): Promise<string> {
  const file = join(dir, 'faults.yaml');
  await writeFile(
    file,
    [
      'name: mock-faults',
      `target: ${target}`,
      'agents: [agent_support_01, agent_billing_02]',
      'inputs: ["Where is my order?", "I was charged twice"]',
      'variables: [{ customer_name: Michael, order_id: 1042 }]',
      'mix: { strategy: round-robin, seed: 3 }',
      `load: { concurrency: 50, requests: ${REQUESTS} }`,
      // Hangs end at the timeout. It must stay far above any event-loop stall of a busy CI machine
      // (an answer read after its timer fired would count as a timeout the mock never served).
      'timeout: 2s',
      'profile: spec',
      extra,
    ].join('\n'),
  );
  return file;
}

describe('the harness against the mock with every fault on', () => {
  let mock: RunningMock;
  let stats: MockStats;
  let report: Awaited<ReturnType<typeof runScenario>>['report'];

  beforeAll(async () => {
    mock = await startMockServer(mockConfigFor({ agents: ['agent_support_01', 'agent_billing_02'], settings: { apiKeys: [{ key: KEY }], faults: faultRates(FAULTS), seed: 21 } }));
    const dir = await tempDir();
    const result = await runScenario({ scenario: await scenarioFile(dir, mock.url), out: dir, env: { SIGMAMIND_API_KEY: KEY } }, quietIo());
    report = result.report;
    // Read over HTTP, as other tools would.
    stats = (await (await fetch(`${mock.url}${STATS_PATH}`)).json()) as MockStats;
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('sent every request, and the mock saw each one once', () => {
    expect(report.totals.requests).toBe(REQUESTS);
    expect(stats.requests).toBe(REQUESTS);
    expect(Object.values(stats.byFault).reduce((a, b) => a + b, 0)).toBe(REQUESTS);
  });

  it('counts exactly what the mock served, rule by rule (profile spec)', () => {
    const expected = EXPECTED.spec!(stats);
    for (const rule of RULES) expect(report.conformance.byRule[rule] ?? 0, rule).toBe(expected[rule] ?? 0);
    expect(report.conformance.violating).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(stats.drift.missingField).toBeGreaterThan(0); // served, and (by the letter of the spec) not a violation
  });

  it('sees each transport fault as its own kind, and every 500 as a declared status', () => {
    expect(report.transportErrors.timeout ?? 0).toBe(stats.byFault.hang);
    expect(report.transportErrors.reset ?? 0).toBe(stats.byFault.reset);
    expect(report.status['500']).toBe(stats.byFault.http500);
    expect(report.status['429']).toBe(stats.byFault.http429);
    expect(report.status['503']).toBe(stats.byFault.http503);
    for (const [status, n] of Object.entries(stats.byStatus)) expect(report.status[status], status).toBe(n);
  });

  it('serves each fault kind at its rate, within tolerance', () => {
    const observed: Record<string, number> = { ...stats.byFault };
    for (const [kind, rate] of Object.entries(FAULTS)) {
      const tolerance = 4 * Math.sqrt((rate * (1 - rate)) / REQUESTS);
      // Drift drawn for a non-201 answer is served as is; here every answer would be a 201.
      expect(Math.abs(observed[kind]! / REQUESTS - rate), `${kind}: ${observed[kind]} of ${REQUESTS}`).toBeLessThan(tolerance);
    }
    for (const drift of ['wrongType', 'badEnum', 'missingField'] as const) expect(stats.drift[drift]).toBeGreaterThan(0);
  });
});

describe("a scenario's mock: section reaches the embedded mock", () => {
  it('serves the faults it asks for, at a count the seed fixes', async () => {
    const dir = await tempDir();
    const file = await scenarioFile(dir, 'mock', 'mock: { faults: { http500: 0.2 }, seed: 5, latency: { model: lognormal, median: 1ms, p99: 3ms } }');
    const result = await runScenario({ scenario: file, out: dir, requests: 500 }, quietIo());
    // Every request rolls the dice once, so over 500 requests the count is the seed's, whatever the arrival order.
    const pick = faultPicker(faultRates({ http500: 0.2 }), createRng(5));
    const expected500 = Array.from({ length: 500 }, pick).filter((f) => f?.kind === 'http500').length;
    expect(result.report.status['500']).toBe(expected500);
    expect(result.report.status['201']).toBe(500 - expected500);
    expect(result.report.conformance.violating).toBe(0);
  });
});
