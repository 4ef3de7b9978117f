// Transpose of large matrices as a cache-blocked copy in JS.
//
// The stock wasm Transpose walks the output with strided reads of the input: about 0.5 ns per value
// while a matrix fits in cache, but 3-5 ns once it does not ([2048, 512]: 5.2 ms), and the large
// transposed matmul operands (weight gradients over a big batch) and reductions over the batch go
// through a transpose first. Copied in 32×32 tiles from JS it costs a flat 2.5-2.8 ns per value
// (3.0 ms there), so matrices of LARGE_MATRIX values or more take this path and smaller ones stay
// stock (measured here, 2026-12-05: [2048, 128] 0.63 vs 0.82 ms, [512, 512] a tie, [16, 128, 64]
// 0.33 vs 0.07 ms). A transpose only moves values, so the result is bitwise the stock kernel's;
// values are moved as 32-bit integers so no float (not even a NaN payload) is touched.
//
// Every permutation is first simplified as the stock kernel does (axes of size 1 dropped), then
// runs of axes that stay adjacent are merged. What matmul operands and reductions need then has
// the form [outer, rows, cols] -> [outer, cols, rows] ([1, 0] or [0, 2, 1]): a batch of 2-D
// transposes of single values. Anything else goes to the stock kernel, which is the faster one
// when contiguous runs move together (the attention heads' [0, 2, 1, 3]: 0.17 ms there, 0.62 here).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberListAttr } from './kernel-args.js';
import { int32BitsOf, wasmBackendOf } from './wasm-heap.js';

/** A transpose as a batch of 2-D ones: [outer, rows, cols] -> [outer, cols, rows]. */
interface SwapForm {
  outer: number;
  rows: number;
  cols: number;
}

const TILE = 32;

/** Values per matrix from which the JS copy beats the stock kernel (see the top of the file). */
export const LARGE_MATRIX = 1 << 18;

/**
 * `shape` and `perm` with size-1 axes dropped and adjacent runs merged: the smallest transpose that
 * moves the same memory. Returns the merged input sizes, ordered as the input, and the permutation.
 */
export function simplifyPermutation(
  shape: readonly number[],
  perm: readonly number[],
): { sizes: number[]; perm: number[] } {
  // Drop size-1 axes and renumber the rest, so axes around a dropped one count as adjacent.
  const keptAxes = shape.flatMap((size, axis) => (size === 1 ? [] : [axis]));
  const kept = perm.filter((axis) => shape[axis] !== 1).map((axis) => keptAxes.indexOf(axis));
  // Groups of axes that stay adjacent and in order in the output.
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups.at(-1);
    if (last !== undefined && last.at(-1)! + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const byInputOrder = [...groups].sort((a, b) => a[0]! - b[0]!);
  const sizes = byInputOrder.map((group) => group.reduce((size, axis) => size * shape[keptAxes[axis]!]!, 1));
  return { sizes, perm: groups.map((group) => byInputOrder.indexOf(group)) };
}

/** The swap form of a simplified transpose, or undefined when it is not one. */
export function swapFormOf(sizes: readonly number[], perm: readonly number[]): SwapForm | undefined {
  const key = perm.join(',');
  const [s0 = 1, s1 = 1, s2 = 1] = sizes;
  if (key === '1,0') return { outer: 1, rows: s0, cols: s1 };
  if (key === '0,2,1') return { outer: s0, rows: s1, cols: s2 };
  return undefined;
}

/**
 * One [rows, cols] matrix of single values transposed, in TILE×TILE tiles so both stay in cache;
 * within a tile the output is written in order (measured here: faster than reading in order).
 */
function transposeMatrix(
  source: Int32Array,
  target: Int32Array,
  base: number,
  rows: number,
  cols: number,
): void {
  for (let c0 = 0; c0 < cols; c0 += TILE) {
    const cEnd = Math.min(c0 + TILE, cols);
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const rEnd = Math.min(r0 + TILE, rows);
      for (let c = c0; c < cEnd; c++) {
        let to = base + c * rows + r0;
        let from = base + r0 * cols + c;
        for (let r = r0; r < rEnd; r++) {
          target[to++] = source[from]!;
          from += cols;
        }
      }
    }
  }
}

/** Copies `source` into `target` as the swap form says. */
function swapCopy(source: Int32Array, target: Int32Array, form: SwapForm): void {
  const { outer, rows, cols } = form;
  for (let o = 0; o < outer; o++) transposeMatrix(source, target, o * rows * cols, rows, cols);
}

/**
 * `x` transposed by `perm` as a new tensor, or undefined when this permutation, size or dtype is
 * better left to the stock kernel.
 */
export function fastTranspose(
  backend: BackendWasm,
  x: tf.TensorInfo,
  perm: readonly number[],
): tf.TensorInfo | undefined {
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return undefined;
  const { sizes, perm: simple } = simplifyPermutation(x.shape, perm);
  const form = simple.length < 2 ? undefined : swapFormOf(sizes, simple);
  if (form === undefined || form.rows * form.cols < LARGE_MATRIX) return undefined;
  const out = backend.makeOutput(
    perm.map((axis) => x.shape[axis]!),
    x.dtype,
  );
  // Views after makeOutput: an allocation may grow (and so detach) the heap.
  swapCopy(int32BitsOf(backend, x), int32BitsOf(backend, out), form);
  return out;
}

export function makeTransposeConfig(stockTranspose: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Transpose,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.Transpose);
      const perm = numberListAttr(params.attrs, 'perm', tf.Transpose);
      const backend = wasmBackendOf(params.backend, tf.Transpose);
      return fastTranspose(backend, x, perm) ?? stockTranspose(params);
    },
  };
}
