import { defineConfig } from 'vitest/config';

// Tests switch the global tfjs backend, so files run in separate forked processes; the smoke run
// of the whole experiment needs minutes on a loaded 2-core machine.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 600_000, hookTimeout: 600_000, include: ['test/**/*.test.ts'] },
});
