// Sum over axes that are not the innermost ones (the bias gradients: a sum over the batch).
//
// The stock wasm Sum moves the reduced axes innermost with the stock Transpose, then sums each
// output's run of values in order, in float32 from 0. Its transpose dominates ([2048, 512] over
// axis 0: 6.5 ms, of which the sum is 0.5). Here:
// - leading axes ([rows, cols] summed over rows): one pass over the input, adding row after row
//   into float32 accumulators, which is the stock order of additions per output;
// - other axes: transpose.ts's blocked copy, then the stock Sum.
// Both only for inputs of LARGE_MATRIX values or more: below that the stock transpose runs in cache
// and the stock kernel is the faster one. Either way each output adds the same float32 values in
// the same order as the stock kernel (a float32 add done in double and rounded back is the float32
// add), so the result is bitwise its.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { booleanAttr, inputOf, numbersAttr } from './kernel-args.js';
import { fastTranspose, LARGE_MATRIX } from './transpose.js';
import { disposeScratch, float32View, wasmBackendOf } from './wasm-heap.js';

/** `x` summed over its first `count` axes: row after row into float32 accumulators. */
function sumLeadingAxes(
  backend: BackendWasm,
  x: tf.TensorInfo,
  count: number,
  keepDims: boolean,
): tf.TensorInfo {
  const rows = tf.util.sizeFromShape(x.shape.slice(0, count));
  const outShape = x.shape.slice(count);
  const cols = tf.util.sizeFromShape(outShape);
  const out = backend.makeOutput(
    keepDims ? [...x.shape.slice(0, count).map(() => 1), ...outShape] : outShape,
    'float32',
  );
  const sums = float32View(backend, out); // views after makeOutput: it may grow the heap
  const values = float32View(backend, x);
  sums.fill(0);
  for (let row = 0; row < rows; row++) {
    const offset = row * cols;
    for (let col = 0; col < cols; col++) sums[col] = sums[col]! + values[offset + col]!;
  }
  return out;
}

export function makeSumConfig(stockSum: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Sum,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.Sum);
      if (params.attrs?.axis === null || params.attrs?.axis === undefined) return stockSum(params); // all axes
      const axes = tf.util.parseAxisParam(numbersAttr(params.attrs, 'axis', tf.Sum), x.shape);
      const keepDims = booleanAttr(params.attrs, 'keepDims', tf.Sum);
      const perm = tf.backend_util.getAxesPermutation(axes, x.shape.length);
      // Already innermost, or small enough for the stock kernel's in-cache transpose.
      if (perm === null || tf.util.sizeFromShape(x.shape) < LARGE_MATRIX) return stockSum(params);
      const backend = wasmBackendOf(params.backend, tf.Sum);
      const isLeading = axes.every((axis, i) => axis === i);
      if (isLeading && x.dtype === 'float32') return sumLeadingAxes(backend, x, axes.length, keepDims);
      const transposed = fastTranspose(backend, x, perm);
      if (transposed === undefined) return stockSum(params);
      try {
        const innermost = tf.backend_util.getInnerMostAxes(axes.length, x.shape.length);
        const result = stockSum({
          inputs: { x: transposed },
          backend,
          attrs: { axis: innermost, keepDims: false },
        });
        if (Array.isArray(result)) throw new Error('Sum returned several tensors');
        const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(result.shape, axes) : result.shape;
        return { ...result, shape };
      } finally {
        disposeScratch(backend, transposed);
      }
    },
  };
}
