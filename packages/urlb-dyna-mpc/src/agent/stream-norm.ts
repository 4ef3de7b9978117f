// StreamNorm of brief §3.3: mag ← m·mag + (1 − m)·mean|r|, mag₀ = 1, r ← r / (mag + 1e-8); m = 1 is off.
import { tf } from 'core-tensor';

export class StreamNorm {
  magnitude = 1;

  constructor(readonly momentum: number) {}

  /** Updates the running magnitude from `rewards` and returns them divided by it. */
  normalise(rewards: tf.Tensor): tf.Tensor {
    if (this.momentum >= 1) return rewards.clone();
    const meanAbs = tf.tidy(() => tf.abs(rewards).mean().dataSync()[0]!);
    this.magnitude = this.momentum * this.magnitude + (1 - this.momentum) * meanAbs;
    return tf.tidy(() => rewards.div(this.magnitude + 1e-8));
  }
}
