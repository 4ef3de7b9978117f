// Token embedding: a [V, D] table read by integer ids. Its gradient is a scatter-add of the
// upstream rows (tfjs's gather gradient, UnsortedSegmentSum), which core-tensor provides on wasm
// in O(N·D) memory; there is never a one-hot [N, V] matrix.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { normalInit } from './init.js';
import type { Module, Variables } from './module.js';

export class Embedding implements Module {
  readonly table: tf.Variable;

  constructor(
    readonly vocabSize: number,
    readonly size: number,
    rng: Rng,
    options: { std?: number } = {},
  ) {
    this.table = normalInit([vocabSize, size], options.std ?? 0.02, rng);
  }

  /** ids [...] int32 -> [..., D]. */
  apply(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const flat = tf.cast(ids, 'int32').reshape([-1]); // [N]
      return tf.gather(this.table, flat).reshape([...ids.shape, this.size]);
    });
  }

  /**
   * Output logits with the projection tied to this table (GPT-2/nanoGPT weight tying, no bias):
   * logits = h·Eᵀ. h [..., D] -> [..., V].
   */
  logits(h: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const rows = h.reshape([-1, this.size]) as tf.Tensor2D; // [N, D]
      const logits = tf.matMul(rows, this.table as tf.Tensor2D, false, true); // [N, V]
      return logits.reshape([...h.shape.slice(0, -1), this.vocabSize]);
    });
  }

  variables(): Variables {
    return { table: this.table };
  }
}
