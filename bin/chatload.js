#!/usr/bin/env node
// Ctrl-C and SIGTERM are caught first thing: loading the CLI takes a second or more on a busy
// machine, and a signal then must still end chatload with exit 130 (a command that stops
// gracefully, such as `run`, takes them over while it runs: src/interrupts.ts).
let onInterrupt = () => {
  process.stderr.write('\nchatload: interrupted\n');
  process.exit(130);
};
process.on('SIGINT', () => onInterrupt());
process.on('SIGTERM', () => onInterrupt());
const interrupts = {
  take(handler) {
    const previous = onInterrupt;
    onInterrupt = handler;
    return () => {
      onInterrupt = previous;
    };
  },
};

// Runs the compiled CLI: dist/ is built from src/ by `npm run build`, which `npm ci` runs (the
// `prepare` script) and which a packed chatload ships already built.
const { existsSync } = await import('node:fs');

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`chatload: ${cli.pathname} is missing: chatload has not been built (fix: run "npm ci" or "npm run build" in ${new URL('..', import.meta.url).pathname})\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2), undefined, interrupts);
