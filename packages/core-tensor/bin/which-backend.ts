// `pnpm --filter core-tensor run which-backend`: which tfjs backend this machine gets and why.
// Honours TFJS_BACKEND; exits 1 with the reason when an explicitly named backend cannot load.
import { initBackend } from '../src/index.js';

try {
  const choice = await initBackend();
  console.log(`backend: ${choice.name}\nwhy: ${choice.reason}`);
  if (choice.kernelFixes.length > 0) console.log(`wasm kernel fixes: ${choice.kernelFixes.join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
