// Slice in O(output) on the wasm heap.
//
// The stock wasm Slice (tfjs 4.22) starts with `backend.readSync(x.dataId)`, which copies the WHOLE
// input out of the heap (`HEAPU8.slice`) before copying the wanted part. Taking one row of a
// [B, T, C] activation therefore costs as much as copying all of it, and Unpack / SplitV, which call
// that slice once per output, cost O(outputs × input). Here we read the input through a view of the
// heap (no copy) and copy only the output, one contiguous run at a time.

import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numbersAttr } from './kernel-args.js';
import { wasmBackendOf } from './wasm-heap.js';

/** Below this many elements a plain loop beats `subarray` + `set` (two allocations per run). */
const SHORT_RUN = 16;

/**
 * Copies x[begin : begin + size] (per axis) into a new tensor. `begin` and `size` are already
 * resolved (no -1 sizes). Strings are not supported here (their bytes do not live on the heap).
 */
export function sliceOnHeap(
  backend: BackendWasm,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const outSize = tf.util.sizeFromShape(size);
  if (outSize === 0) return out;

  // Views are taken after makeOutput: an allocation may grow (and detach) the heap buffer.
  const xValues = backend.typedArrayFromHeap(x);
  const outValues = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  if (rank === 0) {
    outValues[0] = xValues[0]!;
    return out;
  }

  // Trailing axes taken whole merge with the innermost partial axis into one contiguous run.
  const strides = [...tf.util.computeStrides(x.shape), 1];
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === x.shape[inner]) inner--;
  const runLength = size[inner]! * strides[inner]!;
  const runStart = begin[inner]! * strides[inner]!;

  // Odometer over the outer axes [0, inner); `xOffset` tracks the start of the current run.
  const index = new Array<number>(inner).fill(0);
  let xOffset = runStart;
  for (let axis = 0; axis < inner; axis++) xOffset += begin[axis]! * strides[axis]!;
  for (let outOffset = 0; outOffset < outSize; outOffset += runLength) {
    if (runLength >= SHORT_RUN) {
      outValues.set(xValues.subarray(xOffset, xOffset + runLength), outOffset);
    } else {
      for (let i = 0; i < runLength; i++) outValues[outOffset + i] = xValues[xOffset + i]!;
    }
    for (let axis = inner - 1; axis >= 0; axis--) {
      xOffset += strides[axis]!;
      if (++index[axis]! < size[axis]!) break;
      xOffset -= size[axis]! * strides[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}

/** The Slice kernel: strings go to the stock kernel, everything else is copied in O(output). */
export function makeSliceConfig(stockSlice: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Slice,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.Slice);
      if (x.dtype === 'string') return stockSlice(params);
      const backend = wasmBackendOf(params.backend, tf.Slice);
      const [begin, size] = tf.slice_util.parseSliceParams(
        x,
        numbersAttr(params.attrs, 'begin', tf.Slice),
        numbersAttr(params.attrs, 'size', tf.Slice),
      );
      return sliceOnHeap(backend, x, begin!, size!);
    },
  };
}
