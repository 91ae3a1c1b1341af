import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One test file per core of the 2-core CI machine.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
    // Removes each file's temp folders and keeps tests out of the user's reports/.
    setupFiles: ['test/helpers/setup.ts'],
    // Rebuilds dist/ (what bin/chatload.js runs) when a source is newer: the CLI tests never run a stale build.
    globalSetup: ['test/helpers/build-fresh.ts'],
    // The JSON report lets .ci/run print one "N passed, N failed" line after plain `npm test`.
    reporters: ['default', ['json', { outputFile: 'build/test/vitest.json' }]],
  },
});
