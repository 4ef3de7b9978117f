// Conv2DBackpropInput on the wasm backend through XNNPACK. The stock wasm kernel (tfjs 4.22) is a
// direct scalar loop: 94 ms for the input gradient of a 4x4 stride-2 conv [32, 32, 32, 32] -> 32
// filters, against 8 ms for the forward conv of the same size. The input gradient is
//
//   dX = col2im(dY · Wᵀ),   dY [M, O], Wᵀ [O, K], M = (n, y, x), K = (r, s, c)   (see conv-patches.ts)
//
// i.e. one plain product (stock fast path: dY read in place on the left, the small Wᵀ packed once on
// the right) followed by a JS loop adding each patch row back where it was taken from. Large
// batches go a chunk of images at a time, so the patch matrix stays under a fixed budget.
import * as tf from '@tensorflow/tfjs-core';
import { addPatchesBack } from './conv-patches.js';
import { PATCHES_BUDGET } from './conv2d-backprop-filter.js';
import {
  dataFormatAttr,
  inputOf,
  numberListAttr,
  padAttr,
  roundingModeAttr,
  strideAttr,
} from './kernel-args.js';
import { disposeScratch, float32View, productWithWindow, wasmBackendOf } from './wasm-heap.js';

function conv2DBackpropInput(
  params: Parameters<tf.KernelFunc>[0],
  batchMatMul: tf.KernelFunc,
): tf.TensorInfo {
  const kernel = tf.Conv2DBackpropInput;
  const dy = inputOf(params.inputs, 'dy', kernel);
  const filter = inputOf(params.inputs, 'filter', kernel);
  const backend = wasmBackendOf(params.backend, kernel);
  const dataFormat = dataFormatAttr(params.attrs, kernel);
  if (dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
  const inputShape = numberListAttr(params.attrs, 'inputShape', kernel);
  if (inputShape.length !== 4 || dy.shape.length !== 4 || filter.shape.length !== 4) {
    throw new Error(
      `${kernel}: inputShape, dy and filter must be rank 4, got [${inputShape}], [${dy.shape}] and [${filter.shape}]`,
    );
  }
  const info = tf.backend_util.computeConv2DInfo(
    [inputShape[0]!, inputShape[1]!, inputShape[2]!, inputShape[3]!],
    [filter.shape[0]!, filter.shape[1]!, filter.shape[2]!, filter.shape[3]!],
    strideAttr(params.attrs, 'strides', kernel),
    1, // tfjs computes conv gradients for dilation 1 only
    padAttr(params.attrs, kernel),
    roundingModeAttr(params.attrs, kernel),
    false,
    'channelsLast',
  );
  const { batchSize, outHeight, outWidth, outChannels } = info;
  const taps = info.filterHeight * info.filterWidth * info.inChannels; // K: columns of the patch matrix
  const positionsPerImage = outHeight * outWidth;
  const dx = backend.makeOutput([...inputShape], 'float32');
  float32View(backend, dx).fill(0);
  if (taps * outChannels * batchSize * positionsPerImage === 0) return dx;

  // Wᵀ [O, K] from W [K, O]: small, transposed in JS.
  const filterT = backend.makeOutput([1, outChannels, taps], 'float32');
  const weights = float32View(backend, filter);
  const weightsT = float32View(backend, filterT);
  for (let k = 0; k < taps; k++) {
    for (let o = 0; o < outChannels; o++) weightsT[o * taps + k] = weights[k * outChannels + o]!;
  }
  const imagesPerChunk = Math.max(
    1,
    Math.min(batchSize, Math.floor(PATCHES_BUDGET / (taps * positionsPerImage))),
  );
  try {
    for (let firstImage = 0; firstImage < batchSize; firstImage += imagesPerChunk) {
      const images = Math.min(imagesPerChunk, batchSize - firstImage);
      const positions = images * positionsPerImage;
      const patches = productWithWindow(
        batchMatMul,
        backend,
        {
          source: dy,
          elementOffset: firstImage * positionsPerImage * outChannels,
          shape: [1, positions, outChannels],
          side: 'a',
        },
        filterT,
      );
      addPatchesBack(float32View(backend, patches), float32View(backend, dx), info, firstImage, images);
      disposeScratch(backend, patches);
    }
  } catch (error) {
    disposeScratch(backend, dx);
    throw error;
  } finally {
    disposeScratch(backend, filterT);
  }
  return dx;
}

export function makeConv2DBackpropInputConfig(batchMatMul: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: (params) => conv2DBackpropInput(params, batchMatMul),
  };
}
