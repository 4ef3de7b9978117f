// Dense layer and MLP along a model axis: M models, one batched matmul per layer.
// Shape letters: M models, B batch (or any rows), I input, O output.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import type { Activation } from './activation.js';
import { Dense, type MlpOptions, mlpForward } from './dense.js';
import {
  assertModelInput,
  type EnsembleModule,
  modelCount,
  prefixedShapes,
  stackBlocks,
} from './ensemble-module.js';
import { prefixed, type Variables } from './module.js';

/** y_m = x_m·W_m + b_m for each model m: x [M, …, I] -> [M, …, O]. Model m is `new Dense(I, O, rngs[m])`. */
export class EnsembleDense implements EnsembleModule {
  readonly models: number;
  readonly kernel: tf.Variable; // [M, I, O]
  readonly bias: tf.Variable | undefined; // [M, 1, O], broadcast over the rows

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    rngs: readonly Rng[],
    options: { bias?: boolean } = {},
  ) {
    this.models = modelCount(rngs, 'EnsembleDense');
    const hasBias = options.bias ?? true;
    const singles = rngs.map((rng) => new Dense(inputSize, outputSize, rng, options));
    const layout: Record<string, number[]> = { kernel: [inputSize, outputSize] };
    if (hasBias) layout.bias = [1, outputSize];
    const stacked = stackBlocks(singles, layout);
    this.kernel = stacked.kernel!;
    this.bias = stacked.bias;
  }

  apply(x: tf.Tensor): tf.Tensor {
    assertModelInput(x, this.models, this.inputSize, 'EnsembleDense');
    return tf.tidy(() => {
      // Rank 3 goes straight to BatchMatMul; other ranks fold their middle axes into rows.
      const rows = x.rank === 3 ? x : x.reshape([this.models, -1, this.inputSize]); // [M, N, I]
      let y: tf.Tensor = tf.matMul(rows as tf.Tensor3D, this.kernel as tf.Tensor3D); // [M, N, O]
      if (this.bias) y = y.add(this.bias);
      return x.rank === 3 ? y : y.reshape([...x.shape.slice(0, -1), this.outputSize]); // [M, …, O]
    });
  }

  variables(): Variables {
    return this.bias ? { kernel: this.kernel, bias: this.bias } : { kernel: this.kernel };
  }

  modelShapes(): Record<string, number[]> {
    const shapes: Record<string, number[]> = { kernel: [this.inputSize, this.outputSize] };
    if (this.bias) shapes.bias = [this.outputSize];
    return shapes;
  }
}

/** M MLPs of the same sizes; model m is `new Mlp(sizes, rngs[m], options)`. x [M, …, in] -> [M, …, out]. */
export class EnsembleMlp implements EnsembleModule {
  readonly models: number;
  readonly layers: EnsembleDense[];
  private readonly activation: Activation;
  private readonly outputActivation: Activation;

  constructor(sizes: readonly number[], rngs: readonly Rng[], options: MlpOptions = {}) {
    if (sizes.length < 2)
      throw new Error(`EnsembleMlp needs at least [in, out] sizes, got [${sizes.join(', ')}]`);
    this.models = modelCount(rngs, 'EnsembleMlp');
    // The same split labels as Mlp, so each model starts where the single-model Mlp would.
    this.layers = sizes.slice(1).map(
      (out, i) =>
        new EnsembleDense(
          sizes[i]!,
          out,
          rngs.map((rng) => rng.split(`layer${i}`)),
        ),
    );
    this.activation = options.activation ?? 'relu';
    this.outputActivation = options.outputActivation ?? 'linear';
  }

  apply(x: tf.Tensor): tf.Tensor {
    return mlpForward(this.layers, x, this.activation, this.outputActivation);
  }

  variables(): Variables {
    return Object.assign({}, ...this.layers.map((layer, i) => prefixed(`layers.${i}`, layer)));
  }

  modelShapes(): Record<string, number[]> {
    return Object.assign({}, ...this.layers.map((layer, i) => prefixedShapes(`layers.${i}`, layer)));
  }
}
