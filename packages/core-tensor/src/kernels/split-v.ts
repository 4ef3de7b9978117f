// SplitV (tf.split) through the O(output) slice. The stock wasm SplitV calls the stock Slice once
// per piece, and that Slice copies the whole input each time: O(pieces × input) instead of O(input).
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberAttr, numbersAttr } from './kernel-args.js';
import { sliceOnHeap } from './slice.js';
import { wasmBackendOf } from './wasm-heap.js';

export function makeSplitVConfig(stockSplitV: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.SplitV,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.SplitV);
      if (x.dtype === 'string') return stockSplitV(params);
      const backend = wasmBackendOf(params.backend, tf.SplitV);
      const axis = tf.util.parseAxisParam(numberAttr(params.attrs, 'axis', tf.SplitV), x.shape)[0]!;
      const numOrSizeSplits = numbersAttr(params.attrs, 'numOrSizeSplits', tf.SplitV);
      const splitSizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
      const begin = new Array<number>(x.shape.length).fill(0);
      return splitSizes.map((splitSize) => {
        const size = [...x.shape];
        size[axis] = splitSize;
        const piece = sliceOnHeap(backend, x, begin, size);
        begin[axis] = begin[axis]! + splitSize;
        return piece;
      });
    },
  };
}
