#!/usr/bin/env node
// Runs the compiled CLI: dist/ is built from src/ by `npm run build`, which `npm ci` runs (the
// `prepare` script) and which a packed chatload ships already built.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`chatload: ${cli.pathname} is missing: chatload has not been built (fix: run "npm ci" or "npm run build" in ${new URL('..', import.meta.url).pathname})\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
