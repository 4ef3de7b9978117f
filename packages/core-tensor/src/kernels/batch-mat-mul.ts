// BatchMatMul that always lands on XNNPACK's GEMM.
//
// The stock wasm kernel (tfjs 4.22, batch_mat_mul_impl.cc) uses XNNPACK only when neither operand
// is transposed and both have batch size 1. Everything else (every matmul in a backward pass, every
// batched attention product) runs a scalar triple loop that is 10-20x slower (measured here on a
// 512² product: 9.5 ms plain, 113 ms with transposeB, 160 ms with transposeA).
//
// So we rewrite each call into plain products that hit the fast path:
// - transposes are materialised (transpose.ts's blocked copy), O(size) against the O(n³)
//   product; for A^T·B^T we compute B·A and transpose the (single) result instead;
// - a right operand shared by the whole batch folds the batch into rows: [B, M, K]·[K, N] is one
//   [B·M, K]·[K, N] product;
// - otherwise each matrix of the batch is multiplied on its own, reading the operands in place
//   through heap windows and writing straight into its window of the output (the wasm function is
//   called directly, so no per-matrix output is allocated and copied); a right-hand matrix reused
//   across the batch keeps its window, so XNNPACK packs its weights once.
// Plain 2-D products take the same route as the stock kernel, plus a guard against the stock
// operator cache confusing a tensor with a reshape of itself (see RightShapes).

import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { booleanAttr, inputOf } from './kernel-args.js';
import { fastTranspose } from './transpose.js';
import {
  disposeScratch,
  float32View,
  releaseWindow,
  reshaped,
  wasmBackendOf,
  wasmIdOf,
  windowOf,
} from './wasm-heap.js';

/**
 * Below this many multiply-adds per matrix, a batch of equal-batch operands stays on the stock
 * loop: one XNNPACK call per matrix costs a few microseconds of setup (measured: 512 products of
 * 16×16·16×16 take 2.2 ms on the stock loop and 2.5 ms one by one; at 64×32·32×64 the per-matrix
 * route is 4.5x faster).
 */
const MIN_MACS_PER_MATRIX = 8192;

/** The stock wasm kernels this fix composes; captured before the fix replaces BatchMatMul. */
export interface MatMulParts {
  batchMatMul: tf.KernelFunc;
  transpose: tf.KernelFunc;
}

/** For each output batch index, the batch index of an operand broadcast against `outShape`. */
function broadcastIndices(outShape: number[], operandShape: number[]): Int32Array {
  const count = tf.util.sizeFromShape(outShape);
  const indices = new Int32Array(count);
  if (tf.util.sizeFromShape(operandShape) === 1) return indices;
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  const operandStrides = [...tf.util.computeStrides(operandShape), 1];
  const lead = outShape.length - operandShape.length; // operand axes align to the right
  for (let flat = 0; flat < count; flat++) {
    let rest = flat;
    let index = 0;
    for (let axis = 0; axis < outShape.length; axis++) {
      const coordinate = Math.floor(rest / outStrides[axis]!);
      rest -= coordinate * outStrides[axis]!;
      const operandAxis = axis - lead;
      if (operandAxis >= 0 && operandShape[operandAxis]! > 1)
        index += coordinate * operandStrides[operandAxis]!;
    }
    indices[flat] = index;
  }
  return indices;
}

/** [batch, rows, cols] -> [batch, cols, rows]: our blocked copy, else the stock C++ Transpose. */
function transposeLastTwo(
  backend: BackendWasm,
  parts: MatMulParts,
  x: tf.TensorInfo,
  batch: number,
): tf.TensorInfo {
  const rows = x.shape[x.shape.length - 2]!;
  const cols = x.shape[x.shape.length - 1]!;
  const fast = fastTranspose(backend, reshaped(x, [batch, rows, cols]), [0, 2, 1]);
  if (fast !== undefined) return fast;
  const result = parts.transpose({
    inputs: { x: reshaped(x, [batch, rows, cols]) },
    backend,
    attrs: { perm: [0, 2, 1] },
  });
  if (Array.isArray(result)) throw new Error('Transpose returned several tensors');
  return result;
}

/**
 * Matrix shape last used as the right operand, by data id. The stock kernel caches XNNPACK's packed
 * copy of the right operand under its tensor id, whatever the shape: multiplying by a tensor and
 * then by a reshape of it (same id, other [K, N]) reuses the wrong operator and aborts the wasm
 * module (seen with tfjs 4.22). Keyed weakly, so entries go with their tensors.
 */
type RightShapes = WeakMap<object, string>;

/**
 * `right` as the stock kernel's right operand of shape [1, K, N]: the tensor itself (so XNNPACK
 * keeps its packed copy across calls), or a window with a fresh id if the id was last used with
 * another shape. Release a returned window (dataId differs from right's) with releaseWindow.
 */
