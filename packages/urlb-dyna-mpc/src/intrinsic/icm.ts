// ICM (brief §4): a forward MLP (e_t, a_{t+1}) -> e_{t+1} on the current encoder's detached
// embeddings, trained on the L2 norm error; r = log(1 + ‖e_{t+1} − ê‖) is written into the batch as
// reward labels (with reward[:, 0] = 1, the official code's oddity) and the reward head learns them.
import { disposeModule, type Mlp, prefixed, type Rng, tf, type Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { AgentConfig } from '../config.js';
import { mlpHead } from '../model/heads.js';
import { DecayedAdam } from '../model/optimizer.js';
import { preprocess, type WorldModel, type WorldModelUpdate } from '../model/world-model.js';
import type { Batch } from '../replay.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

/** r = log(1 + ‖target − prediction‖) over the last axis. */
export function icmReward(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.log1p(target.sub(prediction).square().sum(-1).sqrt()));
}

export class IcmReward implements IntrinsicReward {
  readonly method = 'icm' as const;
  readonly rewardNormMomentum: number;
  readonly trainsActor = true;
  readonly labelsBatch = true;
  readonly forward: Mlp;
  readonly optimizer: DecayedAdam;

  constructor(embedSize: number, actionSize: number, config: AgentConfig, rng: Rng) {
    this.rewardNormMomentum = config.rewardNormMomentum;
    this.forward = mlpHead(embedSize + actionSize, embedSize, 1, config.model.mlpUnits, rng);
    this.optimizer = new DecayedAdam(config.modelLr, {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    });
  }

  relabel(batch: Batch, worldModel: WorldModel): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, t] = batch.rewards.shape;
      const embed = worldModel.encoder
        .apply(preprocess(batch.observations).reshape([b * t, ...batch.observations.shape.slice(2)]))
        .reshape([b, t, -1]);
      const current = tf.slice(embed, [0, 0, 0], [b, t - 1, -1]);
      const next = tf.slice(embed, [0, 1, 0], [b, t - 1, -1]);
      const action = tf.slice(batch.actions, [0, 1, 0], [b, t - 1, -1]);
      const reward = icmReward(next, this.forward.apply(tf.concat([current, action], 2))); // [B, T−1]
      return tf.concat([tf.ones([b, 1]), reward], 1) as tf.Tensor2D;
    });
  }

  train(update: WorldModelUpdate): Record<string, number> {
    const rows = update.embed.shape[0];
    const batch = update.batchSize;
    const inputs = tf.tidy(() =>
      tf.concat(
        [
          tf.slice(update.embed, [0, 0], [rows - batch, -1]),
          tf.slice(update.action, [batch, 0], [rows - batch, -1]),
        ],
        1,
      ),
    );
    const target = tf.tidy(() => tf.slice(update.embed, [batch, 0], [rows - batch, -1]));
    const icmLoss = this.optimizer.minimize(
      () => this.forward.apply(inputs).sub(target).square().sum(-1).add(1e-8).sqrt().mean() as tf.Scalar,
      this.variables(),
    );
    tf.dispose([inputs, target]);
    return { icmLoss };
  }

  reward(imagination: Imagination, worldModel: WorldModel): tf.Tensor2D {
    return worldModel.reward(imagination.features) as tf.Tensor2D;
  }

  variables(): Variables {
    return prefixed('icm', this.forward);
  }

  dispose(): void {
    disposeModule(this);
    this.optimizer.dispose();
  }
}
