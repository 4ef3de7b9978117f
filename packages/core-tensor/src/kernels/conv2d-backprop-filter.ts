// Conv2DBackpropFilter for the wasm backend, which has none in tfjs 4.22: without it no conv net
// can train on wasm. The filter gradient of an NHWC convolution is one matrix product,
//
//   dW[k, o] = Σ_m patches[m, k] · dY[m, o],   m = (n, y, x), k = (r, s, c)   (see conv-patches.ts)
//
// computed as patchesᵀ [K, M] · dY [M, O] with the stock XNNPACK product (its fast case wants
// untransposed operands, and the big matrix on the left). patchesᵀ is written by a JS loop into a
// heap buffer; dY is read in place. Large batches go a chunk of images at a time, so the patch
// matrix stays under a fixed budget, and the chunks' products are summed.
import * as tf from '@tensorflow/tfjs-core';
import { gradientConvInfo, imagesPerChunk, writeTransposedPatches } from './conv-patches.js';
import { filterShapeAttr, inputOf } from './kernel-args.js';
import { disposeScratch, float32View, productWithWindow, reshaped, wasmBackendOf } from './wasm-heap.js';

function conv2DBackpropFilter(
  params: Parameters<tf.KernelFunc>[0],
  batchMatMul: tf.KernelFunc,
): tf.TensorInfo {
  const kernel = tf.Conv2DBackpropFilter;
  const x = inputOf(params.inputs, 'x', kernel);
  const dy = inputOf(params.inputs, 'dy', kernel);
  const backend = wasmBackendOf(params.backend, kernel);
  if (x.shape.length !== 4 || dy.shape.length !== 4) {
    throw new Error(`${kernel}: x and dy must be rank 4 (NHWC), got [${x.shape}] and [${dy.shape}]`);
  }
  const filterShape = filterShapeAttr(params.attrs, kernel);
  const info = gradientConvInfo(params.attrs, x.shape, filterShape, kernel);
  const { batchSize, outHeight, outWidth, outChannels } = info;
  const taps = info.filterHeight * info.filterWidth * info.inChannels; // K: rows of dW and of patchesᵀ
  const positionsPerImage = outHeight * outWidth;
  const gradient = backend.makeOutput([...filterShape], 'float32');
  float32View(backend, gradient).fill(0);
  if (taps * outChannels * batchSize * positionsPerImage === 0) return gradient;

  const chunkImages = imagesPerChunk(info);
  const patchesT = backend.makeOutput([taps, chunkImages * positionsPerImage], 'float32');
  try {
    for (let firstImage = 0; firstImage < batchSize; firstImage += chunkImages) {
      const images = Math.min(chunkImages, batchSize - firstImage);
      const positions = images * positionsPerImage;
      const chunkPatchesT = reshaped(patchesT, [1, taps, positions]);
      writeTransposedPatches(
        float32View(backend, x),
        float32View(backend, chunkPatchesT),
        info,
        firstImage,
        images,
      );
      // dY rows of these images, read in place. (A window is a fresh tensor id: XNNPACK caches its
      // packed copy of the right operand by id, so an id must never see its data change.)
      const partial = productWithWindow(
        batchMatMul,
        backend,
        {
          source: dy,
          elementOffset: firstImage * positionsPerImage * outChannels,
          shape: [1, positions, outChannels],
          side: 'b',
        },
        chunkPatchesT,
      );
      const total = float32View(backend, gradient);
      const chunk = float32View(backend, partial);
      for (let i = 0; i < total.length; i++) total[i] = total[i]! + chunk[i]!;
      disposeScratch(backend, partial);
    }
  } catch (error) {
    disposeScratch(backend, gradient);
    throw error;
  } finally {
    disposeScratch(backend, patchesT);
  }
  return gradient;
}

export function makeConv2DBackpropFilterConfig(batchMatMul: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: (params) => conv2DBackpropFilter(params, batchMatMul),
  };
}
