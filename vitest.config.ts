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
    // The JSON report lets .ci/run print one "N passed, N failed" line after plain `npm test`.
    reporters: ['default', ['json', { outputFile: 'reports/test/vitest.json' }]],
  },
});
