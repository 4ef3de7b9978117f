// The two losses of actor-critic in imagination (brief §3.3), as functions of tensors only, so each
// is checked against a hand computation. Shapes: H horizon, N imagination starts.
import { tf } from 'core-tensor';

/**
 * Actor loss, brief §3.3: −mean_{t=0..H−2} w_t (V_{t+1} + η·Ent_t).
 * returns: λ-returns V_0..V_{H−1} [H, N]; entropy: Ent_t from t = 0 [≥ H−1, N]; weights: w_t = γ^t [≥ H−1, 1].
 */
export function actorLoss(
  returns: tf.Tensor2D,
  entropy: tf.Tensor2D,
  weights: tf.Tensor2D,
  entropyScale: number,
): tf.Scalar {
  const horizon = returns.shape[0];
  return tf
    .slice(returns, [1, 0], [horizon - 1, -1])
    .add(tf.slice(entropy, [0, 0], [horizon - 1, -1]).mul(entropyScale))
    .mul(tf.slice(weights, [0, 0], [horizon - 1, -1]))
    .mean()
    .neg() as tf.Scalar;
}

/**
 * Critic loss, brief §3.3: mean_{t=0..H−1} w_t · ½ (v(sg feat_t) − sg V_t)².
 * values: v_t [H, N]; targets: V_t [H, N] (already stop-gradient); weights: w_t [≥ H, 1].
 */
export function criticLoss(values: tf.Tensor2D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  const horizon = values.shape[0];
  return values
    .sub(targets)
    .square()
    .mul(0.5)
    .mul(tf.slice(weights, [0, 0], [horizon, -1]))
    .mean() as tf.Scalar;
}
