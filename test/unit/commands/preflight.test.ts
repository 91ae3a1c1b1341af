import { describe, expect, it } from 'vitest';
import { capPlan, describePlan, guardSink, guardTarget, isRemoteTarget, renderDryRun, assertKeyNotInFlags, assertKeyNotInScenario } from '../../../src/commands/preflight.js';
import { ChatloadError, InputError } from '../../../src/errors.js';
import type { Exchange } from '../../../src/exchange.js';
import { buildPlan } from '../../../src/load/plan.js';
import { createRequestSource } from '../../../src/scenario/source.js';
import { DEFAULT_CHECKS } from '../../../src/scenario/checks.js';
import type { Scenario } from '../../../src/scenario/types.js';

const REMOTE = 'https://api.sigmamind.ai';

function scenario(target: string, load: Scenario['load'] = { model: 'open', rate: 10, durationMs: 30_000 }): Scenario {
  return { name: 's', file: 's.yaml', target, agents: ['a'], inputs: ['hi', 'yo'], variables: [], mix: { strategy: 'cartesian' }, load, timeoutMs: 5000, profile: 'strict', thresholds: [], mock: { faults: [] }, checks: DEFAULT_CHECKS };
}
const io = () => {
  const buffer = { out: '', err: '' };
  return { buffer, io: { out: (t: string) => void (buffer.out += t), err: (t: string) => void (buffer.err += t), isTty: false } };
};

describe('assertKeyNotInScenario', () => {
  it('finds the key in a value, never in a field name (a key such as "requests")', () => {
    const s = { ...scenario('mock', { model: 'closed', concurrency: 1, requests: 3 }), inputs: ['hi'] };
    expect(() => assertKeyNotInScenario(s, 'requests')).not.toThrow();
    const holding: Scenario = { ...s, inputs: ['my key is requests'] };
    expect(() => assertKeyNotInScenario(holding, 'requests')).toThrow(/the API key, written out literally/);
  });
});

describe('isRemoteTarget', () => {
  it('treats the mock and loopback as local', () => {
    expect(isRemoteTarget('mock')).toBe(false);
    expect(isRemoteTarget('http://127.0.0.1:4010')).toBe(false);
    expect(isRemoteTarget('http://localhost:4010')).toBe(false);
    expect(isRemoteTarget(REMOTE)).toBe(true);
  });
});

describe('capPlan', () => {
  it('refuses a known count above the cap, naming the flag and the count to raise it to', () => {
    const plan = buildPlan({ model: 'open', rate: 500, durationMs: 60_000 }, 5000);
    expect(() => capPlan(plan, 10_000, REMOTE)).toThrow(/--max-requests: the plan sends 30,000 requests.*--max-requests 30000/);
  });

  it('turns an open-ended closed run into one that stops at the cap', () => {
    const plan = buildPlan({ model: 'closed', concurrency: 5, durationMs: 60_000 }, 5000);
    expect(capPlan(plan, 10_000, REMOTE).requests).toBe(10_000);
    expect(capPlan(plan, undefined, 'mock')).toBe(plan);
  });

  it('keeps a plan under the cap as it is', () => {
    const plan = buildPlan({ model: 'open', rate: 10, durationMs: 10_000 }, 5000);
    expect(capPlan(plan, 10_000, REMOTE)).toBe(plan);
  });
});

describe('describePlan', () => {
  it('shows requests, peak rate and duration', () => {
    const s = scenario(REMOTE);
    const text = describePlan(s, buildPlan(s.load, s.timeoutMs), 10_000);
    expect(text).toContain(`target     ${REMOTE}/v1/chats`);
    expect(text).toContain('requests   300 (cap 10,000; raise it with --max-requests)');
    expect(text).toContain('peak rate  10 requests/s');
    expect(text).toContain('duration   30s');
  });

  it('names the warm-up, which is part of the requests it counts', () => {
    const s = scenario(REMOTE, { model: 'closed', concurrency: 4, requests: 200, warmup: { requests: 20 } });
    expect(describePlan(s, buildPlan(s.load, s.timeoutMs), 10_000)).toContain('requests   200 (cap 10,000; raise it with --max-requests)\n  peak rate');
    expect(describePlan(s, buildPlan(s.load, s.timeoutMs), 10_000)).toContain('  warm-up    the first 20 requests, sent and checked, kept out of the figures');
    const d = scenario(REMOTE, { model: 'open', rate: 10, durationMs: 30_000, warmup: { durationMs: 5000 } });
    expect(describePlan(d, buildPlan(d.load, d.timeoutMs), 10_000)).toContain('  warm-up    the first 5s, sent and checked, kept out of the figures');
  });

  it('says a closed run with a duration is bounded, not exact', () => {
    const s = scenario(REMOTE, { model: 'closed', concurrency: 4, durationMs: 10_000 });
    const text = describePlan(s, capPlan(buildPlan(s.load, s.timeoutMs), 10_000, REMOTE), 10_000);
    expect(text).toContain('requests   at most 10,000');
    expect(text).toContain('peak rate  not fixed: 4 virtual users');
  });
});

