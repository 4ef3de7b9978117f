// The layer-normalised GRU of DreamerV2's RSSM (danijar/dreamerv2 `GRUCell`, norm=True), which
// differs from the standard GRU (gru-cell.ts): one dense layer over [x, h] for all three gates,
// a LayerNorm over its 3N outputs, the reset gate applied to the candidate pre-activation, and a
// bias of −1 on the update gate so that a fresh cell starts by keeping its state.
//   [ρ, c, u] = LN(W·[x, h] + b)
//   h' = σ(u − 1) ⊙ tanh(σ(ρ) ⊙ c) + (1 − σ(u − 1)) ⊙ h
// Shape letters: B batch, I input, N hidden.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { Dense } from './dense.js';
import { LayerNorm } from './layer-norm.js';
import { type Module, prefixed, type Variables } from './module.js';

export class LayerNormGruCell implements Module {
  readonly gates: Dense; // [x, h] -> [ρ | c | u], [B, 3N]
  readonly norm: LayerNorm; // over the 3N gate pre-activations

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    rng: Rng,
    readonly updateBias = -1,
  ) {
    this.gates = new Dense(inputSize + hiddenSize, 3 * hiddenSize, rng.split('gates'));
    this.norm = new LayerNorm(3 * hiddenSize, 1e-3);
  }

  /** x [B, I], h [B, N] -> h' [B, N]. */
  apply(x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const parts = this.norm.apply(this.gates.apply(tf.concat([x, h], 1))); // [B, 3N]
      const n = this.hiddenSize;
      const reset = tf.sigmoid(tf.slice(parts, [0, 0], [-1, n])); // σ(ρ)
      const candidate = tf.tanh(reset.mul(tf.slice(parts, [0, n], [-1, n]))); // tanh(σ(ρ) ⊙ c)
      const update = tf.sigmoid(tf.slice(parts, [0, 2 * n], [-1, n]).add(this.updateBias)); // σ(u − 1)
      return update.mul(candidate).add(tf.sub(1, update).mul(h)) as tf.Tensor2D;
    });
  }

  initialState(batch: number): tf.Tensor2D {
    return tf.zeros([batch, this.hiddenSize]);
  }

  variables(): Variables {
    return { ...prefixed('gates', this.gates), ...prefixed('norm', this.norm) };
  }
}
