// Convolutional image encoder and transposed-convolution decoder (DreamerV2 layout: 4×4 kernels,
// stride 2, widths doubling per layer). Images are NHWC. Shape letters: B batch, H×W pixels,
// K channels.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { type Activation, activate } from './activation.js';
import { Dense } from './dense.js';
import { glorotUniform, zerosInit } from './init.js';
import { type Module, prefixed, type Variables } from './module.js';

export interface ConvStackOptions {
  /** Output channels of each layer, e.g. [32, 64, 128, 256]. */
  depths: readonly number[];
  /** One size for every layer, or one per layer (DreamerV2's decoder uses [5, 5, 6, 6]). */
  kernelSize?: number | readonly number[];
  stride?: number;
  padding?: 'same' | 'valid';
  activation?: Activation;
}

interface ConvLayer {
  filter: tf.Variable; // [k, k, in, out] for conv; [k, k, out, in] for transposed conv
  bias: tf.Variable; // [out]
}

function kernelSizeOf(kernelSize: number | readonly number[], layer: number): number {
  if (typeof kernelSize === 'number') return kernelSize;
  const size = kernelSize[layer];
  if (size === undefined)
    throw new Error(`kernelSize lists ${kernelSize.length} sizes; layer ${layer} has none`);
  return size;
}

/**
 * Filters and biases of a stack with the given output depths. A conv filter is [k, k, in, out];
 * tfjs's conv2dTranspose takes its filter as [k, k, out, in].
 */
function convLayers(
  inputChannels: number,
  depths: readonly number[],
  kernelSize: number | readonly number[],
  kind: 'conv' | 'deconv',
  rng: Rng,
): ConvLayer[] {
  let channels = inputChannels;
  return depths.map((depth, i) => {
    const k = kernelSizeOf(kernelSize, i);
    const shape = kind === 'conv' ? [k, k, channels, depth] : [k, k, depth, channels];
    const filter = glorotUniform(shape, k * k * channels, k * k * depth, rng.split(`${kind}${i}`));
    channels = depth;
    return { filter, bias: zerosInit([depth]) };
  });
}

function layerVariables(layers: readonly ConvLayer[]): Variables {
  const out: Variables = {};
  layers.forEach((layer, i) => {
    out[`layers.${i}.filter`] = layer.filter;
    out[`layers.${i}.bias`] = layer.bias;
  });
  return out;
}

/** x [B, H, W, K] -> features [B, F] (flattened output of the last conv layer). */
export class ConvEncoder implements Module {
  readonly layers: ConvLayer[];
  private readonly options: Required<ConvStackOptions>;

  constructor(inputChannels: number, options: ConvStackOptions, rng: Rng) {
    this.options = { kernelSize: 4, stride: 2, padding: 'valid', activation: 'relu', ...options };
    this.layers = convLayers(inputChannels, options.depths, this.options.kernelSize, 'conv', rng);
  }

  apply(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const { stride, padding, activation } = this.options;
      let h: tf.Tensor4D = images;
      for (const layer of this.layers) {
        const conv = tf.conv2d(h, layer.filter as tf.Tensor4D, stride, padding).add(layer.bias); // [B, H', W', depth]
        h = activate(conv, activation) as tf.Tensor4D;
      }
      return h.reshape([h.shape[0], -1]) as tf.Tensor2D; // [B, H'·W'·depth]
    });
  }

  /** Spatial size and channels after the stack, for an input of height × width. */
  outputShape(height: number, width: number): [number, number, number] {
    const { kernelSize, stride, padding, depths } = this.options;
    const shrink = (n: number, layer: number) =>
      padding === 'same'
        ? Math.ceil(n / stride)
        : Math.floor((n - kernelSizeOf(kernelSize, layer)) / stride) + 1;
    let [h, w] = [height, width];
    for (let i = 0; i < depths.length; i++) [h, w] = [shrink(h, i), shrink(w, i)];
    return [h, w, depths[depths.length - 1]!];
  }

  variables(): Variables {
    return layerVariables(this.layers);
  }
}

export interface ConvDecoderOptions extends ConvStackOptions {
  /** Spatial shape the input dense layer reshapes to before the first transposed conv. */
  startShape: [number, number, number];
  /** Output spatial shape of each layer (tfjs conv2dTranspose needs it explicitly). */
  outputSizes: readonly [number, number][];
}

/** features [B, F] -> images [B, H, W, K]; the last layer is linear (image means). */
export class ConvDecoder implements Module {
  readonly input: Dense;
  readonly layers: ConvLayer[];
  private readonly options: Required<ConvDecoderOptions>;

  constructor(featureSize: number, options: ConvDecoderOptions, rng: Rng) {
    this.options = { kernelSize: 4, stride: 2, padding: 'valid', activation: 'relu', ...options };
    if (options.outputSizes.length !== options.depths.length) {
      throw new Error(
        `ConvDecoder needs one output size per layer: ${options.outputSizes.length} sizes for ${options.depths.length} layers`,
      );
    }
    const [h0, w0, c0] = options.startShape;
    this.input = new Dense(featureSize, h0 * w0 * c0, rng.split('input'));
    this.layers = convLayers(c0, options.depths, this.options.kernelSize, 'deconv', rng);
  }

  apply(features: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const { stride, padding, activation, startShape, outputSizes } = this.options;
      const batch = features.shape[0];
      let h = this.input.apply(features).reshape([batch, ...startShape]) as tf.Tensor4D; // [B, h0, w0, c0]
      this.layers.forEach((layer, i) => {
        const [height, width] = outputSizes[i]!;
        const depth = layer.filter.shape[2]!;
        const deconv = tf
          .conv2dTranspose(h, layer.filter as tf.Tensor4D, [batch, height, width, depth], stride, padding)
          .add(layer.bias); // [B, height, width, depth]
        const isLast = i === this.layers.length - 1;
        h = (isLast ? deconv : activate(deconv, activation)) as tf.Tensor4D;
      });
      return h;
    });
  }

  variables(): Variables {
    return { ...prefixed('input', this.input), ...layerVariables(this.layers) };
  }
}
