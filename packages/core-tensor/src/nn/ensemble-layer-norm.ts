// Layer normalisation along a model axis: y_m = γ_m·(x_m − μ)/√(σ² + ε) + β_m over the last axis.
// Shape letters: M models, D normalised width.
import * as tf from '@tensorflow/tfjs';
import { assertModelInput, type EnsembleModule } from './ensemble-module.js';
import { onesInit, zerosInit } from './init.js';
import type { Variables } from './module.js';

/** M layer norms; each model starts as `new LayerNorm(size, epsilon)` (γ = 1, β = 0). */
export class EnsembleLayerNorm implements EnsembleModule {
  readonly gamma: tf.Variable; // [M, 1, D]
  readonly beta: tf.Variable; // [M, 1, D]

  constructor(
    readonly models: number,
    readonly size: number,
    readonly epsilon = 1e-5,
  ) {
    if (!Number.isInteger(models) || models < 1)
      throw new Error(`EnsembleLayerNorm needs a whole number of models ≥ 1, got ${models}`);
    this.gamma = onesInit([models, 1, size]);
    this.beta = zerosInit([models, 1, size]);
  }

  /** x [M, …, D] -> [M, …, D]. */
  apply(x: tf.Tensor): tf.Tensor {
    assertModelInput(x, this.models, this.size, 'EnsembleLayerNorm');
    return tf.tidy(() => {
      const rows = x.rank === 3 ? x : x.reshape([this.models, -1, this.size]); // [M, N, D]
      const { mean, variance } = tf.moments(rows, -1, true); // [M, N, 1] each
      const y = rows.sub(mean).div(variance.add(this.epsilon).sqrt()).mul(this.gamma).add(this.beta);
      return x.rank === 3 ? y : y.reshape(x.shape);
    });
  }

  variables(): Variables {
    return { gamma: this.gamma, beta: this.beta };
  }

  modelShapes(): Record<string, number[]> {
    return { gamma: [this.size], beta: [this.size] };
  }
}
