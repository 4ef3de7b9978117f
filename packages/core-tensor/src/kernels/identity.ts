// Identity that shares its input's memory instead of copying it.
//
// The engine runs Identity (`engine.clone`) on every tensor an op saves for its backward pass, so
// under a gradient tape each op's saved inputs and outputs are cloned. The stock wasm Identity
// copies the whole tensor each time (profiled on the ensemble workload, M = 16, batch 128: 37
// copies per training step, 20 of them [16, 128, 64]). tfjs tensors are immutable (a Variable's
// assign swaps in another data id), so a clone can share the data: the cpu backend's Identity does
// exactly this, and the wasm Reshape already does it too. The shared block is reference counted
// (incRef here, disposeData decrements), so it is freed when the last tensor on it goes.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf } from './kernel-args.js';
import { sharedTensor, wasmBackendOf } from './wasm-heap.js';

export function makeIdentityConfig(stockIdentity: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.Identity);
      if (x.dtype === 'string') return stockIdentity(params);
      const backend = wasmBackendOf(params.backend, tf.Identity);
      return sharedTensor(backend, x);
    },
  };
}