function rightOperand(
  backend: BackendWasm,
  right: tf.TensorInfo,
  shape: number[],
  rightShapes: RightShapes,
): tf.TensorInfo {
  const key = shape.join('x');
  const previous = rightShapes.get(right.dataId);
  if (previous !== undefined && previous !== key) return windowOf(backend, right, 0, shape);
  rightShapes.set(right.dataId, key);
  return reshaped(right, shape);
}

/**
 * The wasm module's own BatchMatMul function (what the stock kernel wraps): multiplies tensor ids
 * `aId` [1, M, K] and `bId` [1, K, N] (untransposed: XNNPACK's fully-connected operator, cached by
 * bId) into the memory registered as `outId`, which may be a window of a larger output.
 */
type WasmBatchMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

const wasmBatchMatMuls = new WeakMap<BackendWasm, WasmBatchMatMul>();

/** cwraps the module's BatchMatMul once per backend, with the argument types the stock kernel uses. */
function wasmBatchMatMulOf(backend: BackendWasm): WasmBatchMatMul {
  let wrapped = wasmBatchMatMuls.get(backend);
  if (wrapped === undefined) {
    // cwrap is an Emscripten runtime export the tfjs typings leave out.
    const { cwrap } = backend.wasm as unknown as { cwrap?: (...args: unknown[]) => unknown };
    if (typeof cwrap !== 'function') throw new Error('BatchMatMul: the wasm module exports no cwrap');
    const argTypes = ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'];
    wrapped = cwrap(tf.BatchMatMul, null, argTypes) as WasmBatchMatMul;
    wasmBatchMatMuls.set(backend, wrapped);
  }
  return wrapped;
}

