import { describe, expect, it } from 'vitest';
import { agentGroup, DEFAULT_MAX_GROUPS, OTHER_GROUP } from '../../../src/record/groups.js';

describe('agent groups', () => {
  const agents = ['a0', 'a1', 'a2', 'a3'];

  it('keep the id of agent i while i < maxGroups; later agents are other', () => {
    expect([0, 1, 2, 3].map((i) => agentGroup(i, agents, 2))).toEqual(['a0', 'a1', OTHER_GROUP, OTHER_GROUP]);
    expect([0, 1, 2, 3].map((i) => agentGroup(i, agents, DEFAULT_MAX_GROUPS))).toEqual(agents);
  });

  it('put an index outside the list in other', () => {
    expect(agentGroup(-1, agents, 50)).toBe('other');
    expect(agentGroup(4, agents, 50)).toBe('other');
  });

  it('default to 50 groups', () => {
    const many = Array.from({ length: 60 }, (_, i) => `agent_${i}`);
    const groups = new Set(many.map((_, i) => agentGroup(i, many, DEFAULT_MAX_GROUPS)));
    expect(groups.size).toBe(51);
    expect(groups.has('agent_49')).toBe(true);
    expect(groups.has('agent_50')).toBe(false);
  });
});
