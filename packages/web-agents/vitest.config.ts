import { defineConfig } from 'vitest/config';

// Browser tests and the smoke run are slow on a shared 2-core machine; files run in forked processes.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 600_000, hookTimeout: 120_000, include: ['test/**/*.test.ts'] },
});
