/**
 * Memory and time of remembering a run's chatIds: ChatIdSet (64-bit hashes in a typed array)
 * against a Set<string>, side by side in one process, fresh strings each time as JSON.parse
 * would give them. Usage: npm run bench chat-id-set [-- N]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChatIdSet } from '../src/contract/chat-id-set.js';

const n = Number(process.argv[2] ?? 1_000_000);
const idOf = (i: number) => `chat_${(i * 2654435761 >>> 0).toString(36)}${i.toString(36).padStart(6, '0')}`;
// Garbage from building the ids would blur the figures: collect before each reading.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function measure(label: string, make: () => { add(id: string): unknown }): { bytesPerId: number; nsPerAdd: number } {
  gc();
  const before = process.memoryUsage();
  const set = make();
  const start = performance.now();
  for (let i = 0; i < n; i++) set.add(idOf(i));
  const ms = performance.now() - start;
  gc();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const result = { bytesPerId: bytes / n, nsPerAdd: (ms * 1e6) / n };
  console.log(`${label.padEnd(16)} ${(bytes / 1e6).toFixed(1).padStart(7)} MB  ${result.bytesPerId.toFixed(1).padStart(6)} B/id  ${result.nsPerAdd.toFixed(0).padStart(5)} ns/add`);
  (globalThis as { keep?: unknown }).keep = set; // keep it alive until measured
  return result;
}

console.log(`${n.toLocaleString('en-US')} distinct chatIds`);
const compact = measure('ChatIdSet', () => new ChatIdSet());
(globalThis as { keep?: unknown }).keep = undefined;
const strings = measure('Set<string>', () => new Set<string>());
console.log(`ratio (Set<string> / ChatIdSet): memory ${(strings.bytesPerId / compact.bytesPerId).toFixed(1)}×, time ${(strings.nsPerAdd / compact.nsPerAdd).toFixed(2)}×`);