/** A shape as the bytes of an Int32Array, as the wasm function takes it. */
function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function runStock(
  parts: MatMulParts,
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
): tf.TensorInfo {
  const result = parts.batchMatMul({
    inputs: { a, b },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
  if (Array.isArray(result)) throw new Error('BatchMatMul returned several tensors');
  return result;
}

/**
 * left [·, rows, inner] times right [·, inner, cols], both untransposed and contiguous, for the
 * output batch `batch` whose matrix i reads left[leftIndex[i]] and right[rightIndex[i]].
 * Returns a new [batch, rows, cols] tensor.
 */
function plainProduct(
  backend: BackendWasm,
  parts: MatMulParts,
  rightShapes: RightShapes,
  left: tf.TensorInfo,
  right: tf.TensorInfo,
  leftIndex: Int32Array,
  rightIndex: Int32Array,
  dims: { batch: number; rows: number; inner: number; cols: number },
): tf.TensorInfo {
  const { batch, rows, inner, cols } = dims;
  const isRightShared = rightIndex.every((index) => index === 0);
  const isLeftInOrder = leftIndex.every((index, i) => index === i);
  if (isRightShared && isLeftInOrder) {
    // One right matrix for the whole batch: fold the batch into rows, one XNNPACK call.
    const rightMatrix = rightOperand(backend, right, [1, inner, cols], rightShapes);
    try {
      const product = runStock(parts, backend, reshaped(left, [1, batch * rows, inner]), rightMatrix);
      return { dataId: product.dataId, dtype: product.dtype, shape: [batch, rows, cols] };
    } finally {
      if (rightMatrix.dataId !== right.dataId) releaseWindow(backend, rightMatrix);
    }
  }

  const out = backend.makeOutput([batch, rows, cols], 'float32');
  const leftWindows = new Map<number, tf.TensorInfo>();
  const rightWindows = new Map<number, tf.TensorInfo>();
  const windowFor = (
    cache: Map<number, tf.TensorInfo>,
    source: tf.TensorInfo,
    index: number,
    shape: number[],
  ) => {
    let window = cache.get(index);
    if (window === undefined) {
      window = windowOf(backend, source, index * shape[1]! * shape[2]!, shape);
      cache.set(index, window);
    }
    return window;
  };
  const multiply = wasmBatchMatMulOf(backend);
  const leftShape = shapeBytes([1, rows, inner]);
  const rightShape = shapeBytes([1, inner, cols]);
  try {
    for (let i = 0; i < batch; i++) {
      const leftWindow = windowFor(leftWindows, left, leftIndex[i]!, [1, rows, inner]);
      const rightWindow = windowFor(rightWindows, right, rightIndex[i]!, [1, inner, cols]);
      const outWindow = windowOf(backend, out, i * rows * cols, [1, rows, cols]);
      try {
        const [leftId, rightId, outId] = [leftWindow, rightWindow, outWindow].map((window) =>
          wasmIdOf(backend, window),
        );
        multiply(leftId!, leftShape, 3, rightId!, rightShape, 3, false, false, outId!);
      } finally {
        releaseWindow(backend, outWindow);
      }
    }
  } catch (error) {
    disposeScratch(backend, out);
    throw error;
  } finally {
    for (const window of [...leftWindows.values(), ...rightWindows.values()]) releaseWindow(backend, window);
  }
  return out;
}

/**
 * Whether A^T·B (A [K, M], B [K, N]) is cheaper as (B^T·A)^T. Each call packs its right operand
 * (new every training step, so never cached) at about twice the cost per value of our transpose
 * (measured here: 6 ms to pack [2048, 512], 3 ms to transpose it). Directly: transpose A, pack B,
 * t·KM + 2t·KN; swapped: transpose B and the result, pack A, t·(KN + MN) + 2t·KM.
 */
function isSwapCheaper(inner: number, rows: number, cols: number): boolean {
  return inner * rows + rows * cols < inner * cols;
}

function batchMatMul(
  params: Parameters<tf.KernelFunc>[0],
  parts: MatMulParts,
  rightShapes: RightShapes,
): tf.TensorInfo | tf.TensorInfo[] {
  const a = inputOf(params.inputs, 'a', tf.BatchMatMul);
  const b = inputOf(params.inputs, 'b', tf.BatchMatMul);
  const transposeA = booleanAttr(params.attrs, 'transposeA', tf.BatchMatMul);
  const transposeB = booleanAttr(params.attrs, 'transposeB', tf.BatchMatMul);
  // Non-float inputs: the stock kernel raises its own error.
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return parts.batchMatMul(params);
  const backend = wasmBackendOf(params.backend, tf.BatchMatMul);

  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) {
    throw new Error(`matMul needs operands of rank 2 or more, got shapes [${a.shape}] and [${b.shape}]`);
  }
  const rows = a.shape[transposeA ? aRank - 1 : aRank - 2]!; // M
  const inner = a.shape[transposeA ? aRank - 2 : aRank - 1]!; // K
  const innerB = b.shape[transposeB ? bRank - 1 : bRank - 2]!;
  const cols = b.shape[transposeB ? bRank - 2 : bRank - 1]!; // N
  if (inner !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${inner}) and (${innerB}) of tensors with shapes [${a.shape}] and ` +
        `[${b.shape}] and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const aBatchShape = a.shape.slice(0, -2);
  const bBatchShape = b.shape.slice(0, -2);
  const outBatchShape = tf.broadcast_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
  const outShape = [...outBatchShape, rows, cols];
  const batch = tf.util.sizeFromShape(outBatchShape);
  const batchA = tf.util.sizeFromShape(aBatchShape);
  const batchB = tf.util.sizeFromShape(bBatchShape);

  const isSmallEqualBatch = batchA === batchB && batch > 1 && rows * inner * cols < MIN_MACS_PER_MATRIX;
  if (isSmallEqualBatch) return parts.batchMatMul(params);

  if (batch * rows * cols === 0 || inner === 0) {
    const out = backend.makeOutput(outShape, 'float32');
    float32View(backend, out).fill(0);
    return out;
  }

  const aIndex = broadcastIndices(outBatchShape, aBatchShape);
  const bIndex = broadcastIndices(outBatchShape, bBatchShape);
  const withOutShape = (info: tf.TensorInfo): tf.TensorInfo => ({
    dataId: info.dataId,
    dtype: info.dtype,
    shape: outShape,
  });

  if (transposeA && transposeB) {
    // A^T·B^T = (B·A)^T: multiply the stored operands, transpose the one product.
    const dims = { batch, rows: cols, inner, cols: rows };
    const product = plainProduct(backend, parts, rightShapes, b, a, bIndex, aIndex, dims);
    try {
      return withOutShape(transposeLastTwo(backend, parts, product, batch));
    } finally {
      disposeScratch(backend, product);
    }
  }
  if (transposeA && !transposeB && isSwapCheaper(inner, rows, cols)) {
    // A^T·B = (B^T·A)^T: A becomes the right operand, which XNNPACK packs; same products in the
    // same order, so bitwise the same result.
    const dims = { batch, rows: cols, inner, cols: rows };
    const bTransposed = transposeLastTwo(backend, parts, b, batchB);
    try {
      const product = plainProduct(backend, parts, rightShapes, bTransposed, a, bIndex, aIndex, dims);
      try {
        return withOutShape(transposeLastTwo(backend, parts, product, batch));
      } finally {
        disposeScratch(backend, product);
      }
    } finally {
      disposeScratch(backend, bTransposed);
    }
  }
  const left = transposeA ? transposeLastTwo(backend, parts, a, batchA) : a;
  const right = transposeB ? transposeLastTwo(backend, parts, b, batchB) : b;
  try {
    const dims = { batch, rows, inner, cols };
    return withOutShape(plainProduct(backend, parts, rightShapes, left, right, aIndex, bIndex, dims));
  } finally {
    if (left !== a) disposeScratch(backend, left);
    if (right !== b) disposeScratch(backend, right);
  }
}

export function makeBatchMatMulConfig(parts: MatMulParts): tf.KernelConfig {
  const rightShapes: RightShapes = new WeakMap();
  return {
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    kernelFunc: (params) => batchMatMul(params, parts, rightShapes),
  };
}
