// GRU cell (Cho et al. 2014, the PyTorch nn.GRUCell equations). Shape letters: B batch, I input, N hidden.
//   r = σ(x·W_r + h·U_r + b_r),  z = σ(x·W_z + h·U_z + b_z)
//   n = tanh(x·W_n + b_n + r ⊙ (h·U_n + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { Dense } from './dense.js';
import { type Module, prefixed, type Variables } from './module.js';

export class GruCell implements Module {
  readonly inputGates: Dense; // x -> [r | z | n] pre-activations, [B, 3N]
  readonly hiddenGates: Dense; // h -> [r | z | n] pre-activations, [B, 3N]

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    rng: Rng,
  ) {
    this.inputGates = new Dense(inputSize, 3 * hiddenSize, rng.split('input'));
    this.hiddenGates = new Dense(hiddenSize, 3 * hiddenSize, rng.split('hidden'));
  }

  /** x [B, I], h [B, N] -> h' [B, N]. */
  apply(x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [xr, xz, xn] = tf.split(this.inputGates.apply(x), 3, 1); // 3 × [B, N]
      const [hr, hz, hn] = tf.split(this.hiddenGates.apply(h), 3, 1); // 3 × [B, N]
      const reset = tf.sigmoid(xr!.add(hr!));
      const update = tf.sigmoid(xz!.add(hz!));
      const candidate = tf.tanh(xn!.add(reset.mul(hn!)));
      return tf.sub(1, update).mul(candidate).add(update.mul(h)) as tf.Tensor2D;
    });
  }

  initialState(batch: number): tf.Tensor2D {
    return tf.zeros([batch, this.hiddenSize]);
  }

  variables(): Variables {
    return { ...prefixed('input', this.inputGates), ...prefixed('hidden', this.hiddenGates) };
  }
}
