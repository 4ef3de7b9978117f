import { defineConfig } from 'vitest/config';

// Tests switch the global tfjs backend, so files run in separate forked processes; the smoke test
// runs the whole experiment, hence the generous timeout.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 300_000, include: ['test/**/*.test.ts'] },
});
