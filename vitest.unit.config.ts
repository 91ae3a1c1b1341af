import { defineConfig } from 'vitest/config';

/**
 * The unit tests alone (pure logic, no sockets): what `npm run mutate` runs against each mutant.
 * `CHATLOAD_UNIT_TESTS` narrows them to a glob, e.g. a module's own tests for a faster mutation
 * run whose score is then a lower bound (docs/testing.md).
 */
export default defineConfig({
  test: {
    include: [process.env.CHATLOAD_UNIT_TESTS || 'test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['test/helpers/setup.ts'],
  },
});
