// Observation encoders (brief §3.1): an ELU MLP for state vectors, DreamerV2's 4-layer conv stack
// (kernel 4, stride 2, depths d/2d/4d/8d, ELU) for 64×64 pixels.
import { ConvEncoder, type Rng, tf, type Variables } from 'core-tensor';
import type { ModelSizes } from '../config.js';
import { mlpHead } from './heads.js';

export interface ObservationEncoder {
  readonly embedSize: number;
  /** observations [N, ...obs] (pixels already scaled to x/255 − 0.5) -> [N, E] */
  apply(observations: tf.Tensor): tf.Tensor2D;
  variables(): Variables;
}

export function createEncoder(observationShape: number[], sizes: ModelSizes, rng: Rng): ObservationEncoder {
  if (observationShape.length === 1) {
    const mlp = mlpHead(
      observationShape[0]!,
      sizes.encoderUnits,
      sizes.encoderLayers - 1,
      sizes.encoderUnits,
      rng,
    );
    return {
      embedSize: sizes.encoderUnits,
      apply: (x) => tf.tidy(() => tf.elu(mlp.apply(x)) as tf.Tensor2D),
      variables: () => mlp.variables(),
    };
  }
  const [height, width, channels] = observationShape as [number, number, number];
  const d = sizes.convDepth;
  const conv = new ConvEncoder(
    channels,
    { depths: [d, 2 * d, 4 * d, 8 * d], kernelSize: 4, stride: 2, activation: 'elu' },
    rng,
  );
  const [h, w, c] = conv.outputShape(height, width);
  return {
    embedSize: h * w * c,
    apply: (x) => conv.apply(x as tf.Tensor4D),
    variables: () => conv.variables(),
  };
}
