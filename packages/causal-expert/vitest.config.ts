import { defineConfig } from 'vitest/config';

// Forked processes (tfjs keeps a global backend); the smoke test runs a whole experiment.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 300_000, include: ['test/**/*.test.ts'] },
});
