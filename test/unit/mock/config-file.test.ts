import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { mockConfigFor } from '../../../src/mock/config.js';
import { parseMockConfig } from '../../../src/mock/config-file.js';
import { normaliseMockSection } from '../../../src/mock/settings.js';
import { parseScenarioText } from '../../../src/scenario/load.js';
import { normaliseScenario } from '../../../src/scenario/normalise.js';
import { validateScenarioDocument } from '../../../src/scenario/validate.js';

const FILE = 'mock.yaml';

function problems(text: string): string[] {
  const result = parseMockConfig(text, FILE);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(formatProblem);
}

describe('parseMockConfig (chatload mock --config)', () => {
  it('reads every field of the section', () => {
    const result = parseMockConfig(
      [
        'agents:',
        '  - { id: agent_a, name: Grace, status: Testing, reply: "Hi {{customer_name}}", requiredVariables: [customer_name] }',
        'apiKeys: [sk-test-alpha, { key: sk-mock-beta, agents: [agent_a] }]',
        'latency: { model: lognormal, median: 40ms, p99: 250ms, perInputChar: 0.05ms }',
        'faults: { http500: 0.01, hang: 0.002, schemaDrift: { badEnum: 0.03 } }',
        'seed: 7',
        'maxChats: 10',
        'maxRequestBytes: 2048',
      ].join('\n'),
      FILE,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        agents: [{ agentId: 'agent_a', name: 'Grace', status: 'Testing', reply: 'Hi {{customer_name}}', requiredVariables: ['customer_name'] }],
        apiKeys: [{ key: 'sk-test-alpha' }, { key: 'sk-mock-beta', agents: ['agent_a'] }],
        latency: { kind: 'lognormal', medianMs: 40, p99Ms: 250, perInputCharMs: 0.05 },
        faults: [
          { kind: 'http500', rate: 0.01 },
          { kind: 'hang', rate: 0.002 },
          { kind: 'schemaDrift', drift: 'badEnum', rate: 0.03 },
        ],
        seed: 7,
        maxChats: 10,
        maxRequestBytes: 2048,
      },
    });
  });

  it('an empty file is the defaults', () => {
    expect(parseMockConfig('', FILE)).toEqual({ ok: true, value: { faults: [] } });
  });

  it('keeps the latency forms scenarios already use, and the explicit models', () => {
    const latency = (text: string) => {
      const r = parseMockConfig(`latency: ${text}`, FILE);
      return r.ok ? r.value.latency : r.problems;
    };
    expect(latency('20ms')).toEqual({ kind: 'fixed', ms: 20 });
    expect(latency('{ min: 5ms, max: 25ms }')).toEqual({ kind: 'uniform', minMs: 5, maxMs: 25 });
    expect(latency('{ model: fixed, value: 1s }')).toEqual({ kind: 'fixed', ms: 1000 });
    expect(latency('{ model: uniform, min: 1ms, max: 2ms, perInputChar: 0.1ms }')).toEqual({ kind: 'uniform', minMs: 1, maxMs: 2, perInputCharMs: 0.1 });
  });

  it('takes a latency per agent, in the same models, and a cost per turn', () => {
    const result = parseMockConfig('latency: { model: fixed, value: 20ms, perTurn: 30ms }\nagents:\n  - { id: agent_support_01 }\n  - { id: agent_billing_02, latency: { model: lognormal, median: 200ms, p99: 400ms, perTurn: 5ms } }', FILE);
    expect(result.ok && result.value).toMatchObject({
      latency: { kind: 'fixed', ms: 20, perTurnMs: 30 },
      agents: [{ agentId: 'agent_support_01' }, { agentId: 'agent_billing_02', latency: { kind: 'lognormal', medianMs: 200, p99Ms: 400, perTurnMs: 5 } }],
    });
    const config = mockConfigFor({ agents: [], settings: (result as { value: ReturnType<typeof normaliseMockSection> }).value });
    expect(config.agents.map((a) => a.latency?.kind)).toEqual([undefined, 'lognormal']);
    expect(problems('agents: [{ id: a, latency: { min: 50ms, max: 5ms } }]')).toEqual([expect.stringMatching(/^mock\.yaml: agents\[0\]\.latency: min \(50ms\) is above max \(5ms\)/)]);
    expect(problems('agents: [{ id: a, latency: { model: fixed, value: 5ms, perTurns: 1ms } }]')[0]).toMatch(/^mock\.yaml: agents\[0\]\.latency/);
  });

  it('names file, field and fix for each problem, all at once', () => {
    const found = problems('faults: { http500: 2, htp503: 0.1 }\nlatency: { model: lognormal, median: 40ms }\napiKeys: [sk-live-REAL]\nagents: [{ id: a, status: Paused }]');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mock\.yaml: faults\.http500: must be <= 1 \(fix: a rate is a fraction of all requests between 0 and 1/),
        'mock.yaml: faults.htp503: is not a known field (fix: did you mean `http503`?)',
        expect.stringMatching(/^mock\.yaml: latency: has the wrong shape .*\(fix: use a fixed duration .*lognormal, median: 40ms, p99: 250ms/),
        expect.stringMatching(/^mock\.yaml: apiKeys\[0\]: has the wrong shape .*\(fix: a key is a test key such as sk-mock-alpha, never a production key/),
        expect.stringMatching(/^mock\.yaml: agents\[0\]\.status: must be one of "Live", "Testing", "Disabled", got "Paused"/),
      ]),
    );
  });

  it('refuses rates that add up past 1, and ranges upside down', () => {
    expect(problems('faults: { http500: 0.6, hang: 0.6 }')).toEqual([expect.stringMatching(/^mock\.yaml: faults: rates add up to 1\.2, more than 1 \(fix: /)]);
    expect(problems('latency: { min: 50ms, max: 5ms }')).toEqual([expect.stringMatching(/^mock\.yaml: latency: min \(50ms\) is above max \(5ms\) \(fix: swap them/)]);
    expect(problems('agents: [{ id: a }, { id: a }]')).toEqual([expect.stringMatching(/agents\[1\]\.id: a is listed twice/)]);
  });

  it('reports YAML syntax and a top level that is not a mapping', () => {
    expect(problems('faults: { http500: 0.1')[0]).toMatch(/^mock\.yaml: (line \d+: )?is not valid YAML: .*\(fix: fix the YAML syntax/);
    expect(problems('- a\n- b')[0]).toMatch(/^mock\.yaml: is not a mapping of fields \(fix: a mock config is a YAML mapping/);
  });
});

describe("a scenario's mock: section", () => {
  const scenario = (mock: string) => {
    const text = `name: t\nagents: [agent_a]\ninputs: [hi]\nload: { concurrency: 1, requests: 1 }\nmock: ${mock}\n`;
    const parsed = parseScenarioText(text, 's.yaml');
    if (!parsed.ok) throw new Error('yaml');
    const checked = validateScenarioDocument(parsed.doc, 's.yaml');
    if (!checked.ok) return checked.problems.map(formatProblem);
    const normalised = normaliseScenario(checked.value, 's.yaml', { inputs: ['hi'], variables: [] });
    return normalised.ok ? normalised.value.mock : normalised.problems.map(formatProblem);
  };

  it('is the same shape, and reaches the mock config', () => {
    const settings = scenario('{ latency: { min: 5ms, max: 25ms }, faults: { http503: 0.5 }, seed: 4 }');
    expect(settings).toEqual({ latency: { kind: 'uniform', minMs: 5, maxMs: 25 }, faults: [{ kind: 'http503', rate: 0.5 }], seed: 4 });
    const config = mockConfigFor({ agents: ['agent_a'], seed: 99, settings: settings as ReturnType<typeof normaliseMockSection> });
    expect(config.seed).toBe(4);
    expect(config.faults).toEqual([{ kind: 'http503', rate: 0.5 }]);
    expect(config.agents.map((a) => a.agentId)).toEqual(['agent_a']);
  });

  it('names the field under mock.', () => {
    expect(scenario('{ faults: { hang: 0.7, reset: 0.7 } }')).toEqual([expect.stringMatching(/^s\.yaml: mock\.faults: rates add up to 1\.4/)]);
    expect(scenario('{ faults: { http500: -1 } }')).toEqual([expect.stringMatching(/^s\.yaml: mock\.faults\.http500: must be >= 0/)]);
  });

  it('without a section, the run decides: its agents, its key, its seed', () => {
    const config = mockConfigFor({ agents: ['agent_x'], apiKey: 'sk-mock-run', seed: 12, settings: normaliseMockSection(undefined, 's.yaml', 'mock', []) });
    expect(config).toMatchObject({ apiKeys: [{ key: 'sk-mock-run' }], seed: 12, faults: [], latency: { kind: 'fixed', ms: 0 } });
    expect(config.agents[0]).toMatchObject({ agentId: 'agent_x', status: 'Live' });
  });
});