describe('guardTarget', () => {
  it('lets loopback and mock targets through without asking', async () => {
    const { io: cmd, buffer } = io();
    const s = scenario('http://127.0.0.1:1234');
    await expect(guardTarget(s, buildPlan(s.load, s.timeoutMs), {}, cmd)).resolves.toMatchObject({ model: 'open' });
    expect(buffer.err).toBe('');
  });

  it('refuses a remote target when nobody can be asked and --yes is absent', async () => {
    const s = scenario(REMOTE);
    await expect(guardTarget(s, buildPlan(s.load, s.timeoutMs), {}, io().io)).rejects.toThrow(/--yes: refusing to load/);
  });

  it('asks on a terminal: yes runs, no cancels', async () => {
    const s = scenario(REMOTE);
    const questions: string[] = [];
    const plan = buildPlan(s.load, s.timeoutMs);
    const { io: cmd, buffer } = io();
    await expect(guardTarget(s, plan, { confirm: async (q) => (questions.push(q), true) }, cmd)).resolves.toBe(plan);
    expect(questions).toEqual(['Send these requests? [y/N] ']);
    expect(buffer.err).toContain('requests   300');
    const cancelled = await guardTarget(s, plan, { confirm: async () => false }, io().io).catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(ChatloadError);
    expect((cancelled as ChatloadError).message).toContain('nothing was sent');
  });

  it('--yes skips the question but still prints the plan', async () => {
    const s = scenario(REMOTE);
    const { io: cmd, buffer } = io();
    await guardTarget(s, buildPlan(s.load, s.timeoutMs), { yes: true, confirm: () => Promise.reject(new Error('must not ask')) }, cmd);
    expect(buffer.err).toContain('peak rate');
  });

  it('checks --max-requests and --api-key-env values', async () => {
    const s = scenario('mock');
    const plan = buildPlan(s.load, s.timeoutMs);
    await expect(guardTarget(s, plan, { maxRequests: -1 }, io().io)).rejects.toThrow(/--max-requests: must be a whole number above 0/);
    await expect(guardTarget(s, plan, { apiKeyEnv: 'sk-123 abc' }, io().io)).rejects.toThrow(/--api-key-env: "sk-123 abc" is not an environment variable name/);
    // A cap given for a local target applies too.
    await expect(guardTarget(s, plan, { maxRequests: 100 }, io().io)).rejects.toThrow(InputError);
  });
});

