import { defineConfig } from 'vitest/config';

/** The unit tests alone (pure logic, no sockets): what `npm run mutate` runs against each mutant. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['test/helpers/setup.ts'],
  },
});
