// The student network of brief §6.2: a small pointer network. B batch, E elements (64), T tokens per
// element (8), G goal tokens (32), D embedding width (32), H width (64), K verbs (8).
// Embeddings go only through core-tensor's Embedding (scatter-add gradient); target log-probs are
// picked with one-hot masks built in JS, never with gather (brief §6.4).
import {
  Dense,
  Embedding,
  Mlp,
  normalInit,
  prefixed,
  type Rng,
  TransformerBlock,
  tf,
  type Variables,
} from 'core-tensor';
import { dims, elementFeatureWidth, studentVerbs } from '../data/featurise.js';
import { numberFeatureWidth } from '../data/number-features.js';
import type { Batch } from './batch.js';
import { elementInputs, elementInputWidth, type StudentVariant } from './variant.js';

const NEG = -1e9;
/** Goal tokens seen on each side of a goal token (ours: README "Departures"). */
export const goalContext = 2;

/**
 * Each goal token's embedding with its ±goalContext neighbours' and its relative position:
 * [B, G, D] -> [B, G, (2c+1)·D + 1]. Without the neighbours the span pointer cannot tell the
 * username from the password in `the username "lev" and the password "anchor83"`.
 */
export function goalWindows(emb: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, G, D] = emb.shape;
    const parts: tf.Tensor3D[] = [emb];
    for (let k = 1; k <= goalContext; k++) {
      parts.push(
        tf
          .pad(emb, [
            [0, 0],
            [k, 0],
            [0, 0],
          ])
          .slice([0, 0, 0], [B, G, D]),
      ); // token j−k
      parts.push(
        tf
          .pad(emb, [
            [0, 0],
            [0, k],
            [0, 0],
          ])
          .slice([0, k, 0], [B, G, D]),
      ); // token j+k
    }
    const position = tf.range(0, G).div(G).reshape([1, G, 1]).tile([B, 1, 1]) as tf.Tensor3D;
    return tf.concat([...parts, position], 2) as tf.Tensor3D;
  });
}

/** s = wᵀ tanh(Σ W_i x_i): inputs are [B, N, H] (per item) or [B, H] (broadcast over N) -> [B, N]. */
class Pointer {
  readonly projections: Dense[];
  readonly score: Dense;
  constructor(inputs: number, width: number, rng: Rng) {
    this.projections = Array.from(
      { length: inputs },
      (_, i) => new Dense(width, width, rng.split(`w${i}`), { bias: i === 0 }),
    );
    this.score = new Dense(width, 1, rng.split('score'), { bias: false });
  }
  apply(items: tf.Tensor3D, ...context: tf.Tensor2D[]): tf.Tensor2D {
    return tf.tidy(() => {
      let sum = this.projections[0]!.apply(items); // [B, N, H]
      context.forEach((x, i) => {
        sum = sum.add(this.projections[i + 1]!.apply(x).expandDims(1)); // + [B, 1, H]
      });
      return this.score.apply(tf.tanh(sum)).squeeze([2]) as tf.Tensor2D; // [B, N]
    });
  }
  variables(): Variables {
    return Object.assign(
      {},
      ...this.projections.map((p, i) => prefixed(`w${i}`, p)),
      prefixed('score', this.score),
    );
  }
}

export interface Encoded {
  h: tf.Tensor3D; // [B, E, H] element encodings
  u: tf.Tensor3D; // [B, G, H] goal token encodings
  c: tf.Tensor2D; // [B, H] context
}

export interface BatchTensors {
  elTokens: tf.Tensor3D; // [B, E, T] int32
  elTokenMask: tf.Tensor3D; // [B, E, T]
  elFeatures: tf.Tensor3D; // [B, E, F]
  elNumbers: tf.Tensor3D; // [B, E, N] numeric features (read by 'plain' and 'attention' only)
  elMask: tf.Tensor2D; // [B, E]
  goalIds: tf.Tensor2D; // [B, G] int32
  goalMask: tf.Tensor2D; // [B, G]
  global: tf.Tensor2D; // [B, 16]
}

export function inputTensors(batch: Batch): BatchTensors {
  const { tokensPerElement: T, goalTokens: G, globalWidth } = dims;
  const B = batch.size;
  const E = batch.elements;
  return {
    elTokens: tf.tensor3d(batch.elTokens, [B, E, T], 'int32'),
    elTokenMask: tf.tensor3d(batch.elTokenMask, [B, E, T]),
    elFeatures: tf.tensor3d(batch.elFeatures, [B, E, elementFeatureWidth]),
    elNumbers: tf.tensor3d(batch.elNumbers, [B, E, numberFeatureWidth]),
    elMask: tf.tensor2d(batch.elMask, [B, E]),
    goalIds: tf.tensor2d(batch.goalIds, [B, G], 'int32'),
    goalMask: tf.tensor2d(batch.goalMask, [B, G]),
    global: tf.tensor2d(batch.global, [B, globalWidth]),
  };
}

