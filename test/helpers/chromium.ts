import { requireExecutable } from './requires.js';

/** Debian's Chromium for the browser tests, or undefined after the one skip line (see requires.ts). */
export function chromiumFor(needs: string): string | undefined {
  return requireExecutable({
    name: 'Chromium',
    needs,
    pathEnv: 'CHATLOAD_CHROMIUM',
    candidates: ['/usr/bin/chromium', 'chromium', 'chromium-browser'],
    requireEnv: 'CHATLOAD_REQUIRE_BROWSER',
    install: 'sudo apt-get install chromium',
  }, process.env, (line) => {
    // The global setup said it once for the whole run (global-setup.ts).
    if (process.env.CHATLOAD_BROWSER_SKIP_SAID !== '1') process.stderr.write(line);
  });
}

/** The flags this machine's closed network needs (no background connections, no QUIC). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
