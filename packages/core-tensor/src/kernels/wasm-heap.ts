// Direct access to the wasm backend's heap, for kernels that compose stock wasm kernels.
//
// Every tensor of the wasm backend is a malloc'd block on the wasm heap, known to the C++ side by
// an integer id (registered with `register_tensor`). Two facts shape the helpers here:
// - A typed-array view of the heap goes stale (detached, length 0) whenever the heap grows, and any
//   `makeOutput` may grow it. So a view is taken right before use, after the last allocation.
// - The C++ side only reads (id -> pointer, size). We can register a second id for memory inside an
//   existing block (a "window": one matrix of a batch, a run of rows) and hand it to a stock kernel
//   without copying. A window must be released with `releaseWindow`, never `disposeData`: the
//   latter would `free()` a pointer into the middle of someone else's block.

import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';

/** The backend a kernel was called with, checked to be the wasm one. */
export function wasmBackendOf(backend: unknown, kernel: string): BackendWasm {
  if (!(backend instanceof BackendWasm)) {
    throw new Error(`${kernel}: this kernel fix runs on the wasm backend only, got ${String(backend)}`);
  }
  return backend;
}

function tensorDataOf(backend: BackendWasm, info: tf.TensorInfo) {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('wasm tensor data is missing: the tensor was disposed');
  return data;
}

/** The integer id the C++ side knows a tensor (or a window) by. */
export function wasmIdOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return tensorDataOf(backend, info).id;
}

/** Byte offset of a tensor's first element on the wasm heap. */
export function heapOffsetOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return tensorDataOf(backend, info).memoryOffset;
}

/** A float32 view of the tensor's memory; valid until the next allocation on the heap. */
export function float32View(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return view;
}

/** An int32 view of the tensor's memory; valid until the next allocation on the heap. */
export function int32View(backend: BackendWasm, info: tf.TensorInfo): Int32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Int32Array)) throw new Error(`expected an int32 tensor, got ${info.dtype}`);
  return view;
}

/**
 * The tensor's 4-byte elements as int32 whatever their dtype (float32 or int32), for kernels that
 * only move values: copied as integers, no float (not even a NaN payload) is touched. Valid until
 * the next allocation on the heap.
 */
export function int32BitsOf(backend: BackendWasm, info: tf.TensorInfo): Int32Array {
  const size = info.shape.reduce((product, dim) => product * dim, 1);
  return new Int32Array(backend.typedArrayFromHeap(info).buffer, heapOffsetOf(backend, info), size);
}

/**
 * A new tensor on `info`'s block, without copying: tfjs tensors are immutable, and the block is
 * reference counted (disposeData decrements), so it is freed with the last tensor on it.
 */
export function sharedTensor(backend: BackendWasm, info: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(info.dataId);
  return { dataId: info.dataId, shape: [...info.shape], dtype: info.dtype };
}

/** The same data under another shape (no copy, no new id); only for passing to stock kernels. */
export function reshaped(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * Registers `shape` elements starting `elementOffset` elements into `info`'s block as a tensor of
 * its own, so stock kernels can read (or write) that window in place. Release with `releaseWindow`.
 */
export function windowOf(
  backend: BackendWasm,
  info: tf.TensorInfo,
  elementOffset: number,
  shape: number[],
): tf.TensorInfo {
  const bytesPerElement = info.dtype === 'bool' ? 1 : 4;
  const memoryOffset = heapOffsetOf(backend, info) + elementOffset * bytesPerElement;
  return backend.makeOutput(shape, info.dtype, memoryOffset);
}

/** Forgets a window's id on both sides without freeing the memory it points into. */
export function releaseWindow(backend: BackendWasm, window: tf.TensorInfo): void {
  const data = tensorDataOf(backend, window);
  backend.wasm.tfjs.disposeData(data.id); // also drops XNNPACK operators cached on this id
  backend.dataIdMap.delete(window.dataId);
}

/** Frees a scratch tensor the kernel allocated (a real block, unlike a window). */
export function disposeScratch(backend: BackendWasm, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/**
 * A plain (untransposed) product through the stock BatchMatMul kernel, XNNPACK's fast case, with
 * one operand read in place as a window of `source` that is released afterwards.
 */
export function productWithWindow(
  batchMatMul: tf.KernelFunc,
  backend: BackendWasm,
  window: { source: tf.TensorInfo; elementOffset: number; shape: number[]; side: 'a' | 'b' },
  other: tf.TensorInfo,
): tf.TensorInfo {
  const view = windowOf(backend, window.source, window.elementOffset, window.shape);
  try {
    const inputs = window.side === 'a' ? { a: view, b: other } : { a: other, b: view };
    const product = batchMatMul({ inputs, backend, attrs: { transposeA: false, transposeB: false } });
    if (Array.isArray(product)) throw new Error('BatchMatMul returned several tensors');
    return product;
  } finally {
    releaseWindow(backend, view);
  }
}
