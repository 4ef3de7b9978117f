// λ-return of brief §3.3: V_t = r_t + γ[(1 − λ) v_{t+1} + λ V_{t+1}] for t = 0..H−1, V_H = v_H.
import { tf } from 'core-tensor';

/** rewards [H+1, N], values [H+1, N] -> returns [H, N] (rows t = 0..H−1). */
export function lambdaReturn(
  rewards: tf.Tensor2D,
  values: tf.Tensor2D,
  discount: number,
  lambda: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const horizon = rewards.shape[0] - 1;
    const r = tf.unstack(rewards);
    const v = tf.unstack(values);
    let next = v[horizon]!; // V_H = v_H
    const out: tf.Tensor[] = [];
    for (let t = horizon - 1; t >= 0; t--) {
      next = r[t]!.add(
        v[t + 1]!.mul(1 - lambda)
          .add(next.mul(lambda))
          .mul(discount),
      );
      out.unshift(next);
    }
    return tf.stack(out) as tf.Tensor2D;
  });
}
