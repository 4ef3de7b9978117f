// Observation decoders (brief §3.1): an ELU MLP for states; for pixels DreamerV2's Linear → 1×1 →
// transposed convs (kernels 5/5/6/6, stride 2, depths 4d/2d/d/3) → 64×64×3 means. Output Normal(mean, 1).
import { ConvDecoder, type Rng, type tf, type Variables } from 'core-tensor';
import type { ModelSizes } from '../config.js';
import { mlpHead } from './heads.js';

export interface ObservationDecoder {
  /** feat [N, F] -> observation means [N, ...obs] */
  apply(features: tf.Tensor2D): tf.Tensor;
  variables(): Variables;
}

export function createDecoder(
  featureSize: number,
  observationShape: number[],
  sizes: ModelSizes,
  rng: Rng,
): ObservationDecoder {
  if (observationShape.length === 1) {
    const mlp = mlpHead(featureSize, observationShape[0]!, sizes.encoderLayers, sizes.encoderUnits, rng);
    return { apply: (f) => mlp.apply(f), variables: () => mlp.variables() };
  }
  const d = sizes.convDepth;
  const channels = observationShape[2]!;
  const conv = new ConvDecoder(
    featureSize,
    {
      depths: [4 * d, 2 * d, d, channels],
      kernelSize: [5, 5, 6, 6],
      stride: 2,
      activation: 'elu',
      startShape: [1, 1, 32 * d],
      outputSizes: [
        [5, 5],
        [13, 13],
        [30, 30],
        [64, 64],
      ],
    },
    rng,
  );
  return { apply: (f) => conv.apply(f), variables: () => conv.variables() };
}
