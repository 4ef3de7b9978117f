// RND (brief §4): predictor and frozen target = an encoder of the world model's architecture + MLP
// → hidden → hidden → 512 (ReLU); inputs batch-normalised without affine and clipped to ±5;
// r = squared error (mean over outputs) ÷ running std of that error, written as reward labels.
import { disposeModule, Mlp, prefixed, type Rng, tf, type Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { AgentConfig } from '../config.js';
import { createEncoder, type ObservationEncoder } from '../model/encoder.js';
import { DecayedAdam } from '../model/optimizer.js';
import { preprocess, type WorldModel } from '../model/world-model.js';
import type { Batch } from '../replay.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

const outputSize = 512;

/** Batch normalisation without affine parameters, then clipping to ±5. */
export function normaliseInputs(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.clipByValue(x.sub(mean).div(variance.add(1e-8).sqrt()), -5, 5);
  });
}

class RndNetwork {
  constructor(
    readonly encoder: ObservationEncoder,
    readonly head: Mlp,
  ) {}
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.head.apply(this.encoder.apply(x)));
  }
  variables(): Variables {
    return { ...prefixed('encoder', this.encoder), ...prefixed('head', this.head) };
  }
}

export class RndReward implements IntrinsicReward {
  readonly method = 'rnd' as const;
  readonly rewardNormMomentum = 1;
  readonly trainsActor = true;
  readonly labelsBatch = true;
  readonly predictor: RndNetwork;
  readonly target: RndNetwork;
  readonly optimizer: DecayedAdam;
  private errorMean = 0;
  private errorSquare = 1;
  private errorCount = 1e-4;

  constructor(observationShape: number[], config: AgentConfig, rng: Rng) {
    const make = (label: string) => {
      const encoder = createEncoder(observationShape, config.model, rng.split(`${label}.encoder`));
      const units = config.model.mlpUnits;
      return new RndNetwork(
        encoder,
        new Mlp([encoder.embedSize, units, units, outputSize], rng.split(`${label}.head`), {
          activation: 'relu',
        }),
      );
    };
    this.predictor = make('predictor');
    this.target = make('target');
    this.optimizer = new DecayedAdam(config.modelLr, {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    });
  }

  relabel(batch: Batch): tf.Tensor2D {
    const [b, t] = batch.rewards.shape;
    const inputs = tf.tidy(() =>
      normaliseInputs(preprocess(batch.observations).reshape([b * t, ...batch.observations.shape.slice(2)])),
    );
    const targetOut = tf.tidy(() => this.target.apply(inputs));
    const errorOf = () => this.predictor.apply(inputs).sub(targetOut).square().mean(-1);
    const error = tf.tidy(errorOf);
    // running std of the error (parallel-moments update)
    const values = error.dataSync();
    for (const value of values) {
      this.errorCount += 1;
      const delta = value - this.errorMean;
      this.errorMean += delta / this.errorCount;
      this.errorSquare += delta * (value - this.errorMean);
    }
    const std = Math.sqrt(this.errorSquare / this.errorCount) + 1e-8;
    const labels = tf.tidy(() => error.div(std).reshape([b, t]) as tf.Tensor2D);
    this.optimizer.minimize(() => errorOf().mean() as tf.Scalar, prefixed('predictor', this.predictor));
    tf.dispose([inputs, targetOut, error]);
    return labels;
  }

  train(): Record<string, number> {
    return {};
  }

  reward(imagination: Imagination, worldModel: WorldModel): tf.Tensor2D {
    return worldModel.reward(imagination.features) as tf.Tensor2D;
  }

  variables(): Variables {
    return { ...prefixed('predictor', this.predictor), ...prefixed('target', this.target) };
  }

  dispose(): void {
    disposeModule(this);
    this.optimizer.dispose();
  }
}
