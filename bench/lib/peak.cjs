// Preloaded into a process a bench runs (`node --require bench/lib/peak.cjs …`): at exit it writes
// the process's peak resident set and CPU time to the file BENCH_PEAK_FILE names. With
// BENCH_MEMORY_TRACE set, it also writes the memory figures every second to stderr.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssMb: usage.maxRSS / 1024, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
if (process.env.BENCH_MEMORY_TRACE) {
  const began = Date.now();
  const mb = (x) => (x / 2 ** 20).toFixed(0);
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(`memory ${((Date.now() - began) / 1000).toFixed(0)} s: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
  }, 1000).unref();
}
