// Dense (fully connected) layer and a multi-layer perceptron built from it.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { type Activation, activate } from './activation.js';
import { glorotUniform, zerosInit } from './init.js';
import { type Module, prefixed, type Variables } from './module.js';

/** y = x·W + b over the last axis; any leading axes are kept ([..., in] -> [..., out]). */
export class Dense implements Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    rng: Rng,
    options: { bias?: boolean } = {},
  ) {
    this.kernel = glorotUniform([inputSize, outputSize], inputSize, outputSize, rng);
    this.bias = (options.bias ?? true) ? zerosInit([outputSize]) : undefined;
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const leading = x.shape.slice(0, -1);
      const rows = x.reshape([-1, this.inputSize]) as tf.Tensor2D; // [..., in] -> [N, in]
      let y: tf.Tensor = tf.matMul(rows, this.kernel as tf.Tensor2D); // [N, out]
      if (this.bias) y = y.add(this.bias);
      return y.reshape([...leading, this.outputSize]); // [..., out]
    });
  }

  variables(): Variables {
    return this.bias ? { kernel: this.kernel, bias: this.bias } : { kernel: this.kernel };
  }
}

/** An MLP's forward pass: every layer, `activation` between layers, `outputActivation` after the last. */
export function mlpForward(
  layers: readonly { apply(x: tf.Tensor): tf.Tensor }[],
  x: tf.Tensor,
  activation: Activation,
  outputActivation: Activation,
): tf.Tensor {
  return tf.tidy(() => {
    let h = x;
    layers.forEach((layer, i) => {
      h = activate(layer.apply(h), i === layers.length - 1 ? outputActivation : activation);
    });
    return h;
  });
}

export interface MlpOptions {
  /** Activation between hidden layers. */
  activation?: Activation;
  /** Activation after the last layer (default linear). */
  outputActivation?: Activation;
}

/** sizes = [in, hidden..., out]: Dense -> activation -> ... -> Dense -> outputActivation. */
export class Mlp implements Module {
  readonly layers: Dense[];
  private readonly activation: Activation;
  private readonly outputActivation: Activation;

  constructor(sizes: readonly number[], rng: Rng, options: MlpOptions = {}) {
    if (sizes.length < 2) throw new Error(`Mlp needs at least [in, out] sizes, got [${sizes.join(', ')}]`);
    this.layers = sizes.slice(1).map((out, i) => new Dense(sizes[i]!, out, rng.split(`layer${i}`)));
    this.activation = options.activation ?? 'relu';
    this.outputActivation = options.outputActivation ?? 'linear';
  }

  apply(x: tf.Tensor): tf.Tensor {
    return mlpForward(this.layers, x, this.activation, this.outputActivation);
  }

  variables(): Variables {
    return Object.assign({}, ...this.layers.map((layer, i) => prefixed(`layers.${i}`, layer)));
  }
}
