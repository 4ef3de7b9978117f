// GatherV2 of whole rows (axis 0, no batch dims): the embedding lookup.
//
// The stock wasm Gather copies element by element through generic stride arithmetic: 2048 rows of
// a [256, 128] table take 7.4 ms here. Rows are contiguous, so each is one typed-array copy. The
// indices are checked first, with the stock kernel's message. Values are moved as 32-bit integers,
// so the result is bitwise the stock kernel's. Other gathers go to the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, numberAttr } from './kernel-args.js';
import { int32BitsOf, int32View, wasmBackendOf } from './wasm-heap.js';

export function makeGatherV2Config(stockGather: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.GatherV2,
    backendName: 'wasm',
    kernelFunc: (params) => {
      const x = inputOf(params.inputs, 'x', tf.GatherV2);
      const indices = inputOf(params.inputs, 'indices', tf.GatherV2);
      const axis = tf.util.parseAxisParam(numberAttr(params.attrs, 'axis', tf.GatherV2), x.shape)[0];
      const batchDims = params.attrs?.batchDims ?? 0;
      const isRowGather =
        axis === 0 &&
        batchDims === 0 &&
        indices.dtype === 'int32' &&
        (x.dtype === 'float32' || x.dtype === 'int32');
      if (!isRowGather) return stockGather(params);
      const backend = wasmBackendOf(params.backend, tf.GatherV2);
      const rows = x.shape[0]!;
      const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
      const ids = int32View(backend, indices).slice(); // a copy: the heap may grow below
      for (const id of ids) {
        if (!(id >= 0 && id <= rows - 1))
          throw new Error(`GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
      }
      const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
      if (ids.length * rowSize === 0) return out;
      const table = int32BitsOf(backend, x);
      const target = int32BitsOf(backend, out);
      ids.forEach((id, i) => {
        target.set(table.subarray(id * rowSize, (id + 1) * rowSize), i * rowSize);
      });
      return out;
    },
  };
}
