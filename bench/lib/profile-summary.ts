/**
 * Self time of a `.cpuprofile` (node --cpu-prof) by function and by file, in µs per request when
 * a request count is given: `node --import tsx bench/lib/profile-summary.ts FILE [requests] [top] [skipSeconds]`.
 * With skipSeconds, samples of the first seconds (start-up: module loading, compiling, JIT) are left
 * out; give the requests sent after them (rate × the rest of the run).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, requestsArg, topArg, skipArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary FILE [requests] [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const requests = Number(requestsArg ?? 0);
const top = Number(topArg ?? 40);
const skipUs = Number(skipArg ?? 0) * 1e6;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  elapsed += profile.timeDeltas[i] ?? 0;
  if (elapsed < skipUs) continue;
  self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/').replace(/^node:/, 'node:');
function group(key: (n: Node) => string): [string, number][] {
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byId.get(id)!);
    out.set(k, (out.get(k) ?? 0) + us);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}
const fmt = (us: number) => (requests ? `${(us / requests).toFixed(2).padStart(8)} µs/req` : `${(us / 1000).toFixed(1).padStart(9)} ms`);
console.log(`total sampled ${(total / 1000).toFixed(0)} ms${requests ? `, ${(total / requests).toFixed(1)} µs per request` : ''}`);
console.log('\n-- by file / package');
for (const [k, us] of group((n) => {
  const u = shortUrl(n.callFrame.url);
  if (!u) return `(${n.callFrame.functionName || 'native'})`;
  const m = /^([^/]+\/)?([^/]+)/.exec(u);
  return u.startsWith('src/') || u.startsWith('bench/') ? u : u.startsWith('node:') ? u : (m?.[0] ?? u);
}).slice(0, top))
  console.log(`${fmt(us)}  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
console.log('\n-- by function');
for (const [k, us] of group((n) => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`).slice(0, top))
  console.log(`${fmt(us)}  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