/** Masked log-softmax over the last axis: log p with masked entries at −1e9. */
export function maskedLogSoftmax(logits: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.logSoftmax(logits.add(tf.sub(1, mask).mul(NEG))));
}

export class StudentNet {
  readonly width: number;
  readonly variant: StudentVariant;
  /** 'attention' only: one pre-LN transformer block over the elements, padding keys masked */
  readonly elementAttention: TransformerBlock | null;
  readonly embedding: Embedding;
  readonly elementMlp: Mlp;
  readonly goalProjection: Dense;
  readonly goalQuery: tf.Variable;
  readonly contextMlp: Mlp;
  readonly progressHead: Dense;
  readonly subgoalPointer: Pointer;
  readonly subgoalNone: Dense;
  readonly thoughtProjection: Dense;
  readonly nullThought: tf.Variable;
  readonly verbMlp: Mlp;
  readonly verbEmbedding: Dense;
  readonly elementPointer: Pointer;
  readonly sourceHead: Dense;
  readonly startPointer: Pointer;
  readonly endPointer: Pointer;
  readonly textPointer: Pointer;

  constructor(rng: Rng, options: { width?: number; embed?: number; variant?: StudentVariant } = {}) {
    const H = options.width ?? 64;
    const D = options.embed ?? 32;
    this.width = H;
    this.variant = options.variant ?? 'detectors';
    this.embedding = new Embedding(dims.vocab, D, rng.split('embedding'), { std: 0.1 });
    this.elementMlp = new Mlp([D + elementInputWidth(this.variant), H, H], rng.split('element'), {
      outputActivation: 'relu',
    });
    this.goalProjection = new Dense(D * (2 * goalContext + 1) + 1, H, rng.split('goal'));
    this.goalQuery = normalInit([H], 0.1, rng);
    this.contextMlp = new Mlp([3 * H + dims.globalWidth, H, H], rng.split('context'), {
      outputActivation: 'relu',
    });
    this.progressHead = new Dense(H, 4, rng.split('progress'));
    this.subgoalPointer = new Pointer(2, H, rng.split('subgoal'));
    this.subgoalNone = new Dense(H, 1, rng.split('subgoalNone'));
    this.thoughtProjection = new Dense(H + 4, H, rng.split('thought'));
    this.nullThought = normalInit([H], 0.1, rng);
    this.verbMlp = new Mlp([2 * H, H, studentVerbs.length], rng.split('verb'));
    this.verbEmbedding = new Dense(studentVerbs.length, H, rng.split('verbEmbedding'), { bias: false });
    this.elementPointer = new Pointer(4, H, rng.split('elementPointer'));
    this.sourceHead = new Dense(3 * H, 2, rng.split('source'));
    this.startPointer = new Pointer(3, H, rng.split('start'));
    this.endPointer = new Pointer(4, H, rng.split('end'));
    this.textPointer = new Pointer(3, H, rng.split('text'));
    // brief §6.2 "1 self-attention layer over {h_e} (2 heads, d = 64, residual + layer norm)"; not
    // causal: elements form a set, and their order is only in their features.
    this.elementAttention =
      this.variant === 'attention'
        ? new TransformerBlock(H, 2, rng.split('elementAttention'), { isCausal: false })
        : null;
  }

  /** Element, goal and context encodings (brief §6.2 rows 1–4). */
  encode(x: BatchTensors): Encoded {
    return tf.tidy(() => {
      const tokens = this.embedding.apply(x.elTokens); // [B, E, T, D]
      const tokenMask = x.elTokenMask.expandDims(3); // [B, E, T, 1]
      const text = tokens.mul(tokenMask).sum(2).div(tokenMask.sum(2).maximum(1)); // [B, E, D]
      const elMask3 = x.elMask.expandDims(2); // [B, E, 1]
      const features = elementInputs(this.variant, x.elFeatures, x.elNumbers); // [B, E, F]
      let h = this.elementMlp.apply(tf.concat([text, features], 2)).mul(elMask3) as tf.Tensor3D; // [B, E, H]
      // brief §6.2 self-attention: h_e ← h_e + Attn(LN h)_e, then + MLP; padded elements are masked
      // as keys, and their own (meaningless) rows are zeroed again.
      if (this.elementAttention) h = this.elementAttention.apply(h, x.elMask).mul(elMask3) as tf.Tensor3D; // [B, E, H]
      const u = this.goalProjection.apply(
        goalWindows(this.embedding.apply(x.goalIds) as tf.Tensor3D),
      ) as tf.Tensor3D; // [B, G, H]
      const attention = tf.softmax(u.mul(this.goalQuery).sum(2).add(tf.sub(1, x.goalMask).mul(NEG))); // [B, G]
      const g = u.mul(attention.expandDims(2)).sum(1); // [B, H]
      const hMax = h.add(tf.sub(1, elMask3).mul(NEG)).max(1); // [B, H]
      const hMean = h.sum(1).div(x.elMask.sum(1, true).maximum(1)); // [B, H]
      const c = this.contextMlp.apply(tf.concat([g, hMax, hMean, x.global], 1)) as tf.Tensor2D; // [B, H]
      return { h, u, c };
    });
  }

