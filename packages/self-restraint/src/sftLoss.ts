// The SFT objective (issue 15, point 4) [O]. Token-level NLL over a batch that mixes answers with
// replayed documents gave an `<idk>` target about 1.4% of the loss: a one-token abstention is drowned
// by ten-token biographies and documents. The sequence-level objective gives every target sequence
// the same weight (its mean token NLL), and with class balance abstentions and answers each carry
// half of the target loss; replayed documents keep their token-level NLL, added with weight
// replayFrac / (1 − replayFrac) (1 at the default 0.5).
import { tf } from 'core-tensor';
import { nllLoss, sequenceLogProbs, type TinyLM, type TokenBatch } from './model.js';

/** Per-row weights summing to 1: equal per row, or half per class when both classes are present. */
export function rowWeights(abstains: readonly boolean[], balance: boolean): number[] {
  const n = abstains.length;
  if (n === 0) throw new Error('rowWeights: an empty batch has no rows to weight');
  const abstaining = abstains.filter(Boolean).length;
  if (!balance || abstaining === 0 || abstaining === n) return abstains.map(() => 1 / n);
  // class balance: each class carries half of the weight
  return abstains.map((a) => (a ? 0.5 / abstaining : 0.5 / (n - abstaining)));
}

/** Scored tokens per row of a batch. */
export function rowTokenCounts(batch: TokenBatch): number[] {
  return Array.from({ length: batch.rows }, (_, i) => {
    let count = 0;
    for (let t = 0; t < batch.length; t++) count += batch.mask[i * batch.length + t]!;
    return count;
  });
}

/** Σ_i w_i · (−log π(y_i) / |y_i|): the weighted mean of per-sequence mean token NLL. */
export function sequenceLevelLoss(model: TinyLM, batch: TokenBatch, weights: readonly number[]): tf.Scalar {
  if (weights.length !== batch.rows)
    throw new Error(`sequenceLevelLoss: ${weights.length} weights for ${batch.rows} rows`);
  const perToken = rowTokenCounts(batch).map((count, i) => weights[i]! / Math.max(1, count));
  return tf.tidy(() => sequenceLogProbs(model, batch).mul(tf.tensor1d(perToken)).sum().neg() as tf.Scalar);
}

/** Target loss plus the replayed documents' token-level NLL, weighted replayFrac / (1 − replayFrac). */
export function sftObjective(
  model: TinyLM,
  targets: TokenBatch,
  weights: readonly number[],
  replay: TokenBatch | undefined,
  replayFrac: number,
): tf.Scalar {
  return tf.tidy(() => {
    const targetLoss = sequenceLevelLoss(model, targets, weights);
    if (!replay) return targetLoss;
    return targetLoss.add(nllLoss(model, replay).mul(replayFrac / (1 - replayFrac))) as tf.Scalar;
  });
}
