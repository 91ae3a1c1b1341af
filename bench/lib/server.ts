/**
 * The target every engine bench runs against: a bare `node:http` server answering a valid 201
 * ChatCompletionResponse (after `delayMs`), in its own process so its CPU is not the generator's.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SERVER = `
const http = require('node:http');
const delay = Number(process.argv[1] || 0);
let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ chatId: 'chat_' + (n++), createdAt: new Date().toISOString(), status: 'in_progress', response: [{ id: 'item_' + n, role: 'assistant', type: 'message', content: ['Hi there, I am looking into it now.'] }], agent: { name: 'Grace', agentId: 'agent_support_01', status: 'Live' } });
    const send = () => res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    if (delay > 0) setTimeout(send, delay); else send();
  });
});
server.keepAliveTimeout = 60000;
server.headersTimeout = 0;
server.requestTimeout = 0;
server.maxConnections = 50000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 65535 }, () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export interface BenchServer {
  url: string;
  child: ChildProcess;
  close(): void;
}

export function startServer(delayMs: number): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SERVER, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.once('data', (d: Buffer) => resolve({ url: `http://127.0.0.1:${d.toString().trim()}`, child, close: () => child.kill() }));
    child.once('error', reject);
  });
}

export const BENCH_AGENT = 'agent_support_01';
export const BENCH_INPUTS = ['Where is my order #1234?', 'I want a refund', 'Change my address'];
