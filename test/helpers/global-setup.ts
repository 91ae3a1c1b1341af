import { chromiumFor } from './chromium.js';

/**
 * Runs once, before the test files: without Chromium, the one skip line for every browser test file
 * is written here, and the files (forked after this, inheriting the environment) stay silent.
 */
export default function setup(): void {
  try {
    if (!chromiumFor('the browser tests: report.html, the conform page and trend.html in Chromium')) process.env.CHATLOAD_BROWSER_SKIP_SAID = '1';
  } catch {
    // CHATLOAD_REQUIRE_BROWSER=1 without Chromium: each browser test file fails on its own, saying why.
  }
}
