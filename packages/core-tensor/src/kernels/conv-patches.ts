// The patch matrix ("im2col") of an NHWC 2-D convolution, and its adjoint ("col2im").
//
// For output position m = (n, y, x) and filter tap k = (r, s, c), the patch matrix holds
//
//   patches[m, k] = X[n, y·sh + r·dh − padTop, x·sw + s·dw − padLeft, c]   (0 outside the image),
//
// so a convolution is patches · W[k, o]. The two gradients the wasm backend lacks or does slowly are
// products with this matrix: dW = patchesᵀ · dY and dX = col2im(dY · Wᵀ).
//
// Layouts are chosen for the product that follows. XNNPACK's GEMM (the stock wasm fast path) packs
// its right operand first, at roughly twice the cost of the multiply itself for a tall matrix
// (measured: [32, 8192]·[8192, 512] takes 10 ms with the right operand packed, 43 ms when it must
// be packed first), so the big patch matrix has to be the LEFT operand: patchesᵀ [K, M] for dW.
// For dX the product dY · Wᵀ gives patches in row order [M, K] directly.
import * as tf from '@tensorflow/tfjs-core';
import { dataFormatAttr, padAttr, roundingModeAttr, strideAttr } from './kernel-args.js';

type ConvInfo = tf.backend_util.Conv2DInfo;

/** Largest patch matrix, in floats (64 MB); bigger problems are done a chunk of images at a time. */
export const PATCHES_BUDGET = 16 * 1024 * 1024;

/**
 * The geometry of a conv gradient kernel's convolution (NHWC only, dilation 1: tfjs computes conv
 * gradients for dilation 1 only), from the kernel's attributes and the input and filter shapes.
 */
export function gradientConvInfo(
  attrs: tf.NamedAttrMap | undefined,
  inputShape: readonly number[],
  filterShape: readonly number[],
  kernel: string,
): ConvInfo {
  const dataFormat = dataFormatAttr(attrs, kernel);
  if (dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
  const [n, h, w, c] = inputShape;
  const [fh, fw, fi, fo] = filterShape;
  if (
    inputShape.length !== 4 ||
    filterShape.length !== 4 ||
    [n, h, w, c, fh, fw, fi, fo].includes(undefined)
  ) {
    throw new Error(`${kernel}: input and filter must be rank 4, got [${inputShape}] and [${filterShape}]`);
  }
  return tf.backend_util.computeConv2DInfo(
    [n!, h!, w!, c!],
    [fh!, fw!, fi!, fo!],
    strideAttr(attrs, 'strides', kernel),
    1,
    padAttr(attrs, kernel),
    roundingModeAttr(attrs, kernel),
    false,
    'channelsLast',
  );
}

/** How many images' patches fit in PATCHES_BUDGET at once (at least one). */
export function imagesPerChunk(info: ConvInfo): number {
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const floatsPerImage = taps * info.outHeight * info.outWidth;
  return Math.max(1, Math.min(info.batchSize, Math.floor(PATCHES_BUDGET / floatsPerImage)));
}

/**
 * Writes patchesᵀ [FH·FW·C, images·OH·OW] of input x (all images, NHWC) for the images
 * [firstImage, firstImage + images). Loops run one output row at a time, so the reads stay inside
 * an FH-row band of x (in L1) while each write fills OW contiguous floats of one patchesᵀ row.
 */
export function writeTransposedPatches(
  x: Float32Array,
  patchesT: Float32Array,
  info: ConvInfo,
  firstImage: number,
  images: number,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const positions = images * outHeight * outWidth; // length of a patchesᵀ row
  // For filter column s, the output columns [xFirst[s], xEnd[s]) read inside the image.
  const xFirst = new Int32Array(filterWidth);
  const xEnd = new Int32Array(filterWidth);
  for (let s = 0; s < filterWidth; s++) {
    const shift = s * dilationWidth - padLeft;
    xFirst[s] = Math.min(outWidth, Math.max(0, Math.ceil(-shift / strideWidth)));
    xEnd[s] = Math.max(xFirst[s]!, Math.min(outWidth, Math.ceil((inWidth - shift) / strideWidth)));
  }
  const step = strideWidth * inChannels;
  for (let n = 0; n < images; n++) {
    for (let y = 0; y < outHeight; y++) {
      const outRow = (n * outHeight + y) * outWidth;
      for (let r = 0; r < filterHeight; r++) {
        const inY = y * strideHeight + r * dilationHeight - padTop;
        const isRowInside = inY >= 0 && inY < inHeight;
        const inRow = ((firstImage + n) * inHeight + inY) * inWidth;
        for (let s = 0; s < filterWidth; s++) {
          const first = isRowInside ? xFirst[s]! : outWidth;
          const end = isRowInside ? xEnd[s]! : outWidth;
          const shift = s * dilationWidth - padLeft;
          for (let c = 0; c < inChannels; c++) {
            const start = ((r * filterWidth + s) * inChannels + c) * positions + outRow;
            let outX = 0;
            for (; outX < first; outX++) patchesT[start + outX] = 0;
            let source = (inRow + outX * strideWidth + shift) * inChannels + c;
            for (; outX < end; outX++, source += step) patchesT[start + outX] = x[source]!;
            for (; outX < outWidth; outX++) patchesT[start + outX] = 0;
          }
        }
      }
    }
  }
}

/**
 * Adds patches [images·OH·OW, FH·FW·C] back onto dx (all images, NHWC) at the places they were
 * taken from (col2im): the adjoint of taking patches, so dX = col2im(dY · Wᵀ).
 */
export function addPatchesBack(
  patches: Float32Array,
  dx: Float32Array,
  info: ConvInfo,
  firstImage: number,
  images: number,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  let patch = 0; // start of the current C-channel run in patches
  for (let n = firstImage; n < firstImage + images; n++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        for (let r = 0; r < filterHeight; r++) {
          const inY = y * strideHeight + r * dilationHeight - padTop;
          if (inY < 0 || inY >= inHeight) {
            patch += filterWidth * inChannels;
            continue;
          }
          const inRow = (n * inHeight + inY) * inWidth;
          for (let s = 0; s < filterWidth; s++, patch += inChannels) {
            const inX = x * strideWidth + s * dilationWidth - padLeft;
            if (inX < 0 || inX >= inWidth) continue;
            const target = (inRow + inX) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[target + c] = dx[target + c]! + patches[patch + c]!;
          }
        }
      }
    }
  }
}
