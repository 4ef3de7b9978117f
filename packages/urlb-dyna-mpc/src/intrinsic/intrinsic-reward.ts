// The interface every pre-training reward of brief §4 implements.
import type { Rng, tf, Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { IntrinsicMethod } from '../config.js';
import type { DecayedAdam } from '../model/optimizer.js';
import type { WorldModel, WorldModelUpdate } from '../model/world-model.js';
import type { Batch } from '../replay.js';

export interface IntrinsicReward {
  readonly method: IntrinsicMethod;
  /** StreamNorm momentum m of §4 (1 = off). */
  readonly rewardNormMomentum: number;
  /** False for the random agent: its actor stays at its initialisation (§4). */
  readonly trainsActor: boolean;
  /** True when the reward head learns labels written into the batch (ICM, RND). */
  readonly labelsBatch: boolean;
  /** ICM / RND: reward labels [B, T] for the batch, computed before the world-model update. */
  relabel?(batch: Batch, worldModel: WorldModel): tf.Tensor2D;
  /** Trains the method's own networks on the world-model update's outputs; returns losses. */
  train(update: WorldModelUpdate, worldModel: WorldModel, rng: Rng): Record<string, number>;
  /** The reward in imagination, [H+1, N]. */
  reward(imagination: Imagination, worldModel: WorldModel): tf.Tensor2D;
  variables(): Variables;
  /** The method's own optimiser, if it trains networks (for checkpoints). */
  readonly optimizer?: DecayedAdam;
  /** Frees the method's networks and optimiser moments; whoever created it calls this. */
  dispose(): void;
}
