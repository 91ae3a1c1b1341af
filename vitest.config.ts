import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Load tests measure time: keep them off each other's cores.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
