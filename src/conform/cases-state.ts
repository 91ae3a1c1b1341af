import type { CaseContext } from './cases.js';
import type { CaseStep } from './types.js';

/**
 * Stateful cases: later requests carry a `chatId` an earlier one returned as `previousChatId`
 * (the link the document describes in prose: "Unique ID of a previous chat session to use as
 * context"). Pure: the chaining happens when the case runs.
 */

export const CHAIN_TURNS = 5;
const SOURCE = '#/properties/previousChatId';
const MAX_INPUT = 20480;

/** A chatId with one character changed to another of the same kind: the same shape, a chat that never existed. */
export function alteredChatId(chatId: string): string {
  for (let i = chatId.length - 1; i >= 0; i--) {
    const c = chatId[i]!;
    if (/[0-9]/.test(c)) return chatId.slice(0, i) + String((Number(c) + 1) % 10) + chatId.slice(i + 1);
    if (/[a-y]/i.test(c)) return chatId.slice(0, i) + String.fromCharCode(c.charCodeAt(0) + 1) + chatId.slice(i + 1);
    if (/z/i.test(c)) return chatId.slice(0, i) + String.fromCharCode(c.charCodeAt(0) - 25) + chatId.slice(i + 1);
  }
  return `${chatId}x`;
}

export function stateCases(ctx: CaseContext): void {
  const { base, inputs } = ctx;
  const followUp = (turn: number) => ({ ...base, input: `Turn ${turn}, following up: ${inputs.input}`.slice(0, MAX_INPUT) });
  const chained = (turn: number, body: Record<string, unknown> = followUp(turn)): CaseStep => ({ request: { body, chainPreviousChatId: true }, expectStatus: 201 });
  const first: CaseStep = { request: { body: base }, expectStatus: 201 };
  const continueWhy = 'a previousChatId returned earlier in this run names a chat that exists, for the same agent: each turn 201';

  ctx.addSteps({ id: 'conversation/two-turns', group: 'conversation', title: "two turns: the second sends the first turn's chatId as previousChatId", source: SOURCE, why: continueWhy }, [first, chained(2)]);
  ctx.addSteps(
    { id: `conversation/${CHAIN_TURNS}-turns`, group: 'conversation', title: `a chain of ${CHAIN_TURNS} turns, each continuing the one before`, source: SOURCE, why: continueWhy },
    [first, ...Array.from({ length: CHAIN_TURNS - 1 }, (_, i) => chained(i + 2))],
  );

  const declared = inputs.declared4xx.filter((s) => s !== 401);
  const [other] = inputs.agents.filter((a) => a !== base.agentId);
  // One agent in the scenario: there is no other agent to continue the chat with.
  if (other !== undefined) {
    ctx.addSteps(
      {
        id: 'conversation/other-agent',
        group: 'conversation',
        title: `a chat of ${String(base.agentId)} continued by ${other}`,
        source: SOURCE,
        why: `a chat belongs to the agent that took it; continuing it with another agent must be refused with a declared 4xx (${declared.join(', ')}), not answered 201`,
        assumption: 'a previousChatId of another agent is refused with 400, 403 or 404 (docs/contract.md point 19)',
      },
      [first, { request: { body: { ...followUp(2), agentId: other }, chainPreviousChatId: true }, expectStatus: 404, alsoAccept: declared.filter((s) => s !== 404) }],
    );
  }
  ctx.addSteps(
    {
      id: 'conversation/never-existed',
      group: 'conversation',
      title: "a previousChatId of the right shape that never existed (this run's chatId with one character changed)",
      source: SOURCE,
      why: `the id has the shape of a real one but names no chat: 404, or another declared 4xx (${declared.join(', ')})`,
      assumption: 'an unknown previousChatId is answered 404 (docs/contract.md point 12); 400 or 403 pass too',
    },
    [first, { request: { body: followUp(2), chainPreviousChatId: true, alterPreviousChatId: true }, expectStatus: 404, alsoAccept: declared.filter((s) => s !== 404) }],
  );
}
