// Distributions of brief §3.2 / §3.3: straight-through categorical latents, categorical KL and
// KL balancing, the actor head's parameters, and unit-variance Normal likelihoods. The actor's
// truncated Normal itself lives in trunc-normal.ts.
import { type Rng, stopGradient, straightThrough, tf } from 'core-tensor';

/**
 * One-hot sample per categorical with a straight-through gradient (§3.2): Gumbel-max on the
 * stop-gradient logits gives the draw; the gradient flows to softmax(logits).
 * logits [N, S, C] -> sample [N, S, C].
 */
export function sampleCategorical(logits: tf.Tensor3D, rng: Rng): tf.Tensor3D {
  return tf.tidy(() => {
    const fixed = stopGradient(logits);
    const uniform = tf.randomUniform(logits.shape, 1e-6, 1 - 1e-6, 'float32', rng.tfSeed());
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(uniform))));
    const index = tf.argMax(fixed.add(gumbel), -1); // [N, S]
    const draw = tf.cast(tf.oneHot(tf.cast(index, 'int32'), logits.shape[2]), 'float32');
    return straightThrough(draw, tf.softmax(logits)) as tf.Tensor3D;
  });
}

/** KL[q ‖ p] of independent categoricals, summed over the S categoricals: [N, S, C] -> [N]. */
export function categoricalKl(qLogits: tf.Tensor, pLogits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(qLogits);
    const logP = tf.logSoftmax(pLogits);
    const n = qLogits.shape[0]!;
    return tf.exp(logQ).mul(logQ.sub(logP)).reshape([n, -1]).sum(1) as tf.Tensor1D;
  });
}

/**
 * KL balancing (§3.2): 0.8·max(mean KL[sg(q) ‖ p], free) + 0.2·max(mean KL[q ‖ sg(p)], free).
 * Returns the loss and the per-row value KL[q ‖ sg(p)] (stop-gradient; LBS regresses it).
 */
export function klBalance(
  postLogits: tf.Tensor,
  priorLogits: tf.Tensor,
  balance = 0.8,
  freeNats = 1,
): { loss: tf.Scalar; value: tf.Tensor1D } {
  const priorTerm = categoricalKl(stopGradient(postLogits), priorLogits).mean();
  const postTerm = categoricalKl(postLogits, stopGradient(priorLogits)).mean();
  const loss = tf
    .maximum(priorTerm, freeNats)
    .mul(balance)
    .add(tf.maximum(postTerm, freeNats).mul(1 - balance)) as tf.Scalar;
  const value = stopGradient(categoricalKl(postLogits, priorLogits));
  return { loss, value };
}

/** −log N(x; μ, 1) summed over the last axis: [..., D] -> [...]. */
export function unitNormalNll(mean: tf.Tensor, target: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    target
      .sub(mean)
      .square()
      .mul(0.5)
      .add(0.5 * Math.log(2 * Math.PI))
      .sum(-1),
  );
}

/** The actor head's parameters (§3.3): mean = tanh(o₁), std = 2·σ(o₂/2) + 0.1. */
export function actorDistribution(
  output: tf.Tensor,
  actionSize: number,
): { mean: tf.Tensor; std: tf.Tensor } {
  const leading = output.shape.slice(0, -1);
  const raw = output.reshape([-1, 2 * actionSize]);
  const mean = tf.tanh(tf.slice(raw, [0, 0], [-1, actionSize])).reshape([...leading, actionSize]);
  const std = tf
    .sigmoid(tf.slice(raw, [0, actionSize], [-1, actionSize]).div(2))
    .mul(2)
    .add(0.1)
    .reshape([...leading, actionSize]);
  return { mean, std };
}
