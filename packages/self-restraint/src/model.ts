// The policy π_θ (brief §4.1) [O]: a pre-LN decoder-only transformer built from core-tensor's blocks:
// token embedding, learned positions, `layers` causal TransformerBlocks, a final LayerNorm and an
// output projection tied to the token embedding (no output bias). 108,480 parameters at d = 64,
// 2 layers, V = 113, T = 18.
// Shape letters: B batch, T time, C model width, V vocabulary.
import {
  Embedding,
  LayerNorm,
  type Module,
  normalInit,
  oneHot,
  prefixed,
  type Rng,
  TransformerBlock,
  tf,
  type Variables,
} from 'core-tensor';
import type { ModelConfig } from './config.js';
import { PAD } from './vocab.js';

export class TinyLM implements Module {
  readonly embedding: Embedding;
  readonly positions: tf.Variable;
  readonly blocks: TransformerBlock[];
  readonly finalNorm: LayerNorm;

  constructor(
    readonly config: ModelConfig,
    readonly vocabSize: number,
    rng: Rng,
  ) {
    if (config.dModel % config.heads !== 0)
      throw new Error(`model.dModel (${config.dModel}) must be divisible by model.heads (${config.heads})`);
    this.embedding = new Embedding(vocabSize, config.dModel, rng.split('embedding'));
    this.positions = normalInit([config.context, config.dModel], 0.02, rng.split('positions'));
    this.blocks = Array.from(
      { length: config.layers },
      (_, i) => new TransformerBlock(config.dModel, config.heads, rng.split(`block${i}`)),
    );
    this.finalNorm = new LayerNorm(config.dModel);
  }

  /** Final hidden states: ids [B, T] int32 -> [B, T, C]. */
  hidden(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [, time] = ids.shape;
      if (time > this.config.context)
        throw new Error(`sequence length ${time} exceeds model.context ${this.config.context}`);
      let x = this.embedding.apply(ids).add(this.positions.slice([0, 0], [time, -1])) as tf.Tensor3D; // [B, T, C]
      for (const block of this.blocks) x = block.apply(x);
      return this.finalNorm.apply(x) as tf.Tensor3D;
    });
  }

  /** Next-token logits: ids [B, T] -> [B, T, V], output projection tied to the embedding. */
  logits(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.embedding.logits(this.hidden(ids)) as tf.Tensor3D);
  }

  variables(): Variables {
    const blocks: Variables = {};
    for (const [i, block] of this.blocks.entries()) Object.assign(blocks, prefixed(`block${i}`, block));
    return {
      ...prefixed('embedding', this.embedding),
      positions: this.positions,
      ...blocks,
      ...prefixed('finalNorm', this.finalNorm),
    };
  }
}

/** A padded batch: ids [B, T] and a loss mask on the targets (position t predicts token t + 1). */
export interface TokenBatch {
  ids: Int32Array;
  /** 1 where the token at t + 1 is scored, else 0; length B·T (last column always 0). */
  mask: Float32Array;
  rows: number;
  length: number;
}

/**
 * Builds a batch from sequences; `scoreFrom[i]` is the first token index of row i that is scored
 * (e.g. the first token after the name), up to and including <eos>.
 */
export function makeBatch(
  sequences: readonly number[][],
  scoreFrom: readonly number[],
  length: number,
): TokenBatch {
  const rows = sequences.length;
  const ids = new Int32Array(rows * length).fill(PAD);
  const mask = new Float32Array(rows * length);
  for (const [i, sequence] of sequences.entries()) {
    if (sequence.length > length)
      throw new Error(`sequence of ${sequence.length} tokens exceeds the context ${length}`);
    ids.set(sequence, i * length);
    for (let t = Math.max(1, scoreFrom[i]!); t < sequence.length; t++) mask[i * length + t - 1] = 1;
  }
  return { ids, mask, rows, length };
}

/**
 * Per-row sum of log π(token_{t+1} | tokens_≤t) over the masked targets: [B]. The mean over the
 * mask of its negation is the NLL loss of pretraining and SFT; the per-row sums are DPO's sequence
 * log-probabilities.
 */
export function sequenceLogProbs(model: TinyLM, batch: TokenBatch): tf.Tensor1D {
  return tf.tidy(() => {
    const { rows, length } = batch;
    const ids = tf.tensor2d(batch.ids, [rows, length], 'int32');
    const logProbs = tf.logSoftmax(model.logits(ids)); // [B, T, V]
    const targets = tf.concat([ids.slice([0, 1], [-1, -1]), tf.zeros([rows, 1], 'int32')], 1); // [B, T]
    const picked = logProbs
      .reshape([rows * length, model.vocabSize])
      .mul(oneHot(targets.reshape([-1]), model.vocabSize))
      .sum(-1)
      .reshape([rows, length]); // [B, T]
    const mask = tf.tensor2d(batch.mask, [rows, length]);
    return picked.mul(mask).sum(-1) as tf.Tensor1D;
  });
}

/** Mean NLL per scored token. */
export function nllLoss(model: TinyLM, batch: TokenBatch): tf.Scalar {
  return tf.tidy(() => {
    let scored = 0;
    for (const m of batch.mask) scored += m;
    return sequenceLogProbs(model, batch).sum().neg().div(Math.max(1, scored)) as tf.Scalar;
  });
}