  /** Row-select [B, N, H] by one-hot [B, N] -> [B, H]. */
  static pick(items: tf.Tensor3D, oneHot: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => items.mul(oneHot.expandDims(2)).sum(1) as tf.Tensor2D);
  }

  /** Thought head logits: progress [B, 4] and sub-goal [B, E + 1] (last = none). */
  thoughtLogits(enc: Encoded): { progress: tf.Tensor2D; subgoal: tf.Tensor2D } {
    return tf.tidy(() => ({
      progress: this.progressHead.apply(enc.c) as tf.Tensor2D,
      subgoal: tf.concat(
        [this.subgoalPointer.apply(enc.h, enc.c), this.subgoalNone.apply(enc.c)],
        1,
      ) as tf.Tensor2D,
    }));
  }

  /** Thought embedding t = Dense([h_{e_c}; onehot(progress)]), mixed with t_∅ where feed = 0. */
  thoughtEmbedding(
    enc: Encoded,
    subgoalOneHot: tf.Tensor2D,
    progressOneHot: tf.Tensor2D,
    feed: tf.Tensor1D,
  ): tf.Tensor2D {
    return tf.tidy(() => {
      const E = enc.h.shape[1];
      const elementPart = subgoalOneHot.slice([0, 0], [-1, E]) as tf.Tensor2D; // 'none' gives zeros
      const gold = this.thoughtProjection.apply(
        tf.concat([StudentNet.pick(enc.h, elementPart), progressOneHot], 1),
      ); // [B, H]
      const f = feed.expandDims(1); // [B, 1]
      return gold.mul(f).add(this.nullThought.expandDims(0).mul(tf.sub(1, f))) as tf.Tensor2D;
    });
  }

  verbLogits(enc: Encoded, t: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.verbMlp.apply(tf.concat([enc.c, t], 1)) as tf.Tensor2D); // [B, K]
  }

  elementLogits(enc: Encoded, verbOneHot: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      this.elementPointer.apply(enc.h, enc.c, this.verbEmbedding.apply(verbOneHot) as tf.Tensor2D, t),
    ); // [B, E]
  }

  sourceLogits(enc: Encoded, t: tf.Tensor2D, hStar: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.sourceHead.apply(tf.concat([enc.c, t, hStar], 1)) as tf.Tensor2D); // [B, 2]
  }

  startLogits(enc: Encoded, hStar: tf.Tensor2D): tf.Tensor2D {
    return this.startPointer.apply(enc.u, enc.c, hStar); // [B, G]
  }

  endLogits(enc: Encoded, hStar: tf.Tensor2D, startOneHot: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.endPointer.apply(enc.u, enc.c, hStar, StudentNet.pick(enc.u, startOneHot))); // [B, G]
  }

  textElementLogits(enc: Encoded, hStar: tf.Tensor2D): tf.Tensor2D {
    return this.textPointer.apply(enc.h, enc.c, hStar); // [B, E]
  }

  variables(): Variables {
    return {
      ...prefixed('embedding', this.embedding),
      ...prefixed('elementMlp', this.elementMlp),
      ...prefixed('goalProjection', this.goalProjection),
      goalQuery: this.goalQuery,
      ...prefixed('contextMlp', this.contextMlp),
      ...prefixed('progressHead', this.progressHead),
      ...prefixed('subgoalPointer', this.subgoalPointer),
      ...prefixed('subgoalNone', this.subgoalNone),
      ...prefixed('thoughtProjection', this.thoughtProjection),
      nullThought: this.nullThought,
      ...prefixed('verbMlp', this.verbMlp),
      ...prefixed('verbEmbedding', this.verbEmbedding),
      ...prefixed('elementPointer', this.elementPointer),
      ...prefixed('sourceHead', this.sourceHead),
      ...prefixed('startPointer', this.startPointer),
      ...prefixed('endPointer', this.endPointer),
      ...prefixed('textPointer', this.textPointer),
      ...(this.elementAttention ? prefixed('elementAttention', this.elementAttention) : {}),
    };
  }

  dispose(): void {
    for (const v of Object.values(this.variables())) v.dispose();
  }
}

/** Mask for end ≥ start given the start one-hot: [B, G] (cumulative sum of the start one-hot). */
export function endMask(startOneHot: tf.Tensor2D, goalMask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.cumsum(startOneHot, 1).mul(goalMask) as tf.Tensor2D);
}
