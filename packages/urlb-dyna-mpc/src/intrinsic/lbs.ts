// LBS, latent Bayesian surprise (brief §4): a head on sg(feat) regresses the per-step
// KL[q ‖ sg(p)] with a unit-variance Normal; in imagination r_t is the head's mean at feat_t.
import { disposeModule, type Mlp, prefixed, type Rng, stopGradient, tf } from 'core-tensor';
import type { Imagination } from '../agent/actor-critic.js';
import type { AgentConfig } from '../config.js';
import { unitNormalNll } from '../model/distributions.js';
import { mlpHead } from '../model/heads.js';
import { DecayedAdam } from '../model/optimizer.js';
import type { WorldModel, WorldModelUpdate } from '../model/world-model.js';
import type { IntrinsicReward } from './intrinsic-reward.js';

export class LbsReward implements IntrinsicReward {
  readonly method = 'lbs' as const;
  readonly rewardNormMomentum: number;
  readonly trainsActor = true;
  readonly labelsBatch = false;
  readonly head: Mlp;
  readonly optimizer: DecayedAdam;

  constructor(featureSize: number, config: AgentConfig, rng: Rng) {
    this.rewardNormMomentum = config.rewardNormMomentum;
    this.head = mlpHead(featureSize, 1, config.model.mlpLayers, config.model.mlpUnits, rng);
    this.optimizer = new DecayedAdam(config.modelLr, {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    });
  }

  /** −log N(KL; head(sg feat), 1), mean over rows. */
  loss(features: tf.Tensor2D, klTarget: tf.Tensor1D): tf.Scalar {
    return unitNormalNll(
      this.head.apply(stopGradient(features)),
      klTarget.reshape([-1, 1]),
    ).mean() as tf.Scalar;
  }

  train(update: WorldModelUpdate, worldModel: WorldModel): Record<string, number> {
    const features = worldModel.rssm.feature(update.posterior);
    const lbsLoss = this.optimizer.minimize(
      () => this.loss(features, update.klValue),
      prefixed('lbs', this.head),
    );
    features.dispose();
    return { lbsLoss };
  }

  reward(imagination: Imagination): tf.Tensor2D {
    return tf.tidy(() => this.head.apply(imagination.features).squeeze([-1]) as tf.Tensor2D);
  }

  variables() {
    return prefixed('lbs', this.head);
  }

  dispose(): void {
    disposeModule(this);
    this.optimizer.dispose();
  }
}
