// GRU cells along a model axis: the equations of gru-cell.ts (standard GRU) and
// layer-norm-gru-cell.ts (DreamerV2's RSSM cell), with every weight and state carrying a leading M.
// Shape letters: M models, B batch, I input, N hidden.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { EnsembleDense } from './ensemble-dense.js';
import { EnsembleLayerNorm } from './ensemble-layer-norm.js';
import { assertModelInput, type EnsembleModule, modelCount, prefixedShapes } from './ensemble-module.js';
import { prefixed, type Variables } from './module.js';

/** Model m is `new GruCell(inputSize, hiddenSize, rngs[m])`. */
export class EnsembleGruCell implements EnsembleModule {
  readonly models: number;
  readonly inputGates: EnsembleDense; // x -> [r | z | n] pre-activations, [M, B, 3N]
  readonly hiddenGates: EnsembleDense; // h -> [r | z | n] pre-activations, [M, B, 3N]

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    rngs: readonly Rng[],
  ) {
    this.models = modelCount(rngs, 'EnsembleGruCell');
    this.inputGates = new EnsembleDense(
      inputSize,
      3 * hiddenSize,
      rngs.map((rng) => rng.split('input')),
    );
    this.hiddenGates = new EnsembleDense(
      hiddenSize,
      3 * hiddenSize,
      rngs.map((rng) => rng.split('hidden')),
    );
  }

  /** x [M, B, I], h [M, B, N] -> h' [M, B, N]. */
  apply(x: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
    assertModelInput(h, this.models, this.hiddenSize, 'EnsembleGruCell state');
    return tf.tidy(() => {
      const [xr, xz, xn] = tf.split(this.inputGates.apply(x), 3, 2); // 3 × [M, B, N]
      const [hr, hz, hn] = tf.split(this.hiddenGates.apply(h), 3, 2); // 3 × [M, B, N]
      const reset = tf.sigmoid(xr!.add(hr!));
      const update = tf.sigmoid(xz!.add(hz!));
      const candidate = tf.tanh(xn!.add(reset.mul(hn!)));
      return tf.sub(1, update).mul(candidate).add(update.mul(h)) as tf.Tensor3D;
    });
  }

  initialState(batch: number): tf.Tensor3D {
    return tf.zeros([this.models, batch, this.hiddenSize]);
  }

  variables(): Variables {
    return { ...prefixed('input', this.inputGates), ...prefixed('hidden', this.hiddenGates) };
  }

  modelShapes(): Record<string, number[]> {
    return { ...prefixedShapes('input', this.inputGates), ...prefixedShapes('hidden', this.hiddenGates) };
  }
}

/** Model m is `new LayerNormGruCell(inputSize, hiddenSize, rngs[m], updateBias)`. */
export class EnsembleLayerNormGruCell implements EnsembleModule {
  readonly models: number;
  readonly gates: EnsembleDense; // [x, h] -> [ρ | c | u], [M, B, 3N]
  readonly norm: EnsembleLayerNorm; // over the 3N gate pre-activations

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    rngs: readonly Rng[],
    readonly updateBias = -1,
  ) {
    this.models = modelCount(rngs, 'EnsembleLayerNormGruCell');
    this.gates = new EnsembleDense(
      inputSize + hiddenSize,
      3 * hiddenSize,
      rngs.map((rng) => rng.split('gates')),
    );
    this.norm = new EnsembleLayerNorm(this.models, 3 * hiddenSize, 1e-3);
  }

  /** x [M, B, I], h [M, B, N] -> h' [M, B, N]. */
  apply(x: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
    assertModelInput(h, this.models, this.hiddenSize, 'EnsembleLayerNormGruCell state');
    return tf.tidy(() => {
      const parts = this.norm.apply(this.gates.apply(tf.concat([x, h], 2))); // [M, B, 3N]
      const [rho, c, u] = tf.split(parts, 3, 2); // 3 × [M, B, N]
      const reset = tf.sigmoid(rho!); // σ(ρ)
      const candidate = tf.tanh(reset.mul(c!)); // tanh(σ(ρ) ⊙ c)
      const update = tf.sigmoid(u!.add(this.updateBias)); // σ(u − 1)
      return update.mul(candidate).add(tf.sub(1, update).mul(h)) as tf.Tensor3D;
    });
  }

  initialState(batch: number): tf.Tensor3D {
    return tf.zeros([this.models, batch, this.hiddenSize]);
  }

  variables(): Variables {
    return { ...prefixed('gates', this.gates), ...prefixed('norm', this.norm) };
  }

  modelShapes(): Record<string, number[]> {
    return { ...prefixedShapes('gates', this.gates), ...prefixedShapes('norm', this.norm) };
  }
}
