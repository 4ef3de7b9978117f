import { defineConfig } from 'vitest/config';

// Tests switch the global tfjs backend, so files run in separate forked processes; the smoke run
// of the whole experiment takes ≈ 2 min alone but far longer when CI runs every package at once.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 1_800_000, hookTimeout: 1_800_000, include: ['test/**/*.test.ts'] },
});
