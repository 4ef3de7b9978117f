// APT (brief §4): particle entropy on imagined h. For each state, the mean distance to its k
// nearest neighbours among the imagined states, r = log(1 + ·), no running normalisation. [ours]
// Neighbours are always searched within one imagination step (the brief allows it above 4096 states).
import { tf, type Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

/** points [N, D] -> mean distance to the k nearest other points [N] (differentiable in the points). */
export function knnMeanDistance(points: tf.Tensor2D, k: number): tf.Tensor1D {
  return tf.tidy(() => {
    const n = points.shape[0];
    const neighbours = Math.min(k, n - 1);
    if (neighbours < 1) return tf.zeros([n]) as tf.Tensor1D;
    const squared = points.square().sum(1);
    const distances = squared
      .reshape([n, 1])
      .add(squared.reshape([1, n]))
      .sub(tf.matMul(points, points, false, true).mul(2))
      .relu()
      .add(1e-12)
      .sqrt(); // [N, N]
    // Neighbour choice is discrete (no gradient): pick it on the values, JS-side (tfjs has no TopK gradient).
    const values = distances.dataSync();
    const selection = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      const order = Array.from({ length: n }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => values[i * n + a]! - values[i * n + b]!);
      for (const j of order.slice(0, neighbours)) selection[i * n + j] = 1;
    }
    return distances
      .mul(tf.tensor2d(selection, [n, n]))
      .sum(1)
      .div(neighbours) as tf.Tensor1D;
  });
}

export class AptReward implements IntrinsicReward {
  readonly method = 'apt' as const;
  readonly trainsActor = true;
  readonly labelsBatch = false;

  constructor(
    readonly rewardNormMomentum: number,
    readonly neighbours: number,
  ) {}

  train(): Record<string, number> {
    return {};
  }

  reward(imagination: Imagination): tf.Tensor2D {
    return tf.tidy(() => {
      const steps = tf.unstack(imagination.deterministic) as tf.Tensor2D[];
      return tf.stack(steps.map((h) => tf.log1p(knnMeanDistance(h, this.neighbours)))) as tf.Tensor2D;
    });
  }

  variables(): Variables {
    return {};
  }

  /** Nothing to free: no networks of its own. */
  dispose(): void {}
}
