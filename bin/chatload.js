#!/usr/bin/env node
// Ctrl-C and SIGTERM are caught first thing: loading the sources takes a second or more on a busy
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

// Runs the TypeScript sources directly through tsx, so `npx chatload` works right after `npm ci`.
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2), undefined, interrupts);
