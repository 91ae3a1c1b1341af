import { describe, expect, it } from 'vitest';
import { loadContract } from '../../../src/contract/index.js';
import { declaredResponse } from '../../../src/contract/compile.js';
import { applyDrift, faultPicker, type ChatBody, type Fault } from '../../../src/mock/faults.js';
import { DRIFT_KINDS, FAULT_KINDS, faultRates, type FaultKind } from '../../../src/mock/settings.js';
import scenarioSchema from '../../../src/scenario/scenario.schema.json' with { type: 'json' };
import { createRng } from '../../../src/random.js';

const ALL_FAULTS = { http500: 0.04, http429: 0.03, http503: 0.03, hang: 0.02, reset: 0.02, malformedJson: 0.03, wrongContentType: 0.03, schemaDrift: 0.09 };

function key(fault: Fault | undefined): string {
  return fault === undefined ? 'none' : fault.kind === 'schemaDrift' ? `schemaDrift.${fault.drift}` : fault.kind;
}

function validBody(): ChatBody {
  return {
    chatId: 'chat_0123456789abcdef',
    createdAt: new Date().toISOString(),
    status: 'in_progress',
    response: [{ id: 'item_0123456789abcdef', role: 'assistant', type: 'message', content: ['Hi Michael'] }],
    agent: { name: 'Grace', agentId: 'agent_support_01', status: 'Live' },
  };
}

describe('faultPicker', () => {
  it('serves each kind at its own rate (20 000 rolls, fixed seed)', () => {
    const pick = faultPicker(faultRates(ALL_FAULTS), createRng(11));
    const n = 20_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = key(pick());
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const expected: Record<string, number> = { ...ALL_FAULTS, none: 0.7 };
    delete expected.schemaDrift;
    for (const drift of DRIFT_KINDS) expected[`schemaDrift.${drift}`] = ALL_FAULTS.schemaDrift / 3;
    for (const [kind, rate] of Object.entries(expected)) {
      const observed = (counts.get(kind) ?? 0) / n;
      // Four standard errors of a binomial proportion: a fixed seed, so this never flaps.
      const tolerance = 4 * Math.sqrt((rate * (1 - rate)) / n);
      expect(Math.abs(observed - rate), `${kind}: observed ${observed}, rate ${rate}`).toBeLessThan(tolerance);
    }
  });

  it('gives the same sequence for the same seed, another for another seed', () => {
    const rates = faultRates(ALL_FAULTS);
    const roll = (seed: number) => {
      const pick = faultPicker(rates, createRng(seed));
      return Array.from({ length: 500 }, () => key(pick()));
    };
    expect(roll(5)).toEqual(roll(5));
    expect(roll(5)).not.toEqual(roll(6));
  });

  it('never faults when no rate is set', () => {
    const pick = faultPicker([], createRng(1));
    expect(Array.from({ length: 100 }, pick).every((f) => f === undefined)).toBe(true);
  });

  it('a single schemaDrift rate is split evenly over the three kinds', () => {
    expect(faultRates({ schemaDrift: 0.03 }).map((r) => [r.drift, +r.rate.toFixed(6)])).toEqual([
      ['wrongType', 0.01],
      ['badEnum', 0.01],
      ['missingField', 0.01],
    ]);
    expect(faultRates({ schemaDrift: { badEnum: 0.2 }, http500: 0 })).toEqual([{ kind: 'schemaDrift', drift: 'badEnum', rate: 0.2 }]);
  });
});

describe('applyDrift', () => {
  const validate201 = declaredResponse(loadContract(), 201)!.mediaTypes.get('application/json')!;

  it('starts from a body the spec accepts', () => {
    expect(validate201(validBody())).toBe(true);
  });

  for (const drift of ['wrongType', 'badEnum'] as const) {
    for (const variant of [0, 1, 2]) {
      it(`${drift} #${variant} breaks the 201 schema at the field it names`, () => {
        const body = validBody();
        const field = applyDrift(body, drift, variant);
        expect(validate201(body)).toBe(false);
        const path = `/${field.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}`;
        expect(validate201.errors?.[0]?.instancePath).toBe(path);
        expect(validate201.errors?.[0]?.keyword).toBe(drift === 'badEnum' ? 'enum' : 'type');
      });
    }
  }

  for (const variant of [0, 1, 2]) {
    it(`missingField #${variant} drops a field (still valid by the letter of the spec: nothing is required)`, () => {
      const body = validBody();
      const field = applyDrift(body, 'missingField', variant) as keyof ChatBody;
      expect(body[field]).toBeUndefined();
      expect(field in body).toBe(false);
      expect(validate201(body)).toBe(true);
    });
  }

  it('every fault kind the mock knows is served at its rate above, and can be written in a scenario', () => {
    expect(Object.keys(ALL_FAULTS).sort()).toEqual([...FAULT_KINDS].sort());
    const written = Object.keys(scenarioSchema.definitions.mockSection.properties.faults.properties) as FaultKind[];
    expect(written.sort()).toEqual([...FAULT_KINDS].sort());
  });
});
