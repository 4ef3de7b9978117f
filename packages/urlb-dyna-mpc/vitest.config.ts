import { defineConfig } from 'vitest/config';

// Tests switch the global tfjs backend and load wasm MuJoCo, so files run in separate forked processes.
export default defineConfig({
  test: { pool: 'forks', testTimeout: 480_000, include: ['test/**/*.test.ts'] },
});
