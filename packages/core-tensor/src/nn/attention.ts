// Multi-head self-attention and the pre-LN transformer block (GPT-2 layout, as in nanoGPT).
// Shape letters: B batch, T time, C model width, H heads, S head size (C = H·S).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { Dense, Mlp } from './dense.js';
import { LayerNorm } from './layer-norm.js';
import { type Module, prefixed, type Variables } from './module.js';

/** Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above it. */
export function causalMask(length: number): tf.Tensor2D {
  return tf.tidy(() => {
    const allowed = tf.linalg.bandPart(tf.ones([length, length]), -1, 0); // lower triangle of ones
    return tf.sub(1, allowed).mul(-1e9) as tf.Tensor2D;
  });
}

/** Additive key padding mask [B, 1, 1, T] from a [B, T] mask of ones (keep) and zeros (padding). */
export function paddingMask(keyMask: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, time] = keyMask.shape;
    return tf.sub(1, keyMask).mul(-1e9).reshape([batch, 1, 1, time]) as tf.Tensor4D;
  });
}

export class MultiHeadAttention implements Module {
  readonly queryKeyValue: Dense;
  readonly output: Dense;
  readonly headSize: number;

  constructor(
    readonly modelSize: number,
    readonly numHeads: number,
    rng: Rng,
    readonly isCausal = true,
  ) {
    if (modelSize % numHeads !== 0) {
      throw new Error(`model size ${modelSize} is not divisible by the number of heads ${numHeads}`);
    }
    this.headSize = modelSize / numHeads;
    this.queryKeyValue = new Dense(modelSize, 3 * modelSize, rng.split('qkv'));
    this.output = new Dense(modelSize, modelSize, rng.split('out'));
  }

  /**
   * softmax(Q·Kᵀ/√S + mask)·V per head, then the output projection. x [B, T, C] -> [B, T, C].
   * `keyMask` [B, T] (1 = a real position, 0 = padding) keeps every query from attending to padded
   * keys, so a padded set of items (elements of a page, say) gives the same outputs at its real
   * positions as the unpadded set. Outputs at padded positions are meaningless; mask them downstream.
   */
  apply(x: tf.Tensor3D, keyMask?: tf.Tensor2D): tf.Tensor3D {
    const [batch, time] = x.shape;
    if (keyMask !== undefined && (keyMask.shape[0] !== batch || keyMask.shape[1] !== time)) {
      throw new Error(
        `keyMask has shape [${keyMask.shape}] but x needs [${batch}, ${time}] (1 = real, 0 = padding)`,
      );
    }
    return tf.tidy(() => {
      const { numHeads: heads, headSize: size } = this;
      const toHeads = (t: tf.Tensor) => t.reshape([batch, time, heads, size]).transpose([0, 2, 1, 3]); // [B, H, T, S]
      const [q, k, v] = tf.split(this.queryKeyValue.apply(x), 3, -1).map(toHeads); // 3 × [B, H, T, S]
      let scores = tf.matMul(q!, k!, false, true).mul(1 / Math.sqrt(size)); // [B, H, T, T]
      if (this.isCausal) scores = scores.add(causalMask(time));
      if (keyMask !== undefined) scores = scores.add(paddingMask(keyMask)); // [B, 1, 1, T] broadcast
      const attended = tf.matMul(tf.softmax(scores), v!); // [B, H, T, S]
      const merged = attended.transpose([0, 2, 1, 3]).reshape([batch, time, this.modelSize]); // [B, T, C]
      return this.output.apply(merged) as tf.Tensor3D;
    });
  }

  variables(): Variables {
    return { ...prefixed('qkv', this.queryKeyValue), ...prefixed('out', this.output) };
  }
}

/** Pre-LN block: x + attention(LN(x)), then x + MLP(LN(x)) with a 4C GELU hidden layer. */
export class TransformerBlock implements Module {
  readonly norm1: LayerNorm;
  readonly attention: MultiHeadAttention;
  readonly norm2: LayerNorm;
  readonly mlp: Mlp;

  constructor(modelSize: number, numHeads: number, rng: Rng, options: { isCausal?: boolean } = {}) {
    this.norm1 = new LayerNorm(modelSize);
    this.attention = new MultiHeadAttention(
      modelSize,
      numHeads,
      rng.split('attention'),
      options.isCausal ?? true,
    );
    this.norm2 = new LayerNorm(modelSize);
    this.mlp = new Mlp([modelSize, 4 * modelSize, modelSize], rng.split('mlp'), { activation: 'gelu' });
  }

  /** `keyMask` [B, T] as in MultiHeadAttention.apply. */
  apply(x: tf.Tensor3D, keyMask?: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const attended = this.attention.apply(this.norm1.apply(x) as tf.Tensor3D, keyMask);
      const afterAttention = x.add(attended); // [B, T, C]
      return afterAttention.add(this.mlp.apply(this.norm2.apply(afterAttention))) as tf.Tensor3D;
    });
  }

  variables(): Variables {
    return {
      ...prefixed('norm1', this.norm1),
      ...prefixed('attention', this.attention),
      ...prefixed('norm2', this.norm2),
      ...prefixed('mlp', this.mlp),
    };
  }
}
