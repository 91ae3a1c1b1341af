import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/commands/run.js';
import type { CommandIo } from '../../src/commands/io.js';
import { STRICT_RULES } from '../../src/contract/types.js';
import { mockConfigFor } from '../../src/mock/config.js';
import { startMockServer, STATS_PATH, type MockStats, type RunningMock } from '../../src/mock/server.js';
import { faultRates } from '../../src/mock/settings.js';
import { tempDir } from '../helpers/cli.js';

const KEY = 'sk-test-harness-strict';
const REQUESTS = 1500;
const FAULTS = { http500: 0.04, http429: 0.02, http503: 0.02, reset: 0.02, malformedJson: 0.02, wrongContentType: 0.02, schemaDrift: { wrongType: 0.03, badEnum: 0.03, missingField: 0.06 } };

/** The strict profile against the mock with faults: what `spec` cannot see (a missing field) is caught too. */
describe('the harness against the mock with faults on (profile strict)', () => {
  let mock: RunningMock;
  let stats: MockStats;
  let report: Awaited<ReturnType<typeof runScenario>>['report'];

  beforeAll(async () => {
    mock = await startMockServer(mockConfigFor({ agents: ['agent_support_01'], settings: { apiKeys: [{ key: KEY }], faults: faultRates(FAULTS), seed: 8 } }));
    const dir = await tempDir();
    const file = join(dir, 'strict.yaml');
    await writeFile(file, `name: strict-faults\ntarget: ${mock.url}\nagents: [agent_support_01]\ninputs: ["Where is my order?"]\nload: { concurrency: 20, requests: ${REQUESTS} }\ntimeout: 5s\nprofile: strict\n`);
    const io: CommandIo = { out: () => undefined, err: () => undefined, isTty: false };
    report = (await runScenario({ scenario: file, out: dir, env: { SIGMAMIND_API_KEY: KEY } }, io)).report;
    stats = (await (await fetch(`${mock.url}${STATS_PATH}`)).json()) as MockStats;
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('flags every faulty answer but the declared 500s, and nothing else', () => {
    const f = stats.byFault;
    const faulty = f.reset + f.http429 + f.http503 + f.malformedJson + f.wrongContentType + stats.drift.wrongType + stats.drift.badEnum + stats.drift.missingField;
    expect(stats.drift.missingField).toBeGreaterThan(0);
    expect(report.conformance.violating).toBe(faulty);
    expect(report.status['500']).toBe(f.http500);
  });

  it('catches the missing-field drift the spec profile cannot see', () => {
    const strictCounts = STRICT_RULES.reduce((n, rule) => n + (report.conformance.byRule[rule] ?? 0), 0);
    expect(report.conformance.byRule['fields-present']).toBeGreaterThanOrEqual(stats.drift.missingField);
    expect(strictCounts).toBeGreaterThanOrEqual(stats.drift.missingField);
    // Spec-rule counts are the same whatever the profile.
    expect(report.conformance.byRule['json-parse'] ?? 0).toBe(stats.byFault.malformedJson);
    expect(report.conformance.byRule['content-type'] ?? 0).toBe(stats.byFault.wrongContentType);
  });
});
