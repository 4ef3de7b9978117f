// Unpack (tf.unstack) through the O(output) slice. The stock wasm Unpack calls the stock Slice once
// per output, and that Slice copies the whole input each time: O(outputs × input) for what is one
// pass over the input.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberAttr } from './kernel-args.js';
import { sliceOnHeap } from './slice.js';
import { wasmBackendOf } from './wasm-heap.js';

export function makeUnpackConfig(stockUnpack: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Unpack,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const value = inputOf(params.inputs, 'value', tf.Unpack);
      if (value.dtype === 'string') return stockUnpack(params);
      const backend = wasmBackendOf(params.backend, tf.Unpack);
      const rank = value.shape.length;
      const rawAxis = numberAttr(params.attrs, 'axis', tf.Unpack);
      const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
      const outShape = value.shape.filter((_, i) => i !== axis); // value.shape without `axis`
      const begin = new Array<number>(rank).fill(0);
      const size = [...value.shape];
      size[axis] = 1;
      const outputs: tf.TensorInfo[] = [];
      for (let i = 0; i < value.shape[axis]!; i++) {
        begin[axis] = i;
        const piece = sliceOnHeap(backend, value, begin, size);
        outputs.push({ dataId: piece.dataId, dtype: piece.dtype, shape: outShape });
      }
      return outputs;
    },
  };
}
