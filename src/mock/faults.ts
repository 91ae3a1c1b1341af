import type { DriftKind, FaultKind, FaultRate } from './settings.js';

/** The fault chosen for one request; undefined when it is served as the contract says. */
export type Fault = { kind: Exclude<FaultKind, 'schemaDrift'> } | { kind: 'schemaDrift'; drift: DriftKind; variant: number };

/**
 * One roll of the seeded dice per request, in arrival order: the same seed and the same
 * arrival order give the same faults. Each kind owns a slice of [0, 1) as wide as its rate.
 */
export function faultPicker(rates: readonly FaultRate[], random: () => number): () => Fault | undefined {
  if (rates.length === 0) return () => undefined;
  const bounds: number[] = [];
  let sum = 0;
  for (const r of rates) bounds.push((sum += r.rate));
  return () => {
    const roll = random();
    if (roll >= sum) return undefined;
    let i = 0;
    while (roll >= bounds[i]!) i++;
    const rate = rates[i]!;
    if (rate.kind === 'schemaDrift') return { kind: 'schemaDrift', drift: rate.drift ?? 'wrongType', variant: Math.floor(random() * DRIFT_VARIANTS) };
    return { kind: rate.kind };
  };
}

/** What a 201 body looks like to drift: the fields the mock writes. */
export interface ChatBody {
  chatId?: unknown;
  createdAt?: unknown;
  status?: unknown;
  response?: unknown;
  agent?: unknown;
}

const DRIFT_VARIANTS = 3;

/**
 * Bends a 201 body away from the contract the way real APIs drift (docs/notes.md: `in-progress`
 * for `in_progress`, numbers for strings, fields dropped). Returns the field it changed.
 */
export function applyDrift(body: ChatBody, drift: DriftKind, variant: number): string {
  const message = (Array.isArray(body.response) ? body.response[0] : undefined) as Record<string, unknown> | undefined;
  const agent = body.agent as Record<string, unknown> | undefined;
  switch (drift) {
    case 'wrongType':
      if (variant === 0) return ((body.chatId = 4096), 'chatId');
      if (variant === 1) return ((body.createdAt = Date.now()), 'createdAt');
      if (message) message.content = (message.content as string[]).join(' ');
      return 'response[0].content';
    case 'badEnum':
      if (variant === 0) return ((body.status = 'in-progress'), 'status');
      if (variant === 1 && agent) return ((agent.status = 'Active'), 'agent.status');
      if (message) message.role = 'bot';
      return 'response[0].role';
    case 'missingField': {
      const field = (['chatId', 'createdAt', 'agent'] as const)[variant] ?? 'chatId';
      delete body[field];
      return field;
    }
  }
}
