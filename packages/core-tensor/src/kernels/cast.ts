// Cast to the dtype a tensor already has shares its memory instead of copying it.
//
// tfjs's gradient of a product casts the other factor to float32 (`mul(dy, cast(b, 'float32'))`),
// so every Multiply in a backward pass casts a float32 tensor to float32, and the stock wasm Cast
// copies it (43 copies per step of the transformer benchmark). tfjs tensors are immutable, so the
// result can share the block, reference counted as the Identity fix does (identity.ts). Casts that
// change the dtype go to the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf } from './kernel-args.js';
import { sharedTensor, wasmBackendOf } from './wasm-heap.js';

export function makeCastConfig(stockCast: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Cast,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.Cast);
      const dtype = params.attrs?.dtype;
      if (dtype !== x.dtype || x.dtype === 'string' || x.dtype === 'complex64') return stockCast(params);
      const backend = wasmBackendOf(params.backend, tf.Cast);
      return sharedTensor(backend, x);
    },
  };
}