describe('renderDryRun', () => {
  it('says how many distinct bodies the stream really holds: a round-robin mix repeats at the least common multiple of its lists', () => {
    const s: Scenario = { ...scenario('mock'), agents: ['a1', 'a2', 'a3'], inputs: ['i1', 'i2', 'i3', 'i4'], variables: [{ v: 1 }, { v: 2 }, { v: 3 }], mix: { strategy: 'round-robin' } };
    const spec = { agents: s.agents, inputs: s.inputs, variables: s.variables, seed: 1 };
    const roundRobin = renderDryRun(s, buildPlan(s.load, s.timeoutMs), createRequestSource({ ...spec, strategy: 'round-robin' }), {});
    expect(roundRobin).toContain('first 3 request bodies (of 12 distinct; the stream repeats every 12):');
    const cartesian = renderDryRun({ ...s, mix: { strategy: 'cartesian' } }, buildPlan(s.load, s.timeoutMs), createRequestSource({ ...spec, strategy: 'cartesian' }), {});
    expect(cartesian).toContain('(of 36 distinct; the stream repeats every 36)');
    const random = renderDryRun({ ...s, mix: { strategy: 'random' } }, buildPlan(s.load, s.timeoutMs), createRequestSource({ ...spec, strategy: 'random' }), {});
    expect(random).toContain('(drawn at random from 36 combinations)');
  });

  it('prints the plan and the first bodies', () => {
    const s = scenario(REMOTE);
    const source = createRequestSource({ agents: s.agents, inputs: s.inputs, variables: [], strategy: 'cartesian', seed: 1 });
    const text = renderDryRun(s, buildPlan(s.load, s.timeoutMs), source, {});
    expect(text).toContain('nothing is sent');
    expect(text).toContain('#0  {"agentId":"a","input":"hi"}');
    expect(text).toContain('#2  {"agentId":"a","input":"hi"}');
    expect(text).toContain('needs --yes');
  });

  it('marks the later turns of a conversation and where their previousChatId comes from', () => {
    const s = { ...scenario('mock'), agents: ['a', 'b'], conversation: { turns: 3 } };
    const source = createRequestSource({ agents: s.agents, inputs: s.inputs, variables: [], strategy: 'round-robin', seed: 1, turns: 3 });
    const text = renderDryRun(s, buildPlan(s.load, s.timeoutMs, { turns: 3 }), source, {});
    expect(text).toContain('#0  turn 1/3  {"agentId":"a","input":"hi"}');
    expect(text).toContain('#1  turn 2/3  {"agentId":"a","input":"yo","previousChatId":"<chatId of #0>"}');
    expect(text).toContain('#2  turn 3/3  {"agentId":"a","input":"hi","previousChatId":"<chatId of #1>"}');
  });
});

describe('assertKeyNotInScenario', () => {
  it('refuses a scenario (or its data) that holds the key itself', () => {
    const s = { ...scenario('mock'), variables: [{ token_for_bot: 'my-actual-key-value' }] };
    expect(() => assertKeyNotInScenario(s, 'my-actual-key-value')).toThrow(/contains the value of \$SIGMAMIND_API_KEY/);
    expect(() => assertKeyNotInScenario(s, 'another-key-value')).not.toThrow();
    expect(() => assertKeyNotInScenario(s, undefined)).not.toThrow();
  });

  it('finds a key that holds quotes or backslashes, which JSON writes escaped', () => {
    const key = 'my"actual\\key-value';
    const s: Scenario = { ...scenario('mock'), inputs: [`here it is: ${key}`] };
    expect(() => assertKeyNotInScenario(s, key)).toThrow(/contains the value of \$SIGMAMIND_API_KEY/);
  });
});

describe('assertKeyNotInFlags', () => {
  it('blames the flag that holds the key, never the scenario file, and never quotes the key', () => {
    const key = 'my-actual-key-value';
    try {
      assertKeyNotInFlags({ '--target': `https://api.example.com/${key}/`, '--out': 'reports/x', '--threshold': ['p99<1s'] }, key);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toEqual([expect.objectContaining({ file: '(command line)', field: '--target', message: 'contains the value of $SIGMAMIND_API_KEY, the API key' })]);
      expect((error as InputError).message).not.toContain(key);
    }
    expect(() => assertKeyNotInFlags({ '--target': 'https://api.example.com', '--out': undefined }, key)).not.toThrow();
  });
});

describe('guardSink', () => {
  it('turns each throw into a failed outcome and hands each error on once, in order, so the run can keep the first', () => {
    const errors: unknown[] = [];
    const thrown = [new Error('first'), new Error('second'), new Error('third')];
    let calls = 0;
    const sink = guardSink(() => {
      throw thrown[calls++]!;
    }, (e) => errors.push(e));
    const exchange = { request: { seq: 0, body: { agentId: 'a', input: 'b' } }, sentAt: 0, endAt: 1 } satisfies Exchange;
    expect([sink(exchange), sink(exchange), sink(exchange)]).toEqual([{ ok: false }, { ok: false }, { ok: false }]);
    expect(errors).toEqual(thrown);
    // A sink that does not throw is passed through, outcome and all, and nothing is reported.
    const quiet: unknown[] = [];
    expect(guardSink(() => ({ ok: true, chatId: 'chat_1' }), (e) => quiet.push(e))(exchange)).toEqual({ ok: true, chatId: 'chat_1' });
    expect(quiet).toEqual([]);
  });
});
