// The random PT agent (brief §4): uniform random actions for the whole of PT, only the world model
// trains; its actor keeps its initialisation and is still copied at FT.
import { tf, type Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

export class RandomExplorer implements IntrinsicReward {
  readonly method = 'random' as const;
  readonly rewardNormMomentum = 1;
  readonly trainsActor = false;
  readonly labelsBatch = false;

  train(): Record<string, number> {
    return {};
  }

  reward(imagination: Imagination): tf.Tensor2D {
    return tf.zeros(imagination.features.shape.slice(0, 2) as [number, number]);
  }

  variables(): Variables {
    return {};
  }

  /** Nothing to free: no networks of its own. */
  dispose(): void {}
}
