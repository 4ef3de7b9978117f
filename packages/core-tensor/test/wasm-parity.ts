// Shared by the wasm kernel tests: seeded inputs, and running the same ops on cpu and on wasm with
// the fixes in (or on stock wasm), checking that no tensor and no wasm heap block outlives a run
// (tf.memory().numTensors and the backend's data-id count, which also counts the heap windows the
// fixes register).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { registerWasmFixes, unregisterWasmFixes } from '../src/kernels/wasm-fixes.js';

export const RELATIVE_TOLERANCE = 1e-5;

export interface Output {
  shape: number[];
  dtype: tf.DataType;
  values: number[];
}

/** Deterministic values in [-1, 1) (mulberry32), so cpu and wasm see identical inputs. */
export function seededValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seededValues(tf.util.sizeFromShape(shape), seed), shape);
}

/** Runs `build` on one backend inside tidy, reads its outputs, and checks nothing leaked. */
export async function runOn(
  backendName: 'cpu' | 'wasm',
  build: () => tf.Tensor | tf.Tensor[],
): Promise<Output[]> {
  await tf.setBackend(backendName);
  const tensorsBefore = tf.memory().numTensors;
  const dataIdsBefore = tf.backend().numDataIds();
  const result = tf.tidy(build);
  const outputs = Array.isArray(result) ? result : [result];
  const read = outputs.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
  tf.dispose(outputs);
  expect(tf.memory().numTensors, `${backendName}: tensors leaked`).toBe(tensorsBefore);
  expect(tf.backend().numDataIds(), `${backendName}: backend data leaked`).toBe(dataIdsBefore);
  return read;
}

export function expectClose(got: Output, want: Output, tolerance: number): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  const scale = want.values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  const absoluteFloor = tolerance * scale; // error of a sum scales with its terms, not its result
  const bad = got.values.flatMap((v, i) => {
    const w = want.values[i]!;
    return Math.abs(v - w) <= tolerance * Math.abs(w) + absoluteFloor ? [] : [`[${i}] wasm ${v} cpu ${w}`];
  });
  expect(bad.slice(0, 5), `${bad.length} of ${got.values.length} elements differ`).toEqual([]);
}

/**
 * Same outputs on cpu and on wasm with the fixes; tolerance 0 demands identical values. `reference`
 * (default: `build` itself) is what runs on cpu, for the rare case where cpu gets `build` wrong.
 */
export async function expectParity(
  build: () => tf.Tensor | tf.Tensor[],
  tolerance = RELATIVE_TOLERANCE,
  reference = build,
): Promise<void> {
  const want = await runOn('cpu', reference);
  const got = await runOn('wasm', build);
  expect(got.length).toBe(want.length);
  got.forEach((output, i) => {
    expectClose(output, want[i]!, tolerance);
  });
}

/** Runs `build` on wasm without the fixes (the stock kernels), then puts the fixes back. */
export async function runOnStockWasm(build: () => tf.Tensor | tf.Tensor[]): Promise<Output[]> {
  unregisterWasmFixes();
  try {
    return await runOn('wasm', build);
  } finally {
    registerWasmFixes();
  }
}

/** Same outputs, bit for bit, on wasm with the fixes and on stock wasm. */
export async function expectStockBitwise(build: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const want = await runOnStockWasm(build);
  const got = await runOn('wasm', build);
  expect(got.length).toBe(want.length);
  got.forEach((output, i) => {
    expect(output.shape).toEqual(want[i]!.shape);
    expect(output.dtype).toBe(want[i]!.dtype);
    const bits = (values: number[]) => Array.from(new Uint32Array(Float32Array.from(values).buffer));
    expect(bits(output.values)).toEqual(bits(want[i]!.values));
  });
}
