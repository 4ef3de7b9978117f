// Plan2Explore (brief §4): K MLPs [feat_t, a_{t+1}] -> hidden ReLU -> e_{t+1}, trained on the mean
// L2 norm of the error (not squared) on sg(feat), sg(embed); in imagination r_0 = 0 and r_t is the
// variance across members of the predictions for (feat_{t−1}, sg(a_t)), averaged over dimensions.
import { disposeModule, Mlp, prefixed, type Rng, stopGradient, tf, type Variables } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { AgentConfig } from '../config.js';
import { DecayedAdam } from '../model/optimizer.js';
import type { WorldModel, WorldModelUpdate } from '../model/world-model.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

/** Variance across members, averaged over output dimensions: predictions [K, ..., E] -> [...]. */
export function ensembleDisagreement(predictions: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.moments(predictions, 0).variance.mean(-1));
}

export class Plan2ExploreReward implements IntrinsicReward {
  readonly method = 'plan2explore' as const;
  readonly rewardNormMomentum: number;
  readonly trainsActor = true;
  readonly labelsBatch = false;
  readonly members: Mlp[];
  readonly optimizer: DecayedAdam;

  constructor(featureSize: number, actionSize: number, embedSize: number, config: AgentConfig, rng: Rng) {
    this.rewardNormMomentum = config.rewardNormMomentum;
    this.members = Array.from(
      { length: config.ensembleSize },
      (_, k) =>
        new Mlp([featureSize + actionSize, embedSize, embedSize], rng.split(`member${k}`), {
          activation: 'relu',
        }),
    );
    this.optimizer = new DecayedAdam(config.modelLr, {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    });
  }

  /** Predictions of every member for inputs [..., F + A] -> [K, ..., E]. */
  predict(inputs: tf.Tensor): tf.Tensor {
    return tf.stack(this.members.map((member) => member.apply(inputs)));
  }

  train(update: WorldModelUpdate, worldModel: WorldModel): Record<string, number> {
    // Rows are time-major (t·B + b); pair feat_t with (a_{t+1}, e_{t+1}) inside each sequence.
    const batch = update.batchSize;
    const rows = update.embed.shape[0];
    const inputs = tf.tidy(() => {
      const feat = worldModel.rssm.feature(update.posterior);
      return tf.concat(
        [tf.slice(feat, [0, 0], [rows - batch, -1]), tf.slice(update.action, [batch, 0], [rows - batch, -1])],
        1,
      );
    });
    const target = tf.tidy(() => tf.slice(update.embed, [batch, 0], [rows - batch, -1]));
    const ensembleLoss = this.optimizer.minimize(
      () => this.predict(inputs).sub(target).square().sum(-1).add(1e-8).sqrt().mean() as tf.Scalar,
      this.variables(),
    );
    tf.dispose([inputs, target]);
    return { ensembleLoss };
  }

  reward(imagination: Imagination): tf.Tensor2D {
    return tf.tidy(() => {
      const horizon = imagination.features.shape[0] - 1;
      const previous = tf.slice(imagination.features, [0, 0, 0], [horizon, -1, -1]);
      // The official compute_intr_reward detaches the action (stop_gradient(seq['action'][1:])):
      // the actor is rewarded for reaching uncertain states, not for steering the ensemble's input.
      const actions = stopGradient(tf.slice(imagination.actions, [1, 0, 0], [horizon, -1, -1]));
      const disagreement = ensembleDisagreement(this.predict(tf.concat([previous, actions], 2))); // [H, N]
      return tf.concat(
        [tf.zerosLike(tf.slice(disagreement, [0, 0], [1, -1])), disagreement],
        0,
      ) as tf.Tensor2D;
    });
  }

  variables(): Variables {
    return Object.assign({}, ...this.members.map((member, k) => prefixed(`p2e.${k}`, member)));
  }

  dispose(): void {
    disposeModule(this);
    this.optimizer.dispose();
  }
}
