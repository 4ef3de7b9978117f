import { defineConfig } from 'vitest/config';

// Tests switch the global tfjs backend, so files run in separate forked processes.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 60_000, include: ['test/**/*.test.ts'] },
});
