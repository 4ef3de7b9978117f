// How long a training step spends in matrix products, from tf.profile: the floor that the rest of
// the step (elementwise kernels, dispatch, the gradient tape) sits on. `pnpm bench` divides torch's
// whole step by it for the ceiling of the torch ratio, and one model's step by it for the ceiling of
// the ensemble speed-up: what those ratios would be if every other kernel took no time.
import { tf } from '../src/index.js';

/** The kernels that are matrix products on wasm (the conv ones are patch-matrix products). */
const PRODUCT_KERNELS = new Set([
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.Conv2D,
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
]);

/** Milliseconds per call of `step` spent in PRODUCT_KERNELS, over `steps` profiled calls. */
export async function productMillisecondsPerStep(step: () => void, steps = 3): Promise<number> {
  step(); // warm-up: first calls create XNNPACK operators and grow the heap
  const profile = await tf.profile(() => {
    for (let i = 0; i < steps; i++) step();
  });
  let total = 0;
  for (const kernel of profile.kernels) {
    if (PRODUCT_KERNELS.has(kernel.name) && typeof kernel.kernelTimeMs === 'number')
      total += kernel.kernelTimeMs;
  }
  return total / steps;
}
