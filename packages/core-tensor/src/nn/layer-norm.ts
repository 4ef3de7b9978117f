// Layer normalisation over the last axis: y = γ·(x − μ)/√(σ² + ε) + β.
import * as tf from '@tensorflow/tfjs';
import { onesInit, zerosInit } from './init.js';
import type { Module, Variables } from './module.js';

export class LayerNorm implements Module {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(
    readonly size: number,
    readonly epsilon = 1e-5,
  ) {
    this.gamma = onesInit([size]);
    this.beta = zerosInit([size]);
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1] each
      return x.sub(mean).div(variance.add(this.epsilon).sqrt()).mul(this.gamma).add(this.beta);
    });
  }

  variables(): Variables {
    return { gamma: this.gamma, beta: this.beta };
  }
}
