// StridedSlice: the cases that are a plain slice (unit strides) go through the O(output) slice.
// The stock wasm kernel routes exactly those cases to the stock Slice, which copies the whole input
// first; strided cases already run in C++ and stay with the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberAttr, numberListAttr } from './kernel-args.js';
import { sliceOnHeap } from './slice.js';
import { wasmBackendOf } from './wasm-heap.js';

export function makeStridedSliceConfig(stockStridedSlice: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.StridedSlice,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.StridedSlice);
      if (x.dtype === 'string') return stockStridedSlice(params);
      const attr = (name: string) => numberAttr(params.attrs, name, tf.StridedSlice);
      const list = (name: string) => numberListAttr(params.attrs, name, tf.StridedSlice);
      const info = tf.slice_util.sliceInfo(
        x.shape,
        list('begin'),
        list('end'),
        list('strides'),
        attr('beginMask'),
        attr('endMask'),
        attr('ellipsisMask'),
        attr('newAxisMask'),
        attr('shrinkAxisMask'),
      );
      if (info.isIdentity || !(info.sliceDim0 || info.isSimpleSlice)) return stockStridedSlice(params);
      const backend = wasmBackendOf(params.backend, tf.StridedSlice);
      const size = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
      const piece = sliceOnHeap(backend, x, info.begin, size);
      return { dataId: piece.dataId, dtype: piece.dtype, shape: info.finalShape };
    },
  };
}
