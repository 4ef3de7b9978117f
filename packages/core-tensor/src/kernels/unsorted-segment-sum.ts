// UnsortedSegmentSum for the wasm backend, which has none in tfjs 4.22. tf.gather's gradient is
// built on it, so without it no embedding can train on wasm.
//
//   out[v, ...] = Σ_{i : segmentIds[i] = v} x[i, ...]
//
// computed as a scatter-add: one pass over the N rows of x, each added into its segment's row.
// Time and memory are O(N·D + V·D); a one-hot [N, V] matrix times x would cost O(N·V·D) time and
// O(N·V) memory (2048 tokens over a 4096-symbol vocabulary: 8M floats for one gradient).
// Ids outside [0, numSegments) are dropped, as the cpu backend does.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberAttr } from './kernel-args.js';
import { int32View, wasmBackendOf } from './wasm-heap.js';

function unsortedSegmentSum(params: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const kernel = tf.UnsortedSegmentSum;
  const x = inputOf(params.inputs, 'x', kernel);
  const segmentIds = inputOf(params.inputs, 'segmentIds', kernel);
  const numSegments = numberAttr(params.attrs, 'numSegments', kernel);
  const backend = wasmBackendOf(params.backend, kernel);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`${kernel} on wasm supports float32 and int32 x, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== 'int32')
    throw new Error(`${kernel}: segmentIds must be int32, got ${segmentIds.dtype}`);
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`${kernel}: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  // segmentIds label the leading axes of x; each label covers one row of `rowSize` elements.
  const idsRank = segmentIds.shape.length;
  const isLeadingMatch = segmentIds.shape.every((size, axis) => size === x.shape[axis]);
  if (idsRank > x.shape.length || !isLeadingMatch) {
    throw new Error(
      `${kernel}: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  const rowShape = x.shape.slice(idsRank);
  const rowSize = tf.util.sizeFromShape(rowShape);
  const out = backend.makeOutput([numSegments, ...rowShape], x.dtype);

  // Views after the allocation (it may grow the heap). Same element type for x and out.
  const outValues = backend.typedArrayFromHeap(out);
  const xValues = backend.typedArrayFromHeap(x);
  const ids = int32View(backend, segmentIds);
  outValues.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= numSegments) continue;
    const target = segment * rowSize;
    const source = row * rowSize;
    for (let i = 0; i < rowSize; i++) outValues[target + i] = outValues[target + i]! + xValues[source + i]!;
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
