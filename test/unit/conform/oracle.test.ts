import { describe, expect, it } from 'vitest';
import { expectationFor } from '../../../src/conform/oracle.js';
import { loadContract } from '../../../src/contract/index.js';

const { validateRequest } = loadContract();
const agents = ['agent_a'];
const expect_ = (body: unknown) => expectationFor(body, validateRequest, agents);

describe('expectationFor (what the document says a generated body gets)', () => {
  it('invalid by the schema: 400, naming the keyword and its schema path', () => {
    expect(expect_({ agentId: 'agent_a' })).toMatchObject({ status: 400, source: '#/required' });
    expect(expect_({ agentId: 'agent_a', input: 'x'.repeat(20481) })).toMatchObject({ status: 400, source: '#/properties/input/maxLength' });
    expect(expect_(null).status).toBe(400);
    expect(expect_({ agentId: 'agent_a', input: 'hi', dynamicVariables: { a: null } }).status).toBe(400);
  });

  it('counts length in characters, as the schema does: 20480 emoji are valid', () => {
    expect(expect_({ agentId: 'agent_a', input: '😀'.repeat(20480) }).status).toBe(201);
  });

  it('valid: 201 for a scenario agent, 404 for another agent or a previousChatId naming a chat', () => {
    expect(expect_({ agentId: 'agent_a', input: 'hi', previousChatId: '' })).toMatchObject({ status: 201 });
    expect(expect_({ agentId: 'agent_z', input: 'hi' })).toMatchObject({ status: 404, source: '#/paths/~1v1~1chats/post/responses/404' });
    expect(expect_({ agentId: 'agent_a', input: 'hi', previousChatId: 'chat_x' }).status).toBe(404);
  });

  it('judges the body as the server receives it, after JSON: -0 and undefined values are harmless', () => {
    expect(expect_({ agentId: 'agent_a', input: 'hi', dynamicVariables: { n: -0 }, previousChatId: undefined }).status).toBe(201);
  });
});
