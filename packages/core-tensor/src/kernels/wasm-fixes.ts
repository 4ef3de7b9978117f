// Installs (and removes) core-tensor's fixes to the stock tfjs 4.22 wasm backend:
// - added, missing in stock wasm: Conv2DBackpropFilter (conv nets cannot train without it) and
//   UnsortedSegmentSum (the gradient of tf.gather, so embeddings cannot train without it);
// - replaced, slow in stock wasm: BatchMatMul (transposed or batched operands fell off XNNPACK),
//   Conv2DBackpropInput (a scalar loop, 10x slower than the forward conv), Slice (copied its whole
//   input), Unpack / SplitV / StridedSlice (built on that Slice), and Identity (copied the tensor
//   each time the gradient tape saved one; now shares it, as the cpu backend does), Transpose (a
//   strided copy; now a blocked copy for the permutations training uses), Sum over leading axes
//   (through that Transpose), GatherV2 of rows (element by element; now a copy per row) and Cast
//   to the same dtype (copied; now shared). These last four are bitwise the stock kernels.
// Each fix is tested against the cpu backend in test/wasm-kernels.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm'; // registers the stock wasm kernels that the fixes wrap
import { makeBatchMatMulConfig } from './batch-mat-mul.js';
import { makeCastConfig } from './cast.js';
import { makeConv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { makeConv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { makeGatherV2Config } from './gather.js';
import { makeIdentityConfig } from './identity.js';
import { makeSliceConfig } from './slice.js';
import { makeSplitVConfig } from './split-v.js';
import { makeStridedSliceConfig } from './strided-slice.js';
import { makeSumConfig } from './sum.js';
import { makeTransposeConfig } from './transpose.js';
import { makeUnpackConfig } from './unpack.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

const BACKEND = 'wasm';

/**
 * What each fix displaced in tfjs's kernel registry (undefined: the kernel was missing), so that
 * `unregisterWasmFixes` can put the stock kernels back exactly. The registry is process-global,
 * so this record of our change to it has to be too; it is empty whenever the fixes are not in.
 */
const displaced = new Map<string, tf.KernelConfig | undefined>();

function stockKernelFunc(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, BACKEND);
  if (config === undefined) {
    throw new Error(
      `the stock wasm kernel '${kernelName}' is not registered; is @tensorflow/tfjs-backend-wasm loaded?`,
    );
  }
  return config.kernelFunc;
}

function buildFixes(): tf.KernelConfig[] {
  // Captured from the registry before any fix replaces them: the fixes compose the stock kernels.
  const batchMatMul = stockKernelFunc(tf.BatchMatMul);
  const transpose = stockKernelFunc(tf.Transpose);
  return [
    makeBatchMatMulConfig({ batchMatMul, transpose }),
    // The conv gradients need only untransposed batch-1 products: the stock kernel's fast case.
    makeConv2DBackpropFilterConfig(batchMatMul),
    makeConv2DBackpropInputConfig(batchMatMul),
    unsortedSegmentSumConfig,
    makeSliceConfig(stockKernelFunc(tf.Slice)),
    makeUnpackConfig(stockKernelFunc(tf.Unpack)),
    makeSplitVConfig(stockKernelFunc(tf.SplitV)),
    makeStridedSliceConfig(stockKernelFunc(tf.StridedSlice)),
    makeIdentityConfig(stockKernelFunc(tf.Identity)),
    makeTransposeConfig(transpose),
    makeSumConfig(stockKernelFunc(tf.Sum)),
    makeGatherV2Config(stockKernelFunc(tf.GatherV2)),
    makeCastConfig(stockKernelFunc(tf.Cast)),
  ];
}

/**
 * Registers the wasm kernel fixes and returns the names of the kernels added or replaced.
 * Idempotent: a second call changes nothing and returns the same names. Works before or after the
 * wasm backend is initialised (a replaced kernel keeps the stock setup function, which the engine
 * runs when the backend starts).
 */
export function registerWasmFixes(): string[] {
  if (displaced.size > 0) return [...displaced.keys()];
  for (const fix of buildFixes()) {
    const original = tf.getKernel(fix.kernelName, BACKEND);
    if (original !== undefined) tf.unregisterKernel(fix.kernelName, BACKEND);
    tf.registerKernel({ ...fix, setupFunc: original?.setupFunc, disposeFunc: original?.disposeFunc });
    displaced.set(fix.kernelName, original);
  }
  return [...displaced.keys()];
}

/** Puts back exactly the stock wasm kernels (the very config objects) that the fixes displaced. */
export function unregisterWasmFixes(): void {
  for (const [kernelName, original] of displaced) {
    if (tf.getKernel(kernelName, BACKEND) !== undefined) tf.unregisterKernel(kernelName, BACKEND);
    if (original !== undefined) tf.registerKernel(original);
  }
  displaced.clear();
}
