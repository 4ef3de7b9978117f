// Token embedding along a model axis: M tables [V, D] read by each model's own ids.
// The M tables are one [M·V, D] table to tf.gather, with model m's ids offset by m·V, so the
// gradient is one scatter-add (UnsortedSegmentSum, core-tensor's fix on wasm) for all models.
// Shape letters: M models, V vocabulary, D width, N ids per model.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { Embedding } from './embedding.js';
import { type EnsembleModule, modelCount, stackBlocks } from './ensemble-module.js';
import type { Variables } from './module.js';

/** Model m is `new Embedding(vocabSize, size, rngs[m], options)`. */
export class EnsembleEmbedding implements EnsembleModule {
  readonly models: number;
  readonly table: tf.Variable; // [M, V, D]
  private readonly offsets: Int32Array; // m·V, added to model m's ids

  constructor(
    readonly vocabSize: number,
    readonly size: number,
    rngs: readonly Rng[],
    options: { std?: number } = {},
  ) {
    this.models = modelCount(rngs, 'EnsembleEmbedding');
    const singles = rngs.map((rng) => new Embedding(vocabSize, size, rng, options));
    this.table = stackBlocks(singles, { table: [vocabSize, size] }).table!;
    this.offsets = Int32Array.from({ length: this.models }, (_, m) => m * vocabSize);
  }

  /** ids [M, …] int32 -> [M, …, D]. */
  apply(ids: tf.Tensor): tf.Tensor {
    if (ids.rank < 1 || ids.shape[0] !== this.models) {
      throw new Error(
        `EnsembleEmbedding: ids have shape [${ids.shape.join(', ')}], expected [${this.models}, …]`,
      );
    }
    return tf.tidy(() => {
      const rows = tf.cast(ids, 'int32').reshape([this.models, -1]); // [M, N]
      const flat = rows.add(tf.tensor2d(this.offsets, [this.models, 1], 'int32')).reshape([-1]); // [M·N]
      const table = this.table.reshape([this.models * this.vocabSize, this.size]); // [M·V, D]
      return tf.gather(table, flat).reshape([...ids.shape, this.size]); // [M, …, D]
    });
  }

  /** Tied output projection per model, logits_m = h_m·E_mᵀ: h [M, …, D] -> [M, …, V]. */
  logits(h: tf.Tensor): tf.Tensor {
    if (h.rank < 2 || h.shape[0] !== this.models || h.shape[h.rank - 1] !== this.size) {
      throw new Error(
        `EnsembleEmbedding.logits: h has shape [${h.shape.join(', ')}], expected [${this.models}, …, ${this.size}]`,
      );
    }
    return tf.tidy(() => {
      const rows = h.reshape([this.models, -1, this.size]) as tf.Tensor3D; // [M, N, D]
      const logits = tf.matMul(rows, this.table as tf.Tensor3D, false, true); // [M, N, V]
      return logits.reshape([...h.shape.slice(0, -1), this.vocabSize]);
    });
  }

  variables(): Variables {
    return { table: this.table };
  }

  modelShapes(): Record<string, number[]> {
    return { table: [this.vocabSize, this.size] };
  }
}
